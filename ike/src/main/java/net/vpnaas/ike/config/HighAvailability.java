package net.vpnaas.ike.config;

/**
 * RFC 6311 support, announced in IKE_AUTH: IKEV2_MESSAGE_ID_SYNC_SUPPORTED (a cluster member that took
 * the IKE SA over may resynchronize the Message IDs) and IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED (it may ask
 * for the Child SAs' outbound sequence numbers to be advanced). Each is in force for an IKE SA only when
 * both sides announced it. A cluster needs it; a peer of a cluster (of ours or another vendor's) offers it.
 */
public record HighAvailability(boolean messageIdSync, boolean replayCounterSync) {
    public static final HighAvailability OFF = new HighAvailability(false, false);
    public static final HighAvailability RFC_6311 = new HighAvailability(true, true);

    public HighAvailability {
        if (replayCounterSync && !messageIdSync) {
            throw new IllegalArgumentException("the replay counter sync travels in the Message ID sync exchange");
        }
    }
}
