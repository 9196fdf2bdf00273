package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * CERTREQ payload (RFC 7296 section 3.7). For X509_SIGNATURE the authority field is a concatenation
 * of 20-byte SHA-1 hashes of trusted CAs' public keys, which {@link #authorityKeyHashes()} splits.
 */
public record CertificateRequestPayload(int encodingCode, Bytes authorities) implements Payload {

    public static final int SHA1_LENGTH = 20;

    public CertificateRequestPayload {
        IkeHeader.checkUnsigned(encodingCode, 0xff, "certificate encoding");
    }

    public static CertificateRequestPayload of(CertEncoding encoding, Bytes authorities) {
        return new CertificateRequestPayload(encoding.code(), authorities);
    }

    public CertEncoding encoding() {
        return CertEncoding.of(encodingCode);
    }

    /** The SHA-1 key hashes, for X509_SIGNATURE requests. */
    public List<Bytes> authorityKeyHashes() {
        List<Bytes> hashes = new ArrayList<>(authorities.length() / SHA1_LENGTH);
        for (int i = 0; i + SHA1_LENGTH <= authorities.length(); i += SHA1_LENGTH) {
            hashes.add(authorities.slice(i, SHA1_LENGTH));
        }
        return hashes;
    }

    @Override
    public int typeCode() {
        return PayloadType.CERTIFICATE_REQUEST.code();
    }

    @Override
    public int bodyLength() {
        return 1 + authorities.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.put((byte) encodingCode);
        authorities.writeTo(out);
    }

    static CertificateRequestPayload decode(WireReader r) throws IkeDecodeException {
        int start = r.offset();
        int encoding = r.u8("certificate encoding");
        Bytes authorities = r.rest();
        if (encoding == CertEncoding.X509_SIGNATURE.code() && authorities.length() % SHA1_LENGTH != 0) {
            throw r.syntax(start, "X509 CERTREQ authority length " + authorities.length()
                    + " is not a multiple of 20");
        }
        return new CertificateRequestPayload(encoding, authorities);
    }
}
