package net.vpnaas.api.traffic;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds finished minutes of traffic_raw into traffic_minute and finished hours of traffic_minute
 * into traffic_hour, each up to a watermark (traffic_rollup) moved in the same transaction, so a
 * row is summed exactly once whichever replica runs it (the watermark row's lock serializes them).
 * Then deletes what each level keeps no longer. One INSERT ... SELECT ... GROUP BY per level and
 * interval: the history is written in bulk, never a row per report per level.
 */
@Component
public class TrafficRollup {
    private static final Logger log = LoggerFactory.getLogger(TrafficRollup.class);
    /**
     * A minute is folded only once this much time has passed after it: the telemetry writer stamps
     * a row with its statement's start, and a slow write may commit a little later.
     */
    static final Duration SETTLE = Duration.ofSeconds(15);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TrafficProperties properties;

    TrafficRollup(JdbcClient jdbc, TransactionTemplate transactions, TrafficProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${vpnaas.traffic.rollup-interval:1m}", initialDelayString = "${vpnaas.traffic.rollup-interval:1m}")
    void scheduled() {
        try {
            run(Instant.now());
        } catch (RuntimeException e) {
            log.error("traffic history rollup failed", e);
        }
    }

    /** Folds everything finished by {@code now} and deletes what is past its retention. */
    public void run(Instant now) {
        OffsetDateTime settled = now.minus(SETTLE).atOffset(ZoneOffset.UTC);
        transactions.executeWithoutResult(tx -> {
            OffsetDateTime done = watermark("minute");
            OffsetDateTime until = settled.withSecond(0).withNano(0);
            if (until.isAfter(done)) {
                jdbc.sql("""
                                insert into traffic_minute (tunnel_id, bucket, bytes_in, bytes_out, packets_in, packets_out)
                                select tunnel_id, date_trunc('minute', at), sum(bytes_in), sum(bytes_out), sum(packets_in), sum(packets_out)
                                  from traffic_raw where at >= ? and at < ?
                                 group by 1, 2""" + ADD_ON_CONFLICT.formatted("traffic_minute"))
                        .params(done, until).update();
                jdbc.sql("update traffic_rollup set done_until = ? where level = 'minute'").param(until).update();
            }
        });
        transactions.executeWithoutResult(tx -> {
            OffsetDateTime done = watermark("hour");
            OffsetDateTime until = watermarkOutside("minute").withMinute(0);
            if (until.isAfter(done)) {
                jdbc.sql("""
                                insert into traffic_hour (tunnel_id, bucket, bytes_in, bytes_out, packets_in, packets_out)
                                select tunnel_id, date_trunc('hour', bucket), sum(bytes_in), sum(bytes_out), sum(packets_in), sum(packets_out)
                                  from traffic_minute where bucket >= ? and bucket < ?
                                 group by 1, 2""" + ADD_ON_CONFLICT.formatted("traffic_hour"))
                        .params(done, until).update();
                jdbc.sql("update traffic_rollup set done_until = ? where level = 'hour'").param(until).update();
            }
        });
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        // never a raw row that is not folded yet, however short the retention is configured
        OffsetDateTime rawCutoff = min(at.minus(properties.rawRetention()), watermarkOutside("minute"));
        jdbc.sql("delete from traffic_raw where at < ?").param(rawCutoff).update();
        OffsetDateTime minuteCutoff = min(at.minus(properties.minuteRetention()), watermarkOutside("hour"));
        jdbc.sql("delete from traffic_minute where bucket < ?").param(minuteCutoff).update();
        jdbc.sql("delete from traffic_hour where bucket < ?").param(at.minus(properties.hourRetention())).update();
    }

    /**
     * A level's rows are final once folded, but a (rare) second fold of a bucket that already has a
     * row, e.g. after the watermark was reset, adds to it rather than failing.
     */
    private static final String ADD_ON_CONFLICT = """

            on conflict (tunnel_id, bucket) do update set bytes_in = %1$s.bytes_in + excluded.bytes_in,
              bytes_out = %1$s.bytes_out + excluded.bytes_out, packets_in = %1$s.packets_in + excluded.packets_in,
              packets_out = %1$s.packets_out + excluded.packets_out""";

    /** The level's watermark, locked until the transaction ends. */
    private OffsetDateTime watermark(String level) {
        return jdbc.sql("select done_until from traffic_rollup where level = ? for update").param(level)
                .query(OffsetDateTime.class).single();
    }

    private OffsetDateTime watermarkOutside(String level) {
        return jdbc.sql("select done_until from traffic_rollup where level = ?").param(level).query(OffsetDateTime.class).single();
    }

    private static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
        return a.isBefore(b) ? a : b;
    }
}
