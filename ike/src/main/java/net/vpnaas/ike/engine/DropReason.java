package net.vpnaas.ike.engine;

/** Why the engine dropped a datagram unanswered, for {@link DefenceState}. */
public enum DropReason {
    /** Not an IKE message, or one breaking the payload rules. */
    UNDECODABLE,
    /** For an IKE SA we do not have. */
    UNKNOWN_SPI,
    /** An IKE_SA_INIT from an address no connection accepts. */
    NO_CONNECTION,
    /** An IKE_SA_INIT beyond the global half-open limit. */
    HALF_OPEN_LIMIT,
    /** An IKE_SA_INIT from an address holding its share of half-open IKE SAs. */
    ADDRESS_LIMIT,
    /** An IKE_SA_INIT from a prefix holding its share of half-open IKE SAs. */
    PREFIX_LIMIT,
    /**
     * An IKE_SA_INIT under puzzles whose puzzle solution is wrong or too easy, or an IKE_AUTH without the solution
     * of the puzzle our IKE_SA_INIT response demanded (RFC 8019 7.2).
     */
    PUZZLE_UNSOLVED,
    /**
     * An IKE_SA_INIT under puzzles without a solution (a legacy initiator), or an IKE_AUTH of such an initiator
     * under puzzles, not drawn to be served at this load.
     */
    LEGACY_CROWDED,
    /** From an address whose IKE_AUTH requests failed too often lately (IKE_SA_INIT, or IKE_AUTH not checked). */
    AUTH_FAILURES,
    /** Refused by an IKE SA: unexpected, unauthenticated or malformed inside. */
    SESSION
}
