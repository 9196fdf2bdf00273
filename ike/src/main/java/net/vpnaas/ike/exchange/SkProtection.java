package net.vpnaas.ike.exchange;

import java.util.Arrays;
import java.util.List;
import net.vpnaas.ike.crypto.IntegrityCheckException;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.crypto.SkCipher;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.EncryptedFragmentPayload;
import net.vpnaas.ike.message.EncryptedPayload;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.PayloadProtector;

/**
 * Seals and opens SK payloads with an IKE SA's {@link SkCipher}: the engine's side of the codec's
 * {@link PayloadProtector} contract. Padding: zero bytes then the pad length (RFC 7296 3.14).
 */
public final class SkProtection {

    private SkProtection() {}

    public static byte[] seal(IkeHeader header, List<Payload> inner, SkCipher cipher, RandomSource random) {
        return IkeMessage.encodeProtected(header, inner, protector(cipher, random));
    }

    /** Protection for SK and for each SKF fragment alike (RFC 7383 2.5: each fragment is protected on its own). */
    public static PayloadProtector protector(SkCipher cipher, RandomSource random) {
        return new PayloadProtector() {
            @Override
            public int protectedLength(int plaintextLength) {
                return cipher.ivLength() + paddedLength(plaintextLength, cipher.blockSize()) + cipher.icvLength();
            }

            @Override
            public void protect(byte[] message, int contentOffset, Bytes plaintext) {
                int padded = paddedLength(plaintext.length(), cipher.blockSize());
                byte[] buf = new byte[padded];
                plaintext.copyTo(buf, 0);
                buf[padded - 1] = (byte) (padded - plaintext.length() - 1);
                byte[] iv = random.bytes(cipher.ivLength());
                byte[] sealed = cipher.seal(Arrays.copyOf(message, contentOffset), iv, buf);
                System.arraycopy(iv, 0, message, contentOffset, iv.length);
                System.arraycopy(sealed, 0, message, contentOffset + iv.length, sealed.length);
            }
        };
    }

    /** Smallest length >= plaintext + 1 (the pad length byte) that is a multiple of the block size. */
    static int paddedLength(int plaintextLength, int blockSize) {
        int withPadLength = plaintextLength + 1;
        return (withPadLength + blockSize - 1) / blockSize * blockSize;
    }

    /** Decrypts and decodes the inner payloads of a received message whose last payload is SK. */
    public static List<Payload> open(IkeMessage message, SkCipher cipher) throws IntegrityCheckException, IkeDecodeException {
        EncryptedPayload sk = message.first(EncryptedPayload.class)
                .orElseThrow(() -> new IntegrityCheckException("no SK payload"));
        return sk.decodeInner(openChain(message, sk, cipher));
    }

    /** Decrypts the SK payload of a received message: its inner payload chain, padding removed, not yet decoded. */
    public static Bytes openChain(IkeMessage message, EncryptedPayload sk, SkCipher cipher) throws IntegrityCheckException {
        return decrypt(message, sk.content(), cipher);
    }

    /**
     * Checks the integrity of one received SKF fragment and decrypts it (RFC 7383 2.6: before the
     * fragment is stored for reassembly); returns its piece of the inner chain, padding removed.
     */
    public static Bytes openFragment(IkeMessage message, EncryptedFragmentPayload skf, SkCipher cipher)
            throws IntegrityCheckException {
        return decrypt(message, skf.content(), cipher);
    }

    private static Bytes decrypt(IkeMessage message, Bytes protectedContent, SkCipher cipher) throws IntegrityCheckException {
        byte[] content = protectedContent.toByteArray();
        if (content.length < cipher.ivLength() + cipher.icvLength() + 1) throw new IntegrityCheckException("encrypted payload too short");
        byte[] iv = Arrays.copyOf(content, cipher.ivLength());
        byte[] rest = Arrays.copyOfRange(content, cipher.ivLength(), content.length);
        byte[] padded = cipher.open(message.associatedData().toByteArray(), iv, rest);
        int padLength = padded[padded.length - 1] & 0xFF;
        if (padLength + 1 > padded.length) throw new IntegrityCheckException("pad length " + padLength + " exceeds the plaintext");
        return Bytes.wrap(padded, 0, padded.length - 1 - padLength);
    }
}
