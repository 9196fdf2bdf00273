package net.vpnaas.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Connected remote-access sessions per endpoint (as the agents last reported them), counted like
 * {@link TunnelStatusGauges}: one GROUP BY every 10 s, never at scrape time. Every endpoint has a
 * series, 0 without sessions, so that a dashboard sees it drop to 0; a deleted endpoint's series
 * goes. All replicas report the same figures: aggregate with max, not sum.
 */
@Component
class RemoteAccessSessionGauges implements MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(RemoteAccessSessionGauges.class);

    private final JdbcTemplate jdbc;
    private volatile MultiGauge sessions;

    RemoteAccessSessionGauges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        sessions = MultiGauge.builder("vpnaas.remote.access.sessions")
                .description("connected remote-access sessions by endpoint (counted every 10 s)")
                .register(registry);
    }

    @Scheduled(fixedDelay = 10, initialDelay = 0, timeUnit = TimeUnit.SECONDS)
    void count() {
        MultiGauge gauge = sessions;
        if (gauge == null) return; // not bound to a registry yet
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try {
            jdbc.query("""
                    select e.id, e.gateway_id, count(s.session_id) from remote_access_endpoint e
                    left join remote_access_session s on s.endpoint_id = e.id group by e.id, e.gateway_id""",
                    row -> {
                        rows.add(MultiGauge.Row.of(Tags.of("endpoint", row.getString(1), "gateway", row.getString(2)), row.getLong(3)));
                    });
        } catch (DataAccessException e) {
            log.warn("counting remote-access sessions failed; the gauges keep their last values: {}", e.getMessage());
            return;
        }
        gauge.register(rows, true);
    }
}
