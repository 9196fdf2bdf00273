package net.vpnaas.api.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The gateways' IKE flood defences (RFC 8019) over all connected agents, as their agents last
 * reported them: agents by defence level, the half-open IKE SAs they hold, the highest puzzle
 * difficulty asked, and drops by reason (summed over agents; each agent counts since its start, so
 * the sum can fall when an agent restarts: read rate() with that in mind). Counted every 10 s, like
 * {@link TunnelStatusGauges}, so that scrapes never load the database; all replicas report the same.
 */
@Component
class DefenceGauges implements MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(DefenceGauges.class);
    private static final String[] LEVELS = {"NORMAL", "COOKIES", "PUZZLES"};
    /** Agents name the reasons; however many distinct names they send, no more series than this. */
    private static final int MAX_DROP_REASONS = 64;

    private final JdbcTemplate jdbc;
    private final Map<String, AtomicLong> agentsByLevel = new HashMap<>();
    private final AtomicLong halfOpen = new AtomicLong();
    private final AtomicLong maxDifficulty = new AtomicLong();
    /** One gauge per drop reason seen so far; a reason no agent reports any more stays at 0. */
    private final Map<String, AtomicLong> drops = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    DefenceGauges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        for (String level : LEVELS) agentsByLevel.put(level, new AtomicLong());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        agentsByLevel.forEach((level, count) -> Gauge.builder("vpnaas.gateway.defence.agents", count, AtomicLong::get)
                .description("connected agents whose IKE responder is at this defence level (RFC 8019), counted every 10 s")
                .tag("level", level).register(registry));
        Gauge.builder("vpnaas.gateway.defence.half.open", halfOpen, AtomicLong::get)
                .description("half-open IKE SAs over all connected agents").register(registry);
        Gauge.builder("vpnaas.gateway.defence.puzzle.difficulty.max", maxDifficulty, AtomicLong::get)
                .description("the highest PUZZLE difficulty any connected agent asks now (0: none asks puzzles)").register(registry);
    }

    @Scheduled(fixedDelay = 10, initialDelay = 0, timeUnit = TimeUnit.SECONDS)
    void count() {
        Map<String, Long> levels = new HashMap<>();
        Map<String, Long> dropped = new HashMap<>();
        long[] totals = new long[2];
        try {
            jdbc.query("""
                    select defence_level, count(*), coalesce(sum(defence_half_open), 0), coalesce(max(defence_puzzle_difficulty), 0)
                    from gateway_agent where connected and defence_level is not null group by defence_level""", row -> {
                levels.put(row.getString(1), row.getLong(2));
                totals[0] += row.getLong(3);
                totals[1] = Math.max(totals[1], row.getLong(4));
            });
            jdbc.query("""
                    select d.key, sum(d.value::bigint) from gateway_agent g, jsonb_each_text(g.defence_drops) d
                    where g.connected group by d.key""", row -> {
                dropped.put(row.getString(1), row.getLong(2));
            });
        } catch (DataAccessException e) {
            log.warn("counting gateway defence states failed; the gauges keep their last values: {}", e.getMessage());
            return;
        }
        agentsByLevel.forEach((level, count) -> count.set(levels.getOrDefault(level, 0L)));
        halfOpen.set(totals[0]);
        maxDifficulty.set(totals[1]);
        dropped.keySet().forEach(this::dropGauge);
        drops.forEach((reason, count) -> count.set(dropped.getOrDefault(reason, 0L)));
    }

    private void dropGauge(String reason) {
        MeterRegistry r = registry;
        if (r == null) return;
        if (!drops.containsKey(reason) && drops.size() >= MAX_DROP_REASONS) return;
        drops.computeIfAbsent(reason, k -> {
            AtomicLong count = new AtomicLong();
            Gauge.builder("vpnaas.gateway.defence.drops", count, AtomicLong::get)
                    .description("datagrams the connected agents' IKE responders dropped unanswered, by reason, since each agent started")
                    .tag("reason", k).register(r);
            return count;
        });
    }
}
