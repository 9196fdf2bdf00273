package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * SK payload (RFC 7296 section 3.14), carried opaquely: {@code content} is IV, ciphertext (with
 * padding and pad length inside) and ICV, as on the wire. The codec does not know the negotiated
 * algorithms, so the engine splits and decrypts it; {@link IkeMessage#associatedData()} gives the
 * bytes the AEAD associated data / integrity check cover, and {@link #decodeInner} decodes the
 * plaintext once the engine has it.
 *
 * @param firstInnerPayloadType the SK header's "next payload": the type of the first inner payload
 */
public record EncryptedPayload(int firstInnerPayloadType, Bytes content) implements Payload {

    public EncryptedPayload {
        IkeHeader.checkUnsigned(firstInnerPayloadType, 0xff, "first inner payload type");
    }

    /** Decodes the decrypted inner chain (padding and pad length already removed by the engine). */
    public List<Payload> decodeInner(Bytes plaintextChain) throws IkeDecodeException {
        return PayloadChain.decode(firstInnerPayloadType, plaintextChain);
    }

    @Override
    public int typeCode() {
        return PayloadType.ENCRYPTED.code();
    }

    @Override
    public int bodyLength() {
        return content.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        content.writeTo(out);
    }

    static EncryptedPayload decode(int firstInner, WireReader r) {
        return new EncryptedPayload(firstInner, r.rest());
    }
}
