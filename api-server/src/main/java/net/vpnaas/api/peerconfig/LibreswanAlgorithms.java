package net.vpnaas.api.peerconfig;

import java.util.Optional;
import net.vpnaas.model.crypto.EncryptionAlgorithm;
import net.vpnaas.model.crypto.IntegrityAlgorithm;
import net.vpnaas.model.crypto.KeyExchangeMethod;
import net.vpnaas.model.crypto.PseudoRandomFunction;

/**
 * Our transforms in Libreswan's ike= and esp= vocabulary (ipsec.conf(5)). The switches are
 * exhaustive: a transform added to the model does not compile until it is given a name here or is
 * declared inexpressible. Libreswan names one hash for both PRF and integrity.
 */
final class LibreswanAlgorithms {
    private LibreswanAlgorithms() {}

    static String encryption(EncryptionAlgorithm e) {
        return switch (e) {
            case AES_CBC_128 -> "aes128";
            case AES_CBC_256 -> "aes256";
            case AES_GCM_16_128 -> "aes_gcm128";
            case AES_GCM_16_256 -> "aes_gcm256";
            case CHACHA20_POLY1305 -> "chacha20_poly1305";
        };
    }

    static String integrity(IntegrityAlgorithm i) {
        return switch (i) {
            case HMAC_SHA2_256_128 -> "sha2_256";
            case HMAC_SHA2_384_192 -> "sha2_384";
            case HMAC_SHA2_512_256 -> "sha2_512";
        };
    }

    static String prf(PseudoRandomFunction f) {
        return switch (f) {
            case HMAC_SHA2_256 -> "sha2_256";
            case HMAC_SHA2_384 -> "sha2_384";
            case HMAC_SHA2_512 -> "sha2_512";
        };
    }

    /**
     * Empty where Libreswan has no such group: Curve448 (its crypto library, NSS, lacks it) and ML-KEM
     * (not in the Libreswan 4 releases the output is written for).
     */
    static Optional<String> keyExchange(KeyExchangeMethod k) {
        return switch (k) {
            case MODP_2048 -> Optional.of("dh14");
            case MODP_3072 -> Optional.of("dh15");
            case MODP_4096 -> Optional.of("dh16");
            case ECP_256 -> Optional.of("dh19");
            case ECP_384 -> Optional.of("dh20");
            case ECP_521 -> Optional.of("dh21");
            case CURVE_25519 -> Optional.of("dh31");
            case CURVE_448, ML_KEM_512, ML_KEM_768, ML_KEM_1024, QKD -> Optional.empty();
        };
    }
}
