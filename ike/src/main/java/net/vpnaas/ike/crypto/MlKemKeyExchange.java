package net.vpnaas.ike.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;

/**
 * ML-KEM (FIPS 203) in IKEv2 as draft-ietf-ipsecme-ikev2-mlkem uses it: the initiator's Key Exchange
 * Data is its raw encapsulation key, the responder's the ciphertext, and the shared secret is the KEM's
 * 32-byte shared secret. The JDK's own ML-KEM does the work; it takes and gives public keys in X.509
 * form only, so the raw key goes in and out of a SubjectPublicKeyInfo here. Which side this is follows
 * from the order of calls (see {@link KeyExchange}).
 */
final class MlKemKeyExchange implements KeyExchange {

    private final KeyExchangeMethod method;
    private final SecureRandom random;
    /** The initiator's key pair, made on the first {@link #publicValue}. */
    private KeyPair keyPair;
    /** The responder's ciphertext, made by {@link #sharedSecret}. */
    private byte[] ciphertext;

    MlKemKeyExchange(KeyExchangeMethod method, RandomSource random) {
        this.method = method;
        this.random = new RandomSourceAdapter(random);
    }

    @Override
    public KeyExchangeMethod method() {
        return method;
    }

    @Override
    public byte[] publicValue() {
        if (ciphertext != null) return ciphertext.clone();
        if (keyPair == null) keyPair = generateKeyPair();
        byte[] spki = keyPair.getPublic().getEncoded();
        return Arrays.copyOfRange(spki, spki.length - method.publicValueLength(), spki.length);
    }

    @Override
    public byte[] sharedSecret(byte[] peer) throws InvalidPublicValueException {
        if (keyPair != null) return decapsulate(peer);
        if (ciphertext != null) throw new IllegalStateException(method + ": the responder encapsulates once");
        return encapsulate(peer);
    }

    private byte[] encapsulate(byte[] encapsulationKey) throws InvalidPublicValueException {
        // FIPS 203 section 7.2 input check 1 (type check): exactly the key's length.
        if (encapsulationKey.length != method.publicValueLength()) {
            throw new InvalidPublicValueException(method + " encapsulation key must be " + method.publicValueLength()
                    + " bytes, got " + encapsulationKey.length);
        }
        try {
            PublicKey key = KeyFactory.getInstance("ML-KEM").generatePublic(new X509EncodedKeySpec(spki(encapsulationKey)));
            // The JDK performs input check 2 (modulus check: every coefficient below q) here and
            // refuses such a key with InvalidKeyException (MlKemKeyExchangeTest checks it does).
            KEM.Encapsulated e = KEM.getInstance("ML-KEM").newEncapsulator(key, null, random).encapsulate();
            ciphertext = e.encapsulation();
            return e.key().getEncoded();
        } catch (InvalidKeyException | InvalidKeySpecException e) {
            throw new InvalidPublicValueException(method + " encapsulation key is invalid: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks ML-KEM", e);
        }
    }

    private byte[] decapsulate(byte[] ct) throws InvalidPublicValueException {
        // FIPS 203 section 7.3 input check 1 (ciphertext type check); a wrong ciphertext of the right
        // length is not detectable: ML-KEM then yields an implicit-rejection secret, and AUTH fails.
        if (ct.length != method.responderValueLength()) {
            throw new InvalidPublicValueException(method + " ciphertext must be " + method.responderValueLength()
                    + " bytes, got " + ct.length);
        }
        try {
            return KEM.getInstance("ML-KEM").newDecapsulator(keyPair.getPrivate()).decapsulate(ct).getEncoded();
        } catch (DecapsulateException e) {
            throw new InvalidPublicValueException(method + " ciphertext refused: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks ML-KEM", e);
        }
    }

    private KeyPair generateKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("ML-KEM");
            g.initialize(new NamedParameterSpec(parameterSet()), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + parameterSet(), e);
        }
    }

    private String parameterSet() {
        return switch (method) {
            case ML_KEM_512 -> "ML-KEM-512";
            case ML_KEM_768 -> "ML-KEM-768";
            case ML_KEM_1024 -> "ML-KEM-1024";
            default -> throw new IllegalStateException(method + " is not ML-KEM");
        };
    }

    /**
     * SubjectPublicKeyInfo of a raw encapsulation key (draft-ietf-lamps-kyber-certificates):
     * SEQUENCE { SEQUENCE { OID id-alg-ml-kem-N }, BIT STRING { 0 unused bits, key } }, no parameters.
     */
    private byte[] spki(byte[] key) {
        int oidLast = switch (method) {
            case ML_KEM_512 -> 1;
            case ML_KEM_768 -> 2;
            case ML_KEM_1024 -> 3;
            default -> throw new IllegalStateException(method + " is not ML-KEM");
        };
        byte[] algorithm = {0x30, 0x0b, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, (byte) oidLast};
        int bitStringLength = key.length + 1;
        int bodyLength = algorithm.length + 4 + bitStringLength;
        byte[] out = new byte[4 + bodyLength];
        int o = 0;
        out[o++] = 0x30;
        out[o++] = (byte) 0x82;
        out[o++] = (byte) (bodyLength >> 8);
        out[o++] = (byte) bodyLength;
        System.arraycopy(algorithm, 0, out, o, algorithm.length);
        o += algorithm.length;
        out[o++] = 0x03;
        out[o++] = (byte) 0x82;
        out[o++] = (byte) (bitStringLength >> 8);
        out[o++] = (byte) bitStringLength;
        out[o++] = 0;
        System.arraycopy(key, 0, out, o, key.length);
        return out;
    }

    /** The engine's randomness for the JDK's API, so tests can script d, z and m (FIPS 203 7.1, 7.2). */
    private static final class RandomSourceAdapter extends SecureRandom {
        private final transient RandomSource source;

        RandomSourceAdapter(RandomSource source) {
            super(new byte[0]);
            this.source = source;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            source.nextBytes(bytes);
        }
    }
}
