package net.vpnaas.dataplane.sad;

import java.util.Objects;
import net.vpnaas.dataplane.esp.EspAlgorithms;

/**
 * A negotiated ESP Child SA in tunnel mode, both directions; field for field what an IKE engine
 * hands over after CREATE_CHILD_SA.
 *
 * @param reqid        links the SA to its policies; stays the same across rekeys
 * @param tunnelName   for logs and counters
 * @param inbound      SPI we chose and the keys the peer encrypts with
 * @param outbound     SPI the peer chose and the keys we encrypt with
 * @param esn          extended sequence numbers (RFC 4304)
 * @param replayWindow anti-replay window in packets; 0 disables replay protection
 */
public record ChildSaConfig(int reqid, String tunnelName, EspAlgorithms algorithms, SaKeys inbound, SaKeys outbound,
                            OuterEndpoints endpoints, boolean esn, int replayWindow, Lifetime lifetime) {
    public ChildSaConfig {
        Objects.requireNonNull(tunnelName);
        Objects.requireNonNull(algorithms);
        Objects.requireNonNull(inbound);
        Objects.requireNonNull(outbound);
        Objects.requireNonNull(endpoints);
        Objects.requireNonNull(lifetime);
        if (replayWindow < 0 || replayWindow > 65536) throw new IllegalArgumentException("replay window 0..65536: " + replayWindow);
        // Fail at install time, not on the first packet, when keys do not fit the algorithms.
        algorithms.newCipher(inbound.encryptionKey(), inbound.integrityKey());
        algorithms.newCipher(outbound.encryptionKey(), outbound.integrityKey());
    }
}
