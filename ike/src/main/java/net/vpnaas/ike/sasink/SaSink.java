package net.vpnaas.ike.sasink;

import java.util.Optional;

/**
 * Where negotiated Child SAs leave the IKE engine. The engine knows nothing of the data path;
 * the gateway agent implements this on top of dataplane/.
 *
 * <p>Make-before-break: a rekeyed Child SA is added with the same {@code reqid} as the one it
 * replaces. Outbound traffic matched by a policy of that reqid moves to the newest outbound SA
 * of the reqid as soon as it is added; the old SA keeps decrypting inbound packets until the
 * engine deletes it. Calls may come from several IKE SA threads at once.
 */
public interface SaSink {

    /** Installs both directions of a Child SA. Fails if either SPI is already installed. */
    void addChildSa(ChildSaInstall sa);

    /** A NAT mapping changed (RFC 4555 style or a new NAT-T port): move the outer endpoints. */
    void updateEndpoints(long inboundSpi, Endpoints endpoints);

    /** Removes both directions of the Child SA whose inbound SPI is given. Unknown SPI: no-op. */
    void deleteChildSa(long inboundSpi);

    /** Routes outbound packets matching the selectors to the newest SA of {@code policy.reqid()}. */
    void installPolicy(TrafficPolicy policy);

    void removePolicy(TrafficPolicy policy);

    /**
     * RFC 6311, as the peer of a cluster: the member that took the IKE SA over moved its replay windows up
     * by {@code delta}, so the outbound sequence numbers of the Child SA whose inbound SPI is given jump by
     * as much (IPSEC_REPLAY_COUNTER_SYNC). Unknown SPI: no-op.
     */
    void advanceOutboundSequence(long inboundSpi, long delta);

    /**
     * RFC 6311, as the cluster member that took an IKE SA over: the replay window of the Child SA whose
     * inbound SPI is given moves up by {@code delta} and counts everything up to its new top as received,
     * so nothing the member before may have accepted is accepted again. Unknown SPI: no-op.
     */
    void advanceReplayWindow(long inboundSpi, long delta);

    /** Counters of the Child SA whose inbound SPI is given; empty when it is not installed. */
    Optional<ChildSaUsage> usage(long inboundSpi);

    /** Receives lifetime expiries and acquires. Set once, before the first SA is added. */
    void setListener(SaEventListener listener);
}
