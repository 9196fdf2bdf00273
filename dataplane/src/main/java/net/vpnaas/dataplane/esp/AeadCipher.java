package net.vpnaas.dataplane.esp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 16-byte ICV (RFC 4106) and ChaCha20-Poly1305 (RFC 7634): nonce = 4-byte salt
 * from KEYMAT || 8-byte IV carried in the packet; AAD = SPI || [high 32 bits with ESN] || low 32
 * bits of the sequence number. The IV is the sequence number itself, which is unique per SA and
 * saves a random draw per packet.
 */
public final class AeadCipher implements EspCipher {
    static final int HEADER = 8;
    private static final int ICV = 16;

    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private final byte[] aad8 = new byte[8];
    private final byte[] aad12 = new byte[12];
    private final Function<byte[], AlgorithmParameterSpec> params;
    // The JDK's AES-GCM is about three times faster on heap arrays than on direct buffers (it
    // buffers and copies internally there), so packets are copied through these once each way.
    private byte[] input = new byte[2048];
    private byte[] output = new byte[2048];

    private AeadCipher(String transformation, String keyAlgorithm, byte[] keyAndSalt,
                       Function<byte[], AlgorithmParameterSpec> params) {
        int keyLength = keyAndSalt.length - 4;
        this.key = new SecretKeySpec(keyAndSalt, 0, keyLength, keyAlgorithm);
        System.arraycopy(keyAndSalt, keyLength, nonce, 0, 4);
        this.params = params;
        try {
            this.cipher = Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + transformation, e);
        }
    }

    static AeadCipher aesGcm(byte[] keyAndSalt) {
        return new AeadCipher("AES/GCM/NoPadding", "AES", keyAndSalt, n -> new GCMParameterSpec(ICV * 8, n));
    }

    static AeadCipher chaCha20Poly1305(byte[] keyAndSalt) {
        return new AeadCipher("ChaCha20-Poly1305", "ChaCha20", keyAndSalt, IvParameterSpec::new);
    }

    @Override
    public int ivLength() {
        return 8;
    }

    @Override
    public int icvLength() {
        return ICV;
    }

    @Override
    public int alignment() {
        return 4;
    }

    @Override
    public int seal(long seq, boolean esn, ByteBuffer plain, ByteBuffer packet) {
        return sealWithIv(seq, esn, seq, plain, packet);
    }

    @Override
    public int sealWithIv(long seq, boolean esn, long iv, ByteBuffer plain, ByteBuffer packet) {
        int plainLength = plain.remaining();
        packet.putLong(HEADER, iv);
        setIv(iv);
        ensureCapacity(plainLength + ICV);
        plain.get(plain.position(), input, 0, plainLength);
        plain.position(plain.limit());
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, params.apply(nonce));
            cipher.updateAAD(aad(packet, seq, esn));
            int written = cipher.doFinal(input, 0, plainLength, output, 0);
            packet.put(HEADER + 8, output, 0, written);
            return HEADER + 8 + written;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD seal failed", e);
        }
    }

    @Override
    public int open(long seq, boolean esn, ByteBuffer packet, int length, ByteBuffer plainOut) {
        int cipherLength = length - HEADER - 8;
        if (cipherLength < ICV) return -1;
        setIv(packet.getLong(HEADER));
        ensureCapacity(cipherLength);
        packet.get(HEADER + 8, input, 0, cipherLength);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, params.apply(nonce));
            cipher.updateAAD(aad(packet, seq, esn));
            int n = cipher.doFinal(input, 0, cipherLength, output, 0);
            plainOut.put(0, output, 0, n);
            return n;
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD open failed", e);
        }
    }

    private void ensureCapacity(int length) {
        if (input.length < length) {
            input = new byte[length];
            output = new byte[length];
        }
    }

    private void setIv(long iv) {
        for (int i = 0; i < 8; i++) nonce[4 + i] = (byte) (iv >>> (56 - 8 * i));
    }

    private byte[] aad(ByteBuffer packet, long seq, boolean esn) {
        if (!esn) {
            packet.get(0, aad8, 0, 8);
            return aad8;
        }
        packet.get(0, aad12, 0, 4);
        for (int i = 0; i < 4; i++) aad12[4 + i] = (byte) (seq >>> (56 - 8 * i));
        packet.get(4, aad12, 8, 4);
        return aad12;
    }

    @Override
    public String toString() {
        return "AeadCipher[" + cipher.getAlgorithm() + "]";
    }
}
