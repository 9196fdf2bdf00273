package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/** CERT payload (RFC 7296 section 3.6); the certificate data is opaque to the codec. */
public record CertificatePayload(int encodingCode, Bytes data) implements Payload {

    public CertificatePayload {
        IkeHeader.checkUnsigned(encodingCode, 0xff, "certificate encoding");
    }

    public static CertificatePayload of(CertEncoding encoding, Bytes data) {
        return new CertificatePayload(encoding.code(), data);
    }

    public CertEncoding encoding() {
        return CertEncoding.of(encodingCode);
    }

    @Override
    public int typeCode() {
        return PayloadType.CERTIFICATE.code();
    }

    @Override
    public int bodyLength() {
        return 1 + data.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.put((byte) encodingCode);
        data.writeTo(out);
    }

    static CertificatePayload decode(WireReader r) throws IkeDecodeException {
        int encoding = r.u8("certificate encoding");
        return new CertificatePayload(encoding, r.rest());
    }
}
