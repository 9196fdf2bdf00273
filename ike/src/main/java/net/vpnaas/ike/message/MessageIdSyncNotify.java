package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * IKEV2_MESSAGE_ID_SYNC (RFC 6311 section 4.2): Protocol ID 0, no SPI, type 16422, then a 4-octet nonce,
 * EXPECTED_SEND_REQ_MESSAGE_ID and EXPECTED_RECV_REQ_MESSAGE_ID (4 octets each). Each side speaks of
 * itself: in the request of the cluster member that took over, M1 (the Message ID of its next request)
 * and P1 (of the next request it expects); in the peer's response the same nonce, P2 and M2.
 *
 * @param nonce               4 random octets of the request, echoed by the response
 * @param expectedSendRequest the Message ID of the sender's next request
 * @param expectedRecvRequest the Message ID of the next request the sender expects
 */
public record MessageIdSyncNotify(Bytes nonce, long expectedSendRequest, long expectedRecvRequest) {
    public static final int NONCE_LENGTH = 4;
    private static final int DATA_LENGTH = NONCE_LENGTH + 8;

    public MessageIdSyncNotify {
        if (nonce.length() != NONCE_LENGTH) throw new IllegalArgumentException("the nonce has 4 octets");
        if (expectedSendRequest < 0 || expectedSendRequest > 0xffff_ffffL || expectedRecvRequest < 0 || expectedRecvRequest > 0xffff_ffffL) {
            throw new IllegalArgumentException("Message IDs are 32-bit unsigned");
        }
    }

    public NotifyPayload payload() {
        byte[] data = ByteBuffer.allocate(DATA_LENGTH).put(nonce.toByteArray())
                .putInt((int) expectedSendRequest).putInt((int) expectedRecvRequest).array();
        return NotifyPayload.of(NotifyType.IKEV2_MESSAGE_ID_SYNC, Bytes.wrap(data));
    }

    /** @throws IkeDecodeException an SPI, or data of another length than 12 octets */
    public static MessageIdSyncNotify decode(NotifyPayload n) throws IkeDecodeException {
        if (n.notifyType() != NotifyType.IKEV2_MESSAGE_ID_SYNC) throw new IllegalArgumentException("not IKEV2_MESSAGE_ID_SYNC");
        if (n.spi().length() != 0) {
            throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, -1, n.notifyTypeCode(), "IKEV2_MESSAGE_ID_SYNC with an SPI");
        }
        Bytes d = n.data();
        if (d.length() != DATA_LENGTH) {
            throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, -1, n.notifyTypeCode(),
                    "IKEV2_MESSAGE_ID_SYNC of " + d.length() + " octets, not 12");
        }
        ByteBuffer b = d.asByteBuffer();
        byte[] nonce = new byte[NONCE_LENGTH];
        b.get(nonce);
        return new MessageIdSyncNotify(Bytes.wrap(nonce), Integer.toUnsignedLong(b.getInt()), Integer.toUnsignedLong(b.getInt()));
    }
}
