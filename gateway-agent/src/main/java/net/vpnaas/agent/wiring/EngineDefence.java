package net.vpnaas.agent.wiring;

import net.vpnaas.ike.engine.DefenceOptions;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.model.GatewayDefence;

/**
 * A gateway's defence settings (tenant-model, validated) as the IKE engine's. What an operator does not
 * tune follows from what they do, so that the defaults map to the engine's defaults exactly: initiators
 * without puzzle support are served up to half the half-open limit (never below the puzzle threshold),
 * puzzles start at the engine's minimum difficulty (or the maximum, when that is lower); the rest is the
 * engine's.
 */
final class EngineDefence {
    private static final DefenceOptions ENGINE = DefenceOptions.DEFAULT;

    private EngineDefence() {}

    /** {@code base} with the defence settings of {@code d}. */
    static EngineOptions options(EngineOptions base, GatewayDefence d) {
        return base.withDefence(d.cookieThreshold(), defence(d));
    }

    static DefenceOptions defence(GatewayDefence d) {
        return new DefenceOptions(d.puzzleThreshold(), Math.max(d.puzzleThreshold(), d.halfOpenLimit() / 2), d.halfOpenLimit(),
                d.perAddressLimit(), d.perPrefixLimit(), Math.min(ENGINE.minDifficulty(), d.maxPuzzleDifficulty()),
                d.maxPuzzleDifficulty(), ENGINE.halfOpenPerBit(), ENGINE.acceptedDifficulty(), ENGINE.cookieSecretLifetime(),
                d.authFailureLimit(), ENGINE.authFailureForgiveness());
    }
}
