package net.vpnaas.ike.engine;

import java.util.Map;

/**
 * What the responder's defences are doing, for telemetry: the level (which the count of half-open
 * IKE SAs decides), the puzzle difficulty asked at that level (0 below puzzles), and counters since
 * the engine started.
 *
 * @param cookiesSent  IKE_SA_INIT requests answered with a COOKIE (with or without a PUZZLE)
 * @param puzzlesSent  those of them that also carried a PUZZLE
 * @param drops        datagrams dropped unanswered, by reason (every reason present)
 */
public record DefenceState(Level level, int difficulty, int halfOpen, long cookiesSent, long puzzlesSent, Map<DropReason, Long> drops) {

    public enum Level {
        /** IKE_SA_INIT is answered at once. */
        NORMAL,
        /** IKE_SA_INIT must return our COOKIE first (RFC 7296 section 2.6). */
        COOKIES,
        /** IKE_SA_INIT must return our COOKIE with a solved PUZZLE (RFC 8019 section 7.1); legacy initiators get a smaller share. */
        PUZZLES
    }

    public DefenceState {
        drops = Map.copyOf(drops);
    }

    public long dropped(DropReason reason) {
        return drops.get(reason);
    }
}
