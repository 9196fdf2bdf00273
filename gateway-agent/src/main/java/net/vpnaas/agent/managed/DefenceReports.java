package net.vpnaas.agent.managed;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import net.vpnaas.ike.engine.DefenceState;
import net.vpnaas.model.agent.v1.DefenceLevel;
import net.vpnaas.model.agent.v1.DefenceReport;

/**
 * The IKE responder's defence state (RFC 8019) as telemetry: a report whenever anything in it changed
 * since the last one sent, else one at least every {@link #HEARTBEAT}, so that a control plane with
 * a thousand quiet gateways writes a row per gateway a minute, not per counter interval, while a
 * gateway under attack reports every interval. {@link #due} runs on the reporter's timer thread only;
 * {@link #forget} may come from any thread.
 */
final class DefenceReports {
    static final Duration HEARTBEAT = Duration.ofMinutes(1);

    private final Supplier<Optional<DefenceState>> source;
    private volatile DefenceState lastSent;
    private long lastSentMillis;

    /** @param source the engine's state now; empty while the gateway runs no engine (no configuration yet) */
    DefenceReports(Supplier<Optional<DefenceState>> source) {
        this.source = source;
    }

    /** The report to send now, if one is due. */
    Optional<DefenceReport> due(long nowMillis) {
        Optional<DefenceState> now = source.get();
        if (now.isEmpty()) return Optional.empty();
        if (now.get().equals(lastSent) && nowMillis - lastSentMillis < HEARTBEAT.toMillis()) return Optional.empty();
        lastSent = now.get();
        lastSentMillis = nowMillis;
        return Optional.of(encode(now.get(), nowMillis));
    }

    /** The next {@link #due} sends a report whatever changed (a new stream must learn the state). */
    void forget() {
        lastSent = null;
    }

    static DefenceReport encode(DefenceState s, long atMillis) {
        DefenceReport.Builder b = DefenceReport.newBuilder()
                .setLevel(switch (s.level()) {
                    case NORMAL -> DefenceLevel.DEFENCE_NORMAL;
                    case COOKIES -> DefenceLevel.DEFENCE_COOKIES;
                    case PUZZLES -> DefenceLevel.DEFENCE_PUZZLES;
                })
                .setPuzzleDifficulty(s.difficulty()).setHalfOpen(s.halfOpen())
                .setCookiesSent(s.cookiesSent()).setPuzzlesSent(s.puzzlesSent()).setAtEpochMillis(atMillis);
        s.drops().forEach((reason, count) -> b.putDrops(reason.name(), count));
        return b.build();
    }
}
