package net.vpnaas.ike.auth;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import net.vpnaas.ike.message.AuthMethod;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Signature AUTH payloads: method 14 (RFC 7427) and the classic methods 1 (RFC 7296) and 9/10/11
 * (RFC 4754). The signed octets come from {@link SignedOctets}.
 */
public final class SignatureAuthenticator {
    private static final int ED25519_SIGNATURE_LENGTH = 64;

    private SignatureAuthenticator() {
    }

    /**
     * Signs {@code signedOctets} and returns the AUTH payload content. Ed25519 is signed with Bouncy
     * Castle; pass a key from {@link PemFiles} (a Bouncy Castle key) for full speed.
     *
     * @throws InvalidKeyException if the key does not fit the scheme (wrong type, or wrong curve for
     *                             methods 9/10/11); {@link SignatureScheme#select} never picks such a pair
     */
    public static AuthData sign(PrivateKey key, SignatureScheme scheme, byte[] signedOctets)
            throws GeneralSecurityException {
        Optional<String> mismatch = keyMismatch(key, scheme);
        if (mismatch.isPresent()) throw new InvalidKeyException(mismatch.get());
        Signature signer = newSignature(scheme, scheme.pssParameters(), false);
        signer.initSign(key);
        signer.update(signedOctets);
        byte[] signature = signer.sign();
        byte[] data = scheme.algorithmIdentifier()
                .map(algorithmIdentifier -> DigitalSignatureData.encode(algorithmIdentifier, signature))
                .orElse(signature);
        return new AuthData(scheme.authMethod(), data);
    }

    /**
     * Checks the peer's AUTH payload against the public key of its (already validated) end-entity
     * certificate. Never throws for any content of {@code auth}.
     */
    public static VerifyResult verify(X509Certificate peer, AuthData auth, byte[] signedOctets) {
        try {
            return verify(peer.getPublicKey(), auth, signedOctets);
        } catch (Rejected r) {
            return r.result();
        }
    }

    private static VerifyResult verify(PublicKey key, AuthData auth, byte[] signedOctets) throws Rejected {
        byte[] data = auth.data();
        AuthMethod method = AuthMethod.of(auth.method());
        if (method == AuthMethod.UNKNOWN) throw Rejected.unsupported("unknown AUTH method " + auth.method());
        SignatureScheme scheme;
        Optional<PSSParameterSpec> pss = Optional.empty();
        byte[] signature;
        switch (method) {
            case DIGITAL_SIGNATURE -> {
                DigitalSignatureData decoded = DigitalSignatureData.decode(data);
                scheme = decoded.scheme();
                pss = decoded.pssParameters();
                signature = decoded.signature();
            }
            case RSA_DIGITAL_SIGNATURE -> {
                scheme = SignatureScheme.RSA_SHA1_METHOD_1;
                signature = data;
            }
            case ECDSA_SHA256_P256 -> {
                scheme = SignatureScheme.ECDSA_P256_METHOD_9;
                signature = data;
            }
            case ECDSA_SHA384_P384 -> {
                scheme = SignatureScheme.ECDSA_P384_METHOD_10;
                signature = data;
            }
            case ECDSA_SHA512_P521 -> {
                scheme = SignatureScheme.ECDSA_P521_METHOD_11;
                signature = data;
            }
            default -> throw Rejected.unsupported("AUTH method " + method.code() + " (" + method + ") is not a signature method we verify");
        }
        Optional<String> mismatch = keyMismatch(key, scheme);
        if (mismatch.isPresent()) return new VerifyResult.KeyTypeMismatch(mismatch.get());
        checkSignatureEncoding(key, scheme, signature);
        try {
            Signature verifier = newSignature(scheme, pss, true);
            verifier.initVerify(key);
            verifier.update(signedOctets);
            return verifier.verify(signature) ? new VerifyResult.Verified(scheme) : new VerifyResult.BadSignature(scheme);
        } catch (InvalidKeyException e) {
            return new VerifyResult.KeyTypeMismatch("certificate key rejected for " + scheme + ": " + e.getMessage());
        } catch (SignatureException e) {
            // The encoding was checked above, so what the provider still refuses is a bad signature.
            return new VerifyResult.BadSignature(scheme);
        } catch (GeneralSecurityException | RuntimeException e) {
            // Last line of defence: whatever a provider throws for hostile input must not escape.
            return new VerifyResult.Malformed("signature rejected by the provider: " + e);
        }
    }

    /** Why {@code key} cannot be used with {@code scheme}, if it cannot. */
    private static Optional<String> keyMismatch(Key key, SignatureScheme scheme) {
        Optional<KeyType> type = KeyType.of(key);
        if (type.isEmpty()) return Optional.of(key.getAlgorithm() + " keys are not supported");
        if (type.get() != scheme.keyType()) {
            return Optional.of(scheme + " needs an " + scheme.keyType() + " key, the key is " + type.get());
        }
        if (scheme.curve().isPresent()) {
            Optional<NamedCurve> curve = NamedCurve.of((ECKey) key);
            if (curve.isEmpty() || curve.get() != scheme.curve().get()) {
                return Optional.of("AUTH method " + scheme.authMethod().code() + " needs a " + scheme.curve().get()
                        + " key, the key is on " + curve.map(Enum::name).orElse("another curve"));
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses signature values whose length or encoding cannot be right for the key, so that what
     * reaches the provider is well formed and a provider failure can honestly be called a bad signature.
     */
    private static void checkSignatureEncoding(Key key, SignatureScheme scheme, byte[] signature) throws Rejected {
        switch (scheme.keyType()) {
            case RSA -> {
                int modulusLength = (((RSAKey) key).getModulus().bitLength() + 7) / 8;
                if (signature.length != modulusLength) {
                    throw Rejected.malformed("RSA signature of " + signature.length + " octets for a "
                            + modulusLength + "-octet modulus");
                }
            }
            case ED25519 -> {
                if (signature.length != ED25519_SIGNATURE_LENGTH) {
                    throw Rejected.malformed("Ed25519 signature of " + signature.length + " octets, expected 64");
                }
            }
            case EC -> {
                if (scheme.curve().isPresent()) {
                    int expected = 2 * scheme.curve().get().fieldLength();
                    if (signature.length != expected) {
                        throw Rejected.malformed("ECDSA r|s of " + signature.length + " octets, expected " + expected);
                    }
                } else if (!isDerEcdsaSignature(signature)) {
                    throw Rejected.malformed("ECDSA signature is not a DER SEQUENCE of two positive INTEGERs");
                }
            }
        }
    }

    /** RFC 7427 section 3: ECDSA signatures in method 14 are DER Ecdsa-Sig-Value (RFC 3279). */
    private static boolean isDerEcdsaSignature(byte[] signature) {
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(signature);
            return p instanceof ASN1Sequence seq
                    && seq.size() == 2
                    && seq.getObjectAt(0) instanceof ASN1Integer r && r.getValue().signum() > 0
                    && seq.getObjectAt(1) instanceof ASN1Integer s && s.getValue().signum() > 0
                    && Arrays.equals(p.getEncoded(ASN1Encoding.DER), signature);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Bouncy Castle where bin/bench-ike-auth measures it clearly faster than the JDK: Ed25519 (sign
     * about 15x, verify about 9x) and ECDSA verification (2 to 2.5x, P-256 and P-384). The JDK
     * everywhere else: it signs ECDSA P-256 faster than Bouncy Castle, and RSA is equal or better.
     */
    private static Signature newSignature(SignatureScheme scheme, Optional<PSSParameterSpec> pss, boolean verification)
            throws GeneralSecurityException {
        boolean bouncyCastle = scheme.keyType() == KeyType.ED25519 || verification && scheme.keyType() == KeyType.EC;
        Signature s = bouncyCastle
                ? Signature.getInstance(scheme.jcaAlgorithm(), BouncyCastle.PROVIDER)
                : Signature.getInstance(scheme.jcaAlgorithm());
        if (pss.isPresent()) s.setParameter(pss.get());
        return s;
    }
}
