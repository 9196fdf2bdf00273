package net.vpnaas.ike.sasink;

import java.util.Objects;

/**
 * A negotiated ESP Child SA in tunnel mode, both directions.
 *
 * @param reqid      links the SA to its {@link TrafficPolicy}; stays the same across rekeys
 * @param tunnelName the configured tunnel it belongs to, for counters and logs
 * @param transform  negotiated algorithms
 * @param inbound    SPI we chose and the keys the peer encrypts with (KEYMAT of the peer's direction)
 * @param outbound   SPI the peer chose and the keys we encrypt with
 * @param endpoints  outer addresses and whether ESP is UDP-encapsulated (RFC 3948)
 * @param esn        extended sequence numbers (RFC 4304)
 * @param replayWindow anti-replay window in packets; 0 disables replay protection
 * @param lifetime   soft and hard limits the data path enforces and reports through the listener
 */
public record ChildSaInstall(
        int reqid,
        String tunnelName,
        EspTransform transform,
        EspKeys inbound,
        EspKeys outbound,
        Endpoints endpoints,
        boolean esn,
        int replayWindow,
        SaLifetime lifetime) {

    public ChildSaInstall {
        Objects.requireNonNull(tunnelName);
        Objects.requireNonNull(transform);
        Objects.requireNonNull(inbound);
        Objects.requireNonNull(outbound);
        Objects.requireNonNull(endpoints);
        Objects.requireNonNull(lifetime);
        if (replayWindow < 0) throw new IllegalArgumentException("replayWindow < 0");
    }
}
