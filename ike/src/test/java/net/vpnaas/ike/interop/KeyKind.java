package net.vpnaas.ike.interop;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key types our certificate tests cover, with the signature algorithm a CA of that type signs with. */
public enum KeyKind {
    ECDSA_P256("SHA256withECDSA"),
    RSA_2048("SHA256withRSA"),
    /** Large keys and signatures: what makes IKE_AUTH exceed a datagram and need fragmentation (RFC 7383). */
    RSA_4096("SHA256withRSA"),
    ED25519("Ed25519");

    private final String caSignatureAlgorithm;

    KeyKind(String caSignatureAlgorithm) {
        this.caSignatureAlgorithm = caSignatureAlgorithm;
    }

    String caSignatureAlgorithm() {
        return caSignatureAlgorithm;
    }

    KeyPair generate() {
        try {
            return switch (this) {
                case ECDSA_P256 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    yield g.generateKeyPair();
                }
                case RSA_2048, RSA_4096 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(this == RSA_2048 ? 2048 : 4096);
                    yield g.generateKeyPair();
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + this + " key", e);
        }
    }
}
