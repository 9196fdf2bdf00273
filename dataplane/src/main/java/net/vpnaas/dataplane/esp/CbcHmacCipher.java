package net.vpnaas.dataplane.esp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CBC (RFC 3602) with HMAC-SHA2 truncated to half the hash (RFC 4868), encrypt-then-MAC.
 * The ICV covers ESP header, IV and ciphertext, then the high 32 bits of the sequence number
 * when ESN is on (RFC 4303 section 3.3.2.1), which are not transmitted.
 *
 * <p>CBC needs an unpredictable IV. Instead of a random draw per packet it is AES_K'(seq) under a
 * random per-instance key K': unpredictable to anyone without K', unique per packet, and cheap.
 */
public final class CbcHmacCipher implements EspCipher {
    private static final int HEADER = 8;
    private static final int BLOCK = 16;

    private final Cipher aes;
    private final Cipher ivGenerator;
    private final SecretKeySpec key;
    private final Mac mac;
    private final int icvLength;
    private final byte[] counterBlock = new byte[BLOCK];
    private final byte[] iv = new byte[BLOCK];
    private final byte[] seqHigh = new byte[4];
    private final byte[] icv;
    private final byte[] received;
    // Heap copies: the JDK's AES and HMAC run several times faster on arrays than on direct buffers.
    private byte[] input = new byte[2048];
    private byte[] output = new byte[2048];

    CbcHmacCipher(byte[] encryptionKey, byte[] integrityKey, int integrityId) {
        String macName = switch (integrityId) {
            case EspAlgorithms.AUTH_HMAC_SHA2_256_128 -> "HmacSHA256";
            case EspAlgorithms.AUTH_HMAC_SHA2_384_192 -> "HmacSHA384";
            case EspAlgorithms.AUTH_HMAC_SHA2_512_256 -> "HmacSHA512";
            default -> throw new IllegalArgumentException("integrity id " + integrityId);
        };
        try {
            this.aes = Cipher.getInstance("AES/CBC/NoPadding");
            this.key = new SecretKeySpec(encryptionKey, "AES");
            this.mac = Mac.getInstance(macName);
            mac.init(new SecretKeySpec(integrityKey, macName));
            this.icvLength = mac.getMacLength() / 2;
            this.icv = new byte[mac.getMacLength()];
            this.received = new byte[icvLength];
            byte[] ivKey = new byte[16];
            new SecureRandom().nextBytes(ivKey);
            this.ivGenerator = Cipher.getInstance("AES/ECB/NoPadding");
            ivGenerator.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(ivKey, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks AES-CBC or " + macName, e);
        }
    }

    @Override
    public int ivLength() {
        return BLOCK;
    }

    @Override
    public int icvLength() {
        return icvLength;
    }

    @Override
    public int alignment() {
        return BLOCK;
    }

    @Override
    public int seal(long seq, boolean esn, ByteBuffer plain, ByteBuffer packet) {
        for (int i = 0; i < 8; i++) counterBlock[8 + i] = (byte) (seq >>> (56 - 8 * i));
        try {
            ivGenerator.doFinal(counterBlock, 0, BLOCK, iv, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return sealWith(seq, esn, plain, packet);
    }

    @Override
    public int sealWithIv(long seq, boolean esn, long ivValue, ByteBuffer plain, ByteBuffer packet) {
        for (int i = 0; i < 8; i++) iv[i] = (byte) (ivValue >>> (56 - 8 * i));
        for (int i = 8; i < BLOCK; i++) iv[i] = 0;
        return sealWith(seq, esn, plain, packet);
    }

    private int sealWith(long seq, boolean esn, ByteBuffer plain, ByteBuffer packet) {
        int plainLength = plain.remaining();
        if (plainLength % BLOCK != 0) throw new IllegalArgumentException("plaintext not block aligned");
        int authenticated = HEADER + BLOCK + plainLength;
        ensureCapacity(authenticated);
        plain.get(plain.position(), input, 0, plainLength);
        plain.position(plain.limit());
        packet.get(0, output, 0, HEADER);
        System.arraycopy(iv, 0, output, HEADER, BLOCK);
        try {
            aes.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            aes.doFinal(input, 0, plainLength, output, HEADER + BLOCK);
            computeIcv(seq, esn, output, authenticated);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("CBC seal failed", e);
        }
        packet.put(HEADER, output, HEADER, BLOCK + plainLength);
        packet.put(authenticated, icv, 0, icvLength);
        return authenticated + icvLength;
    }

    @Override
    public int open(long seq, boolean esn, ByteBuffer packet, int length, ByteBuffer plainOut) {
        int cipherLength = length - HEADER - BLOCK - icvLength;
        if (cipherLength < BLOCK || cipherLength % BLOCK != 0) return -1;
        int authenticated = HEADER + BLOCK + cipherLength;
        ensureCapacity(authenticated);
        packet.get(0, input, 0, authenticated);
        packet.get(authenticated, received, 0, icvLength);
        try {
            computeIcv(seq, esn, input, authenticated);
            // Constant-time comparison: a timing oracle on the ICV would let a forger guess it byte by byte.
            if (!MessageDigest.isEqual(received, java.util.Arrays.copyOf(icv, icvLength))) return -1;
            aes.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(input, HEADER, BLOCK));
            int n = aes.doFinal(input, HEADER + BLOCK, cipherLength, output, 0);
            plainOut.put(0, output, 0, n);
            return n;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("CBC open failed", e);
        }
    }

    private void computeIcv(long seq, boolean esn, byte[] packet, int authenticated) throws GeneralSecurityException {
        mac.update(packet, 0, authenticated);
        if (esn) {
            for (int i = 0; i < 4; i++) seqHigh[i] = (byte) (seq >>> (56 - 8 * i));
            mac.update(seqHigh);
        }
        mac.doFinal(icv, 0);
    }

    private void ensureCapacity(int length) {
        if (input.length < length) {
            input = new byte[length];
            output = new byte[length];
        }
    }

    @Override
    public String toString() {
        return "CbcHmacCipher[" + mac.getAlgorithm() + "]";
    }
}
