package net.vpnaas.api.idempotency;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Idempotency keys are honoured for 24 hours (clients retry within minutes); older records go. */
@Component
class IdempotencyRecordExpiry {
    static final Duration RETENTION = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(IdempotencyRecordExpiry.class);
    private final IdempotencyStore store;

    IdempotencyRecordExpiry(IdempotencyStore store) {
        this.store = store;
    }

    @Scheduled(fixedDelay = 1, timeUnit = java.util.concurrent.TimeUnit.HOURS, initialDelay = 1)
    void expire() {
        int n = store.deleteOlderThan(Instant.now().minus(RETENTION));
        if (n > 0) {
            log.info("expired {} idempotency records", n);
        }
    }
}
