package net.vpnaas.dataplane.sad;

/** Upcalls from the data path to the IKE engine. Called on data-path threads: must return quickly. */
public interface SaEventListener {

    enum Limit { SOFT, HARD }

    /** The Child SA with this inbound SPI reached a lifetime limit (bytes, packets or time). */
    void expired(long inboundSpi, Limit limit);

    /** An outbound packet matched a policy whose reqid has no usable SA (at most once a second per reqid). */
    void acquire(int reqid);
}
