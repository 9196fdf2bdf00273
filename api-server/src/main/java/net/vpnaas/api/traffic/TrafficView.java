package net.vpnaas.api.traffic;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tunnel's traffic from {@code from} to {@code to} in steps of {@code step} seconds: one point per
 * step (zeros where nothing was carried), each the sum of what the step carried, starting at {@code at}.
 */
public record TrafficView(UUID tunnelId, Instant from, Instant to, long step, List<Point> points) {
    public record Point(Instant at, long bytesIn, long bytesOut, long packetsIn, long packetsOut) {}
}
