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
        packet.put(HEADER, iv);
        int authenticated = HEADER + BLOCK + plainLength;
        try {
            aes.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            aes.doFinal(plain, packet.slice(HEADER + BLOCK, plainLength));
            computeIcv(seq, esn, packet, authenticated);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("CBC seal failed", e);
        }
        packet.put(authenticated, icv, 0, icvLength);
        return authenticated + icvLength;
    }

    @Override
    public int open(long seq, boolean esn, ByteBuffer packet, int length, ByteBuffer plainOut) {
        int cipherLength = length - HEADER - BLOCK - icvLength;
        if (cipherLength < BLOCK || cipherLength % BLOCK != 0) return -1;
        int authenticated = HEADER + BLOCK + cipherLength;
        try {
            computeIcv(seq, esn, packet, authenticated);
            byte[] received = new byte[icvLength];
            packet.get(authenticated, received);
            // Constant-time comparison: a timing oracle on the ICV would let a forger guess it byte by byte.
            if (!MessageDigest.isEqual(received, java.util.Arrays.copyOf(icv, icvLength))) return -1;
            packet.get(HEADER, iv);
            aes.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            return aes.doFinal(packet.slice(HEADER + BLOCK, cipherLength), plainOut.slice(0, cipherLength));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("CBC open failed", e);
        }
    }

    private void computeIcv(long seq, boolean esn, ByteBuffer packet, int authenticated) throws GeneralSecurityException {
        mac.update(packet.slice(0, authenticated));
        if (esn) {
            for (int i = 0; i < 4; i++) seqHigh[i] = (byte) (seq >>> (56 - 8 * i));
            mac.update(seqHigh);
        }
        mac.doFinal(icv, 0);
    }

    @Override
    public String toString() {
        return "CbcHmacCipher[" + mac.getAlgorithm() + "]";
    }
}
