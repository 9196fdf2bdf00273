package net.vpnaas.api.peerconfig;

import java.util.Optional;
import net.vpnaas.model.crypto.EncryptionAlgorithm;
import net.vpnaas.model.crypto.IntegrityAlgorithm;
import net.vpnaas.model.crypto.KeyExchangeMethod;
import net.vpnaas.model.crypto.PseudoRandomFunction;

/**
 * Our transforms in Cisco IOS XE's vocabulary: IKEv2 proposals ({@code encryption}, {@code integrity},
 * {@code prf}, {@code group}) and IPsec transform sets. Exhaustive switches, as in
 * {@link LibreswanAlgorithms}; empty where IOS XE has no such transform.
 */
final class CiscoIosAlgorithms {
    private CiscoIosAlgorithms() {}

    /** In an IKEv2 proposal; IOS XE has no ChaCha20-Poly1305. */
    static Optional<String> ikeEncryption(EncryptionAlgorithm e) {
        return switch (e) {
            case AES_CBC_128 -> Optional.of("aes-cbc-128");
            case AES_CBC_256 -> Optional.of("aes-cbc-256");
            case AES_GCM_16_128 -> Optional.of("aes-gcm-128");
            case AES_GCM_16_256 -> Optional.of("aes-gcm-256");
            case CHACHA20_POLY1305 -> Optional.empty();
        };
    }

    /** In a transform set. */
    static Optional<String> espEncryption(EncryptionAlgorithm e) {
        return switch (e) {
            case AES_CBC_128 -> Optional.of("esp-aes 128");
            case AES_CBC_256 -> Optional.of("esp-aes 256");
            case AES_GCM_16_128 -> Optional.of("esp-gcm 128");
            case AES_GCM_16_256 -> Optional.of("esp-gcm 256");
            case CHACHA20_POLY1305 -> Optional.empty();
        };
    }

    static String ikeIntegrity(IntegrityAlgorithm i) {
        return switch (i) {
            case HMAC_SHA2_256_128 -> "sha256";
            case HMAC_SHA2_384_192 -> "sha384";
            case HMAC_SHA2_512_256 -> "sha512";
        };
    }

    static String espIntegrity(IntegrityAlgorithm i) {
        return switch (i) {
            case HMAC_SHA2_256_128 -> "esp-sha256-hmac";
            case HMAC_SHA2_384_192 -> "esp-sha384-hmac";
            case HMAC_SHA2_512_256 -> "esp-sha512-hmac";
        };
    }

    static String prf(PseudoRandomFunction f) {
        return switch (f) {
            case HMAC_SHA2_256 -> "sha256";
            case HMAC_SHA2_384 -> "sha384";
            case HMAC_SHA2_512 -> "sha512";
        };
    }

    /** The group number for {@code group} (IKEv2 proposal) and {@code set pfs groupN}; IOS XE has neither Curve25519 nor Curve448 nor ML-KEM. */
    static Optional<Integer> group(KeyExchangeMethod k) {
        return switch (k) {
            case MODP_2048 -> Optional.of(14);
            case MODP_3072 -> Optional.of(15);
            case MODP_4096 -> Optional.of(16);
            case ECP_256 -> Optional.of(19);
            case ECP_384 -> Optional.of(20);
            case ECP_521 -> Optional.of(21);
            case CURVE_25519, CURVE_448, ML_KEM_512, ML_KEM_768, ML_KEM_1024, QKD -> Optional.empty();
        };
    }
}
