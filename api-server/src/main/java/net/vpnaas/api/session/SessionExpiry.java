package net.vpnaas.api.session;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes sessions past their idle or absolute expiry and throttle counts whose window ended. Both
 * are refused by their queries already; this only keeps the tables small.
 */
@Component
class SessionExpiry {
    private static final Logger log = LoggerFactory.getLogger(SessionExpiry.class);
    private final Sessions sessions;
    private final SignInThrottle throttle;

    SessionExpiry(Sessions sessions, SignInThrottle throttle) {
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @Scheduled(fixedDelay = 10, initialDelay = 10, timeUnit = TimeUnit.MINUTES)
    void expire() {
        int ended = sessions.deleteExpired();
        int counts = throttle.deleteEnded();
        if (ended + counts > 0) {
            log.debug("deleted {} expired sessions and {} ended sign-in throttle counts", ended, counts);
        }
    }
}
