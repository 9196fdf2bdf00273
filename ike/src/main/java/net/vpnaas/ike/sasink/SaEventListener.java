package net.vpnaas.ike.sasink;

/** Upcalls from the data path to the engine. Must return quickly (called on data-path threads). */
public interface SaEventListener {

    enum Limit { SOFT, HARD }

    /** The Child SA with this inbound SPI reached a lifetime limit (bytes, packets or time). */
    void expired(long inboundSpi, Limit limit);

    /** An outbound packet matched a policy whose reqid has no SA (start action "on traffic"). */
    void acquire(int reqid);
}
