package net.vpnaas.api.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.api.agent.TunnelStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tunnels by status over all tenants, from one GROUP BY every 10 s rather than at scrape time, so
 * that scrapes (from several Prometheus servers, at any rate) never load the database. Every status
 * has a gauge, 0 when no tunnel is in it, so that dashboards see a series drop to 0 instead of
 * vanish. All replicas report the same figures: aggregate with max, not sum.
 */
@Component
class TunnelStatusGauges implements MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(TunnelStatusGauges.class);

    private final JdbcTemplate jdbc;
    private final Map<TunnelStatus, AtomicLong> counts = new EnumMap<>(TunnelStatus.class);

    TunnelStatusGauges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        for (TunnelStatus status : TunnelStatus.values()) counts.put(status, new AtomicLong());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counts.forEach((status, count) -> Gauge.builder("vpnaas.tunnels", count, AtomicLong::get)
                .description("tunnels by reported status (counted every 10 s)")
                .tag("status", status.name())
                .register(registry));
    }

    @Scheduled(fixedDelay = 10, initialDelay = 0, timeUnit = TimeUnit.SECONDS)
    void count() {
        Map<TunnelStatus, Long> seen = new EnumMap<>(TunnelStatus.class);
        try {
            jdbc.query("select status, count(*) from tunnel group by status", row -> {
                try {
                    seen.merge(TunnelStatus.valueOf(row.getString(1)), row.getLong(2), Long::sum);
                } catch (IllegalArgumentException e) {
                    log.warn("tunnel status '{}' in the database is not a known status; not counted", row.getString(1));
                }
            });
        } catch (DataAccessException e) {
            log.warn("counting tunnels by status failed; the gauges keep their last values: {}", e.getMessage());
            return;
        }
        counts.forEach((status, count) -> count.set(seen.getOrDefault(status, 0L)));
    }
}
