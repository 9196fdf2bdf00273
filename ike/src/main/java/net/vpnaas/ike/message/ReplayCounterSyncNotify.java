package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * IPSEC_REPLAY_COUNTER_SYNC (RFC 6311 section 4.3): Protocol ID 0, no SPI, type 16423, and the
 * "Incoming IPsec SA delta value": the sender asks the peer to advance the outbound sequence numbers of
 * every Child SA of the IKE SA (the sender's incoming traffic) by this much, because the sender (a
 * cluster member that took over) moved its replay windows up by as much, past anything the member
 * before it may have received. 4 octets, or 8 when a Child SA uses extended sequence numbers; both are read.
 *
 * @param delta the advance, unsigned
 * @param wide  whether it is sent in 8 octets
 */
public record ReplayCounterSyncNotify(long delta, boolean wide) {

    public ReplayCounterSyncNotify {
        if (delta < 0 || (!wide && delta > 0xffff_ffffL)) throw new IllegalArgumentException("delta " + delta + " does not fit");
    }

    public NotifyPayload payload() {
        byte[] data = wide ? ByteBuffer.allocate(8).putLong(delta).array() : ByteBuffer.allocate(4).putInt((int) delta).array();
        return NotifyPayload.of(NotifyType.IPSEC_REPLAY_COUNTER_SYNC, Bytes.wrap(data));
    }

    /** @throws IkeDecodeException an SPI, data of neither 4 nor 8 octets, or an 8-octet delta beyond 2^63 - 1 */
    public static ReplayCounterSyncNotify decode(NotifyPayload n) throws IkeDecodeException {
        if (n.notifyType() != NotifyType.IPSEC_REPLAY_COUNTER_SYNC) throw new IllegalArgumentException("not IPSEC_REPLAY_COUNTER_SYNC");
        if (n.spi().length() != 0) {
            throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, -1, n.notifyTypeCode(), "IPSEC_REPLAY_COUNTER_SYNC with an SPI");
        }
        Bytes d = n.data();
        return switch (d.length()) {
            case 4 -> new ReplayCounterSyncNotify(Integer.toUnsignedLong(d.asByteBuffer().getInt()), false);
            case 8 -> {
                long delta = d.asByteBuffer().getLong();
                if (delta < 0) {
                    throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, -1, n.notifyTypeCode(), "a replay counter delta beyond 2^63 - 1");
                }
                yield new ReplayCounterSyncNotify(delta, true);
            }
            default -> throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, -1, n.notifyTypeCode(),
                    "IPSEC_REPLAY_COUNTER_SYNC of " + d.length() + " octets, not 4 or 8");
        };
    }
}
