package net.vpnaas.api.traffic;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.web.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads a tunnel's traffic history at a step, from the coarsest level that can serve it: hours
 * where the step is whole hours, minutes where it is whole minutes, the raw points otherwise and
 * for whatever the rollup has not folded yet. The three ranges are contiguous and never overlap, so
 * every stored row counts once.
 */
@Service
public class TrafficHistory {
    /** Enough for a chart as wide as a screen; more would only make the response large. */
    static final int MAX_POINTS = 1440;
    private static final long MINUTE = 60, HOUR = 3600;
    /** Default steps: the first that gives at most 360 points for the range asked. */
    private static final long[] STEPS = {10, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600};
    private static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final TrafficProperties properties;

    TrafficHistory(JdbcClient jdbc, TrafficProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public TrafficView read(Caller caller, UUID tunnelId, String fromText, String toText, Long stepSeconds) {
        boolean own = jdbc.sql("select exists (select 1 from tunnel where id = ? and tenant_id = ?)")
                .params(tunnelId, caller.tenantId()).query(Boolean.class).single();
        if (!own) {
            throw ApiException.notFound("tunnel");
        }
        Instant now = Instant.now();
        Instant to = toText == null ? now : instant("to", toText);
        Instant from = fromText == null ? to.minus(DEFAULT_RANGE) : instant("from", fromText);
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("from", "must be before to");
        }
        long range = Duration.between(from, to).toSeconds();
        long step = stepSeconds == null ? defaultStep(range) : stepSeconds;
        if (step < 1 || step > 31L * 24 * HOUR) {
            throw ApiException.badRequest("step", "must be between 1 and " + 31L * 24 * HOUR + " seconds");
        }
        // aligned to the step on the epoch, so that whole-minute and whole-hour steps meet whole buckets
        from = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), step) * step);
        // up from the instant itself: a point written at 12:00:10.3 belongs before a "to" of 12:00:10.3
        long toSeconds = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
        to = Instant.ofEpochSecond(Math.ceilDiv(toSeconds, step) * step);
        long points = Duration.between(from, to).toSeconds() / step;
        if (points > MAX_POINTS) {
            throw ApiException.badRequest("step", "gives " + points + " points from " + from + " to " + to + "; at most "
                    + MAX_POINTS + ": use a step of at least " + Math.ceilDiv(Duration.between(from, to).toSeconds(), MAX_POINTS) + " s");
        }
        boolean hours = step % HOUR == 0, minutes = step % MINUTE == 0;
        Duration kept = hours ? properties.hourRetention() : minutes ? properties.minuteRetention() : properties.rawRetention();
        if (from.isBefore(now.minus(kept))) {
            throw ApiException.badRequest("from", "traffic at a step of " + step + " s is kept for " + kept.toSeconds()
                    + " s; ask for a later from, or for a step in whole " + (minutes ? "hours" : "minutes") + " to see older traffic");
        }
        return new TrafficView(tunnelId, from, to, step, points(tunnelId, from, to, step, hours, minutes, (int) points));
    }

    private List<TrafficView.Point> points(UUID tunnel, Instant from, Instant to, long step, boolean hours, boolean minutes,
                                           int count) {
        Instant minuteDone = watermark("minute"), hourDone = watermark("hour");
        Instant hourEnd = hours ? clamp(hourDone, from, to) : from;
        Instant minuteEnd = minutes ? clamp(minuteDone, hourEnd, to) : hourEnd;
        long[][] sums = new long[count][4];
        jdbc.sql("""
                        with src (t, bytes_in, bytes_out, packets_in, packets_out) as (
                          select bucket, bytes_in, bytes_out, packets_in, packets_out from traffic_hour
                           where tunnel_id = ? and bucket >= ? and bucket < ?
                          union all
                          select bucket, bytes_in, bytes_out, packets_in, packets_out from traffic_minute
                           where tunnel_id = ? and bucket >= ? and bucket < ?
                          union all
                          select at, bytes_in, bytes_out, packets_in, packets_out from traffic_raw
                           where tunnel_id = ? and at >= ? and at < ?
                        )
                        select floor(extract(epoch from (t - ?)) / ?)::int as slot, sum(bytes_in), sum(bytes_out),
                               sum(packets_in), sum(packets_out)
                          from src group by 1""")
                .params(tunnel, ts(from), ts(hourEnd), tunnel, ts(hourEnd), ts(minuteEnd), tunnel, ts(minuteEnd), ts(to),
                        ts(from), step)
                .query(rs -> {
                    int slot = rs.getInt(1);
                    for (int i = 0; i < 4; i++) sums[slot][i] = rs.getLong(i + 2);
                });
        List<TrafficView.Point> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new TrafficView.Point(from.plusSeconds(i * step), sums[i][0], sums[i][1], sums[i][2], sums[i][3]));
        }
        return out;
    }

    private Instant watermark(String level) {
        return jdbc.sql("select done_until from traffic_rollup where level = ?").param(level)
                .query(OffsetDateTime.class).single().toInstant();
    }

    private static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static Instant clamp(Instant t, Instant low, Instant high) {
        return t.isBefore(low) ? low : t.isAfter(high) ? high : t;
    }

    private static long defaultStep(long rangeSeconds) {
        for (long s : STEPS) {
            if (rangeSeconds / s <= 360) return s;
        }
        return STEPS[STEPS.length - 1];
    }

    private static Instant instant(String parameter, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(parameter, "must be an RFC 3339 UTC timestamp, e.g. 2026-12-07T20:00:00Z");
        }
    }
}
