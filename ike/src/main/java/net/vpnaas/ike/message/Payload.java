package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * One IKEv2 payload. The generic payload header (next payload, critical bit, length) belongs to the
 * chain, not to the payload: {@link PayloadChain} writes it, because "next payload" names the
 * payload that follows. A payload knows its body only.
 */
public sealed interface Payload permits SecurityAssociationPayload, KeyExchangePayload, IdentificationPayload,
        CertificatePayload, CertificateRequestPayload, AuthenticationPayload, NoncePayload, NotifyPayload,
        DeletePayload, VendorIdPayload, TrafficSelectorPayload, EncryptedPayload, EncryptedFragmentPayload,
        ConfigurationPayload, EapPayload, GspmPayload, PuzzleSolutionPayload, UnknownPayload {

    /** The payload type code as on the wire. */
    int typeCode();

    default PayloadType type() {
        return PayloadType.of(typeCode());
    }

    /** Length of the body, without the 4-byte generic payload header. */
    int bodyLength();

    /** Writes the body (without the generic payload header). */
    void encodeBody(ByteBuffer out);
}
