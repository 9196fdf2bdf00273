package net.vpnaas.agent.control;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with full jitter, so a thousand agents cut off by one control
 * plane restart do not all come back in the same second.
 */
public record Backoff(Duration initial, Duration max) {

    public Duration delay(int attempt, RandomGenerator random) {
        long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(cap / 2 + random.nextLong(cap / 2 + 1));
    }
}
