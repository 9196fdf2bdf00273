package net.vpnaas.ike.auth;

import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.vpnaas.ike.message.AuthMethod;

/**
 * One way of producing signature AUTH data: the AUTH method, and for method 14 the signature
 * algorithm and its AlgorithmIdentifier.
 */
public enum SignatureScheme {
    // RFC 7427 (AUTH method 14). AlgorithmIdentifiers as printed in RFC 7427 appendix A.
    ECDSA_SHA256(KeyType.EC, HashAlgorithm.SHA2_256, "SHA256withECDSA", "300a06082a8648ce3d040302"),
    ECDSA_SHA384(KeyType.EC, HashAlgorithm.SHA2_384, "SHA384withECDSA", "300a06082a8648ce3d040303"),
    ECDSA_SHA512(KeyType.EC, HashAlgorithm.SHA2_512, "SHA512withECDSA", "300a06082a8648ce3d040304"),
    RSA_PKCS1_SHA256(KeyType.RSA, HashAlgorithm.SHA2_256, "SHA256withRSA", "300d06092a864886f70d01010b0500"),
    RSA_PKCS1_SHA384(KeyType.RSA, HashAlgorithm.SHA2_384, "SHA384withRSA", "300d06092a864886f70d01010c0500"),
    RSA_PKCS1_SHA512(KeyType.RSA, HashAlgorithm.SHA2_512, "SHA512withRSA", "300d06092a864886f70d01010d0500"),
    // RSASSA-PSS with explicit parameters: hash, MGF1 with the same hash, salt = hash length, and the
    // trailer field written out. RFC 7427 A.4.3 prints exactly this form for SHA-256 (Libreswan's blob
    // table has the same bytes); we build SHA-384/512 the same way. Strict DER would omit the default trailer
    // field; our parser accepts both forms, and so does strongSwan.
    RSA_PSS_SHA256(KeyType.RSA, HashAlgorithm.SHA2_256, "RSASSA-PSS", pssAlgorithmIdentifier("01", "20")),
    RSA_PSS_SHA384(KeyType.RSA, HashAlgorithm.SHA2_384, "RSASSA-PSS", pssAlgorithmIdentifier("02", "30")),
    RSA_PSS_SHA512(KeyType.RSA, HashAlgorithm.SHA2_512, "RSASSA-PSS", pssAlgorithmIdentifier("03", "40")),
    /** id-Ed25519 (RFC 8420): pure EdDSA over the whole signed octets, hash "Identity". */
    ED25519(KeyType.ED25519, HashAlgorithm.IDENTITY, "Ed25519", "300506032b6570"),

    // Classic methods, for peers that sent no SIGNATURE_HASH_ALGORITHMS.
    /** AUTH method 1: RSASSA-PKCS1-v1_5 with SHA-1, as RFC 7296 fixes it. */
    RSA_SHA1_METHOD_1(AuthMethod.RSA_DIGITAL_SIGNATURE, KeyType.RSA, null, HashAlgorithm.SHA1, "SHA1withRSA"),
    /** AUTH method 9 (RFC 4754): ECDSA P-256 with SHA-256, signature as raw r|s. */
    ECDSA_P256_METHOD_9(AuthMethod.ECDSA_SHA256_P256, KeyType.EC, NamedCurve.P256, HashAlgorithm.SHA2_256, "SHA256withECDSAinP1363Format"),
    /** AUTH method 10 (RFC 4754): ECDSA P-384 with SHA-384, raw r|s. */
    ECDSA_P384_METHOD_10(AuthMethod.ECDSA_SHA384_P384, KeyType.EC, NamedCurve.P384, HashAlgorithm.SHA2_384, "SHA384withECDSAinP1363Format"),
    /** AUTH method 11 (RFC 4754): ECDSA P-521 with SHA-512, raw r|s. */
    ECDSA_P521_METHOD_11(AuthMethod.ECDSA_SHA512_P521, KeyType.EC, NamedCurve.P521, HashAlgorithm.SHA2_512, "SHA512withECDSAinP1363Format");

    private final AuthMethod method;
    private final KeyType keyType;
    private final NamedCurve curve;
    private final HashAlgorithm hash;
    private final String jcaAlgorithm;
    private final byte[] algorithmIdentifier;

    SignatureScheme(KeyType keyType, HashAlgorithm hash, String jcaAlgorithm, String algorithmIdentifierHex) {
        this(AuthMethod.DIGITAL_SIGNATURE, keyType, null, hash, jcaAlgorithm, HexFormat.of().parseHex(algorithmIdentifierHex));
    }

    /** A classic method: no AlgorithmIdentifier; {@code curve} only for the RFC 4754 ECDSA methods. */
    SignatureScheme(AuthMethod method, KeyType keyType, NamedCurve curve, HashAlgorithm hash, String jcaAlgorithm) {
        this(method, keyType, curve, hash, jcaAlgorithm, null);
    }

    SignatureScheme(AuthMethod method, KeyType keyType, NamedCurve curve, HashAlgorithm hash, String jcaAlgorithm,
                    byte[] algorithmIdentifier) {
        this.method = method;
        this.keyType = keyType;
        this.curve = curve;
        this.hash = hash;
        this.jcaAlgorithm = jcaAlgorithm;
        this.algorithmIdentifier = algorithmIdentifier;
    }

    public AuthMethod authMethod() {
        return method;
    }

    public KeyType keyType() {
        return keyType;
    }

    public HashAlgorithm hash() {
        return hash;
    }

    /** The curve a classic ECDSA method is bound to; empty for method 14 schemes and RSA. */
    public Optional<NamedCurve> curve() {
        return Optional.ofNullable(curve);
    }

    /** DER AlgorithmIdentifier sent with method 14; empty for the classic methods. */
    public Optional<byte[]> algorithmIdentifier() {
        return Optional.ofNullable(algorithmIdentifier).map(byte[]::clone);
    }

    String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    /** The PSS parameters this scheme signs with; empty unless RSASSA-PSS. */
    Optional<PSSParameterSpec> pssParameters() {
        if (!"RSASSA-PSS".equals(jcaAlgorithm)) return Optional.empty();
        return Optional.of(pss(hash, hash.length()));
    }

    static PSSParameterSpec pss(HashAlgorithm hash, int saltLength) {
        return new PSSParameterSpec(hash.jcaName(), "MGF1", new MGF1ParameterSpec(hash.jcaName()), saltLength,
                PSSParameterSpec.TRAILER_FIELD_BC);
    }

    /**
     * Chooses how to sign with {@code key} given what the peer announced (RFC 7427 section 4).
     * <ul>
     * <li>The peer sent no SIGNATURE_HASH_ALGORITHMS: a classic method (1 for RSA, 9/10/11 for
     * P-256/P-384/P-521); none exists for Ed25519 or other curves.</li>
     * <li>Otherwise method 14 with the hash that matches the key's strength if offered (P-256:
     * SHA-256, P-384: SHA-384, P-521: SHA-512; RSA: SHA-256, since larger hashes add nothing to a
     * 2048/3072-bit key), else the strongest hash offered; Ed25519 needs the Identity hash. With no
     * common hash we fall back to the classic method, as a peer that knows RFC 7427 still accepts those.</li>
     * </ul>
     * Empty when no scheme fits: the engine must not start IKE_AUTH with this key.
     */
    public static Optional<SignatureScheme> select(Key key, SignatureHashAlgorithms peer, RsaPadding rsaPadding) {
        Optional<KeyType> type = KeyType.of(key);
        if (type.isEmpty()) return Optional.empty();
        Optional<NamedCurve> curve = key instanceof ECKey ec ? NamedCurve.of(ec) : Optional.empty();
        Optional<SignatureScheme> classic = switch (type.get()) {
            case RSA -> Optional.of(RSA_SHA1_METHOD_1);
            case EC -> curve.map(c -> switch (c) {
                case P256 -> ECDSA_P256_METHOD_9;
                case P384 -> ECDSA_P384_METHOD_10;
                case P521 -> ECDSA_P521_METHOD_11;
            });
            case ED25519 -> Optional.empty();
        };
        if (peer.isEmpty()) return classic;
        Optional<SignatureScheme> modern = switch (type.get()) {
            case ED25519 -> peer.offers(HashAlgorithm.IDENTITY) ? Optional.of(ED25519) : Optional.empty();
            case RSA -> firstOffered(peer, rsaPadding == RsaPadding.PSS
                    ? List.of(RSA_PSS_SHA256, RSA_PSS_SHA512, RSA_PSS_SHA384)
                    : List.of(RSA_PKCS1_SHA256, RSA_PKCS1_SHA512, RSA_PKCS1_SHA384));
            // A curve outside the NIST three (brainpool, ...) is at most 256 bits in practice: SHA-256 first.
            case EC -> firstOffered(peer, switch (curve.orElse(NamedCurve.P256)) {
                case P256 -> List.of(ECDSA_SHA256, ECDSA_SHA512, ECDSA_SHA384);
                case P384 -> List.of(ECDSA_SHA384, ECDSA_SHA512, ECDSA_SHA256);
                case P521 -> List.of(ECDSA_SHA512, ECDSA_SHA384, ECDSA_SHA256);
            });
        };
        return modern.or(() -> classic);
    }

    private static Optional<SignatureScheme> firstOffered(SignatureHashAlgorithms peer, List<SignatureScheme> preference) {
        return preference.stream().filter(s -> peer.offers(s.hash)).findFirst();
    }

    /**
     * RSASSA-PSS AlgorithmIdentifier in the RFC 7427 A.4.3 layout; {@code hashOidLastOctet} picks
     * id-sha256/384/512 (2.16.840.1.101.3.4.2.1/2/3) and {@code saltHex} is the hash length.
     */
    private static String pssAlgorithmIdentifier(String hashOidLastOctet, String saltHex) {
        String hashAlgorithm = "300d06096086480165030402" + hashOidLastOctet + "0500";
        return "3046"
                + "06092a864886f70d01010a" // id-RSASSA-PSS
                + "3039"
                + "a00f" + hashAlgorithm // [0] hashAlgorithm
                + "a11c301a06092a864886f70d010108" + hashAlgorithm // [1] maskGenAlgorithm: id-mgf1(hash)
                + "a2030201" + saltHex // [2] saltLength
                + "a303020101"; // [3] trailerField 1
    }
}
