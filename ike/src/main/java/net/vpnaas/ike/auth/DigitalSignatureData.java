package net.vpnaas.ike.auth;

import java.io.IOException;
import java.math.BigInteger;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * The authentication data of AUTH method 14 (RFC 7427 section 3):
 * <pre>
 * 1 octet   length of the ASN.1 AlgorithmIdentifier
 * n octets  DER AlgorithmIdentifier
 * rest      signature value
 * </pre>
 *
 * @param pssParameters the parameters the peer asked for, when {@code scheme} is RSASSA-PSS
 */
record DigitalSignatureData(SignatureScheme scheme, Optional<PSSParameterSpec> pssParameters, byte[] signature) {

    private static final String ID_RSASSA_PSS = "1.2.840.113549.1.1.10";
    private static final String ID_MGF1 = "1.2.840.113549.1.1.8";
    /** Larger salts than this cannot fit any RSA key we would accept; stops absurd values early. */
    private static final int MAX_PSS_SALT = 1024;

    private static final Map<String, SignatureScheme> WITHOUT_PARAMETERS = Map.of(
            "1.2.840.10045.4.3.2", SignatureScheme.ECDSA_SHA256,
            "1.2.840.10045.4.3.3", SignatureScheme.ECDSA_SHA384,
            "1.2.840.10045.4.3.4", SignatureScheme.ECDSA_SHA512,
            "1.2.840.113549.1.1.11", SignatureScheme.RSA_PKCS1_SHA256,
            "1.2.840.113549.1.1.12", SignatureScheme.RSA_PKCS1_SHA384,
            "1.2.840.113549.1.1.13", SignatureScheme.RSA_PKCS1_SHA512,
            "1.3.101.112", SignatureScheme.ED25519);

    /** Algorithms a peer may well send that we refuse on purpose, named so the log says which. */
    private static final Map<String, String> REFUSED = Map.of(
            "1.2.840.113549.1.1.5", "sha1WithRSAEncryption (SHA-1 is not accepted with method 14)",
            "1.2.840.10045.4.1", "ecdsa-with-SHA1 (SHA-1 is not accepted with method 14)",
            "1.2.840.10040.4.3", "dsa-with-sha1 (DSA is not supported)",
            "2.16.840.1.101.3.4.3.2", "dsa-with-sha256 (DSA is not supported)",
            "1.3.101.113", "id-Ed448 (not supported)");

    private static final Map<String, HashAlgorithm> HASHES = Map.of(
            "1.3.14.3.2.26", HashAlgorithm.SHA1,
            "2.16.840.1.101.3.4.2.1", HashAlgorithm.SHA2_256,
            "2.16.840.1.101.3.4.2.2", HashAlgorithm.SHA2_384,
            "2.16.840.1.101.3.4.2.3", HashAlgorithm.SHA2_512);

    static byte[] encode(byte[] algorithmIdentifier, byte[] signature) {
        if (algorithmIdentifier.length > 255) throw new IllegalArgumentException("AlgorithmIdentifier too long");
        byte[] out = new byte[1 + algorithmIdentifier.length + signature.length];
        out[0] = (byte) algorithmIdentifier.length;
        System.arraycopy(algorithmIdentifier, 0, out, 1, algorithmIdentifier.length);
        System.arraycopy(signature, 0, out, 1 + algorithmIdentifier.length, signature.length);
        return out;
    }

    static DigitalSignatureData decode(byte[] data) throws Rejected {
        if (data.length == 0) throw Rejected.malformed("empty authentication data");
        int length = data[0] & 0xFF;
        if (length == 0) throw Rejected.malformed("AlgorithmIdentifier length is zero");
        if (1 + length > data.length) {
            throw Rejected.malformed("AlgorithmIdentifier length " + length + " exceeds the "
                    + (data.length - 1) + " octets that follow it");
        }
        if (1 + length == data.length) throw Rejected.malformed("no signature after the AlgorithmIdentifier");
        AlgorithmIdentifier algorithm = parseAlgorithmIdentifier(Arrays.copyOfRange(data, 1, 1 + length));
        byte[] signature = Arrays.copyOfRange(data, 1 + length, data.length);

        String oid = algorithm.getAlgorithm().getId();
        ASN1Encodable parameters = algorithm.getParameters();
        SignatureScheme plain = WITHOUT_PARAMETERS.get(oid);
        if (plain != null) {
            if (parameters != null && !(parameters instanceof ASN1Null)) {
                throw Rejected.malformed("unexpected parameters in the AlgorithmIdentifier of " + plain);
            }
            return new DigitalSignatureData(plain, Optional.empty(), signature);
        }
        if (ID_RSASSA_PSS.equals(oid)) {
            PssChoice pss = pss(parameters);
            return new DigitalSignatureData(pss.scheme, Optional.of(pss.spec), signature);
        }
        throw Rejected.unsupported("signature algorithm " + REFUSED.getOrDefault(oid, "with OID " + oid));
    }

    private static AlgorithmIdentifier parseAlgorithmIdentifier(byte[] der) throws Rejected {
        try {
            // fromByteArray refuses trailing octets; getInstance refuses anything but a SEQUENCE
            // starting with an OBJECT IDENTIFIER.
            AlgorithmIdentifier id = AlgorithmIdentifier.getInstance(ASN1Primitive.fromByteArray(der));
            id.getAlgorithm().getId(); // force lazily parsed content now, inside this try
            return id;
        } catch (IOException | RuntimeException e) {
            throw Rejected.malformed("AlgorithmIdentifier is not valid DER: " + e.getMessage());
        }
    }

    /**
     * The hash an AlgorithmIdentifier names (null if not one we know). Its parameters must be NULL
     * or absent (RFC 4055 section 2.1); anything else would make the same signature acceptable under
     * many encodings.
     */
    private static HashAlgorithm hash(AlgorithmIdentifier id) throws Rejected {
        ASN1Encodable parameters = id.getParameters();
        if (parameters != null && !(parameters instanceof ASN1Null)) {
            throw Rejected.malformed("hash AlgorithmIdentifier " + id.getAlgorithm().getId() + " with parameters");
        }
        return HASHES.get(id.getAlgorithm().getId());
    }

    private record PssChoice(SignatureScheme scheme, PSSParameterSpec spec) {
    }

    /** RFC 4055 RSASSA-PSS-params; we accept SHA-2 hashes with MGF1 over the same hash and trailer 1. */
    private static PssChoice pss(ASN1Encodable parameters) throws Rejected {
        if (parameters == null || parameters instanceof ASN1Null) {
            throw Rejected.unsupported("RSASSA-PSS without parameters means SHA-1, which is not accepted");
        }
        RSASSAPSSparams p;
        AlgorithmIdentifier hashId;
        AlgorithmIdentifier mgfHashId = null;
        String mgf;
        BigInteger salt;
        BigInteger trailer;
        try {
            p = RSASSAPSSparams.getInstance(parameters);
            hashId = p.getHashAlgorithm();
            mgf = p.getMaskGenAlgorithm().getAlgorithm().getId();
            if (ID_MGF1.equals(mgf)) mgfHashId = AlgorithmIdentifier.getInstance(p.getMaskGenAlgorithm().getParameters());
            salt = p.getSaltLength();
            trailer = p.getTrailerField();
        } catch (RuntimeException e) {
            throw Rejected.malformed("RSASSA-PSS parameters are not valid: " + e.getMessage());
        }
        HashAlgorithm hash = hash(hashId);
        HashAlgorithm mgfHash = mgfHashId == null ? null : hash(mgfHashId);
        if (hash == null || hash == HashAlgorithm.SHA1) {
            throw Rejected.unsupported("RSASSA-PSS hash " + hashId.getAlgorithm().getId());
        }
        if (!ID_MGF1.equals(mgf)) throw Rejected.unsupported("RSASSA-PSS mask generation function " + mgf);
        if (mgfHash != hash) throw Rejected.unsupported("RSASSA-PSS with an MGF1 hash other than the message hash");
        if (salt.signum() < 0 || salt.compareTo(BigInteger.valueOf(MAX_PSS_SALT)) > 0) {
            throw Rejected.malformed("RSASSA-PSS salt length " + salt + " out of range");
        }
        if (!BigInteger.ONE.equals(trailer)) throw Rejected.unsupported("RSASSA-PSS trailer field " + trailer);
        SignatureScheme scheme = switch (hash) {
            case SHA2_256 -> SignatureScheme.RSA_PSS_SHA256;
            case SHA2_384 -> SignatureScheme.RSA_PSS_SHA384;
            default -> SignatureScheme.RSA_PSS_SHA512;
        };
        return new PssChoice(scheme, SignatureScheme.pss(hash, salt.intValueExact()));
    }
}
