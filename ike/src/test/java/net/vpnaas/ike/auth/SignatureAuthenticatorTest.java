package net.vpnaas.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import net.vpnaas.ike.message.AuthMethod;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureAuthenticatorTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Two keys of each kind: "the" key and a wrong one of the same type. */
    private static final KeyPair P256 = TestKeys.P256;
    private static final KeyPair P256_OTHER = TestKeys.P256_OTHER;
    private static final KeyPair P384 = TestKeys.P384;
    private static final KeyPair P384_OTHER = TestKeys.P384_OTHER;
    private static final KeyPair P521 = TestKeys.P521;
    private static final KeyPair P521_OTHER = TestKeys.P521_OTHER;
    private static final KeyPair RSA = TestKeys.RSA;
    private static final KeyPair RSA_OTHER = TestKeys.RSA_OTHER;
    private static final KeyPair ED = TestKeys.ED;
    private static final KeyPair ED_OTHER = TestKeys.ED_OTHER;
    private static final Map<KeyPair, X509Certificate> CERTS = new java.util.IdentityHashMap<>();

    /** Stands in for "RealMessage1 | NonceRData | MACedIDForI". */
    private static final byte[] OCTETS = HEX.parseHex("2f3e6c0a1d00000000000000000000002120220800000000000001c4"
            + "220000300000002c010100040300000c0100000c800e0080030000080300000c00000008020000050000000804000013");

    private static KeyPair keyFor(SignatureScheme s) {
        return switch (s) {
            case ECDSA_SHA256, ECDSA_P256_METHOD_9 -> P256;
            case ECDSA_SHA384, ECDSA_P384_METHOD_10 -> P384;
            case ECDSA_SHA512, ECDSA_P521_METHOD_11 -> P521;
            case ED25519 -> ED;
            default -> RSA;
        };
    }

    private static KeyPair otherKeyFor(SignatureScheme s) {
        KeyPair k = keyFor(s);
        return k == P256 ? P256_OTHER : k == P384 ? P384_OTHER : k == P521 ? P521_OTHER : k == ED ? ED_OTHER : RSA_OTHER;
    }

    private static synchronized X509Certificate cert(KeyPair key) {
        return CERTS.computeIfAbsent(key, k -> TestPki.root("CN=holder", k));
    }

    private static AuthData sign(SignatureScheme s, byte[] octets) throws Exception {
        return SignatureAuthenticator.sign(keyFor(s).getPrivate(), s, octets);
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void signThenVerifyRoundTrips(SignatureScheme scheme) throws Exception {
        AuthData auth = sign(scheme, OCTETS);

        assertThat(auth.method()).isEqualTo(scheme.authMethod().code());
        if (scheme.authMethod() == AuthMethod.DIGITAL_SIGNATURE) {
            byte[] algorithmIdentifier = scheme.algorithmIdentifier().orElseThrow();
            assertThat(auth.data()[0] & 0xFF).isEqualTo(algorithmIdentifier.length);
            assertThat(Arrays.copyOfRange(auth.data(), 1, 1 + algorithmIdentifier.length)).isEqualTo(algorithmIdentifier);
        }
        assertThat(SignatureAuthenticator.verify(cert(keyFor(scheme)), auth, OCTETS))
                .isEqualTo(new VerifyResult.Verified(scheme));
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void aSignatureFromAnotherKeyIsBad(SignatureScheme scheme) throws Exception {
        AuthData forged = SignatureAuthenticator.sign(otherKeyFor(scheme).getPrivate(), scheme, OCTETS);

        assertThat(SignatureAuthenticator.verify(cert(keyFor(scheme)), forged, OCTETS))
                .isEqualTo(new VerifyResult.BadSignature(scheme));
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void anyTamperedOctetIsBad(SignatureScheme scheme) throws Exception {
        AuthData auth = sign(scheme, OCTETS);
        for (int position : new int[] {0, OCTETS.length / 2, OCTETS.length - 1}) {
            byte[] tampered = OCTETS.clone();
            tampered[position] ^= 0x01;
            assertThat(SignatureAuthenticator.verify(cert(keyFor(scheme)), auth, tampered))
                    .as("octet %d flipped", position)
                    .isEqualTo(new VerifyResult.BadSignature(scheme));
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void aTamperedSignatureIsBad(SignatureScheme scheme) throws Exception {
        byte[] data = sign(scheme, OCTETS).data();
        data[data.length - 1] ^= 0x01;

        assertThat(SignatureAuthenticator.verify(cert(keyFor(scheme)), new AuthData(scheme.authMethod(), data), OCTETS))
                .isEqualTo(new VerifyResult.BadSignature(scheme));
    }

    @Test
    void anAlgorithmForAnotherKeyTypeIsAKeyTypeMismatch() throws Exception {
        AuthData ecdsa = sign(SignatureScheme.ECDSA_SHA256, OCTETS);
        AuthData rsa = sign(SignatureScheme.RSA_PKCS1_SHA256, OCTETS);
        AuthData method9 = sign(SignatureScheme.ECDSA_P256_METHOD_9, OCTETS);

        assertThat(SignatureAuthenticator.verify(cert(RSA), ecdsa, OCTETS)).isInstanceOf(VerifyResult.KeyTypeMismatch.class);
        assertThat(SignatureAuthenticator.verify(cert(ED), rsa, OCTETS)).isInstanceOf(VerifyResult.KeyTypeMismatch.class);
        assertThat(SignatureAuthenticator.verify(cert(P384), method9, OCTETS))
                .isEqualTo(new VerifyResult.KeyTypeMismatch("AUTH method 9 needs a P256 key, the key is on P384"));
    }

    @Test
    void signingWithAKeyThatDoesNotFitTheSchemeFails() {
        assertThatThrownBy(() -> SignatureAuthenticator.sign(RSA.getPrivate(), SignatureScheme.ECDSA_SHA256, OCTETS))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> SignatureAuthenticator.sign(P384.getPrivate(), SignatureScheme.ECDSA_P256_METHOD_9, OCTETS))
                .isInstanceOf(InvalidKeyException.class);
    }

    /** RFC 7427 appendix A (and RFC 8420 section 3 for Ed25519), hex dumps copied from the RFCs. */
    @Test
    void algorithmIdentifiersAreTheOnesOfRfc7427AppendixA() {
        Map<SignatureScheme, String> rfc = new EnumMap<>(SignatureScheme.class);
        rfc.put(SignatureScheme.RSA_PKCS1_SHA256, "300d 0609 2a86 4886 f70d 0101 0b05 00"); // A.1.2
        rfc.put(SignatureScheme.RSA_PKCS1_SHA384, "300d 0609 2a86 4886 f70d 0101 0c05 00"); // A.1.3
        rfc.put(SignatureScheme.RSA_PKCS1_SHA512, "300d 0609 2a86 4886 f70d 0101 0d05 00"); // A.1.4
        rfc.put(SignatureScheme.ECDSA_SHA256, "300a 0608 2a86 48ce 3d04 0302"); // A.3.2
        rfc.put(SignatureScheme.ECDSA_SHA384, "300a 0608 2a86 48ce 3d04 0303"); // A.3.3
        rfc.put(SignatureScheme.ECDSA_SHA512, "300a 0608 2a86 48ce 3d04 0304"); // A.3.4
        rfc.put(SignatureScheme.RSA_PSS_SHA256, // A.4.3
                "3046 0609 2a86 4886 f70d 0101 0a30 39a0 0f30 0d06 0960 8648 0165 0304 0201 0500"
                        + "a11c 301a 0609 2a86 4886 f70d 0101 0830 0d06 0960 8648 0165 0304 0201 0500"
                        + "a203 0201 20a3 0302 0101");
        rfc.put(SignatureScheme.ED25519, "3005 0603 2b65 70"); // RFC 8420

        rfc.forEach((scheme, dump) -> assertThat(HEX.formatHex(scheme.algorithmIdentifier().orElseThrow()))
                .as(scheme.name()).isEqualTo(dump.replace(" ", "")));
    }

    /** Cross-check against Bouncy Castle's own DER encoder, which knows nothing of our constants. */
    @Test
    void algorithmIdentifiersAgreeWithBouncyCastle() throws Exception {
        assertThat(SignatureScheme.RSA_PKCS1_SHA384.algorithmIdentifier().orElseThrow())
                .isEqualTo(new AlgorithmIdentifier(PKCSObjectIdentifiers.sha384WithRSAEncryption, DERNull.INSTANCE).getEncoded());
        assertThat(SignatureScheme.ECDSA_SHA512.algorithmIdentifier().orElseThrow())
                .isEqualTo(new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA512).getEncoded());
        assertThat(SignatureScheme.ED25519.algorithmIdentifier().orElseThrow())
                .isEqualTo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519).getEncoded());
        for (SignatureScheme pss : new SignatureScheme[] {SignatureScheme.RSA_PSS_SHA256, SignatureScheme.RSA_PSS_SHA384, SignatureScheme.RSA_PSS_SHA512}) {
            AlgorithmIdentifier id = AlgorithmIdentifier.getInstance(pss.algorithmIdentifier().orElseThrow());
            RSASSAPSSparams p = RSASSAPSSparams.getInstance(id.getParameters());
            assertThat(id.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_RSASSA_PSS);
            assertThat(p.getHashAlgorithm().getAlgorithm()).isEqualTo(nistHash(pss.hash()));
            assertThat(p.getMaskGenAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_mgf1);
            assertThat(AlgorithmIdentifier.getInstance(p.getMaskGenAlgorithm().getParameters()).getAlgorithm()).isEqualTo(nistHash(pss.hash()));
            assertThat(p.getSaltLength().intValue()).isEqualTo(pss.hash().length());
            assertThat(p.getTrailerField().intValue()).isEqualTo(1);
        }
    }

    private static org.bouncycastle.asn1.ASN1ObjectIdentifier nistHash(HashAlgorithm h) {
        return switch (h) {
            case SHA2_256 -> NISTObjectIdentifiers.id_sha256;
            case SHA2_384 -> NISTObjectIdentifiers.id_sha384;
            default -> NISTObjectIdentifiers.id_sha512;
        };
    }

    /** strongSwan writes RSASSA-PSS parameters in strict DER: no trailer field (30 41 ...). */
    @Test
    void strictDerPssParametersWithoutTrailerFieldAreAccepted() throws Exception {
        byte[] algorithmIdentifier = pssAlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, 32);
        assertThat(HEX.formatHex(algorithmIdentifier)).startsWith("3041");
        AuthData auth = new AuthData(AuthMethod.DIGITAL_SIGNATURE,
                DigitalSignatureData.encode(algorithmIdentifier, jdkPss(32, OCTETS)));

        assertThat(SignatureAuthenticator.verify(cert(RSA), auth, OCTETS))
                .isEqualTo(new VerifyResult.Verified(SignatureScheme.RSA_PSS_SHA256));
    }

    @Test
    void thePssSaltLengthIsTakenFromTheParameters() throws Exception {
        AuthData salt20 = new AuthData(AuthMethod.DIGITAL_SIGNATURE,
                DigitalSignatureData.encode(pssAlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, 20), jdkPss(20, OCTETS)));
        AuthData claimsSalt32 = new AuthData(AuthMethod.DIGITAL_SIGNATURE,
                DigitalSignatureData.encode(pssAlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, 32), jdkPss(20, OCTETS)));

        assertThat(SignatureAuthenticator.verify(cert(RSA), salt20, OCTETS)).isEqualTo(new VerifyResult.Verified(SignatureScheme.RSA_PSS_SHA256));
        assertThat(SignatureAuthenticator.verify(cert(RSA), claimsSalt32, OCTETS)).isEqualTo(new VerifyResult.BadSignature(SignatureScheme.RSA_PSS_SHA256));
    }

    private static byte[] pssAlgorithmIdentifier(org.bouncycastle.asn1.ASN1ObjectIdentifier hash, int salt) throws Exception {
        AlgorithmIdentifier h = new AlgorithmIdentifier(hash, DERNull.INSTANCE);
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, new RSASSAPSSparams(h,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, h), new ASN1Integer(salt), new ASN1Integer(1))).getEncoded("DER");
    }

    private static byte[] jdkPss(int salt, byte[] octets) throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
        s.initSign(RSA.getPrivate());
        s.update(octets);
        return s.sign();
    }

    @Test
    void refusedAndUnknownAlgorithmsAreUnsupported() throws Exception {
        byte[] rsaSignature = Arrays.copyOfRange(sign(SignatureScheme.RSA_PKCS1_SHA256, OCTETS).data(), 16, 16 + 256);
        byte[] sha1WithRsa = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha1WithRSAEncryption, DERNull.INSTANCE).getEncoded();
        byte[] someOid = new AlgorithmIdentifier(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.4")).getEncoded();
        byte[] pssDefaults = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS).getEncoded();
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        byte[] pssMixedHashes = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, new RSASSAPSSparams(sha256,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha512, DERNull.INSTANCE)),
                new ASN1Integer(32), new ASN1Integer(1))).getEncoded();

        assertThat(verifyRsa(DigitalSignatureData.encode(sha1WithRsa, rsaSignature)))
                .isEqualTo(new VerifyResult.UnsupportedAlgorithm("signature algorithm sha1WithRSAEncryption (SHA-1 is not accepted with method 14)"));
        assertThat(verifyRsa(DigitalSignatureData.encode(someOid, rsaSignature)))
                .isEqualTo(new VerifyResult.UnsupportedAlgorithm("signature algorithm with OID 1.2.3.4"));
        assertThat(verifyRsa(DigitalSignatureData.encode(pssDefaults, rsaSignature))).isInstanceOf(VerifyResult.UnsupportedAlgorithm.class);
        assertThat(verifyRsa(DigitalSignatureData.encode(pssMixedHashes, rsaSignature))).isInstanceOf(VerifyResult.UnsupportedAlgorithm.class);
        assertThat(SignatureAuthenticator.verify(cert(RSA), new AuthData(200, rsaSignature), OCTETS))
                .isEqualTo(new VerifyResult.UnsupportedAlgorithm("unknown AUTH method 200"));
        assertThat(SignatureAuthenticator.verify(cert(RSA), new AuthData(AuthMethod.SHARED_KEY_MIC, rsaSignature), OCTETS))
                .isInstanceOf(VerifyResult.UnsupportedAlgorithm.class);
    }

    private static VerifyResult verifyRsa(byte[] data) {
        return SignatureAuthenticator.verify(cert(RSA), new AuthData(AuthMethod.DIGITAL_SIGNATURE, data), OCTETS);
    }

    @Test
    void malformedAuthDataIsMalformedNeverAnException() throws Exception {
        byte[] ecdsaId = SignatureScheme.ECDSA_SHA256.algorithmIdentifier().orElseThrow();
        byte[] edId = SignatureScheme.ED25519.algorithmIdentifier().orElseThrow();
        byte[] rsaId = SignatureScheme.RSA_PKCS1_SHA256.algorithmIdentifier().orElseThrow();
        byte[] goodEcdsa = sign(SignatureScheme.ECDSA_SHA256, OCTETS).data();
        byte[] goodEcdsaSignature = Arrays.copyOfRange(goodEcdsa, 1 + ecdsaId.length, goodEcdsa.length);
        byte[] sig64 = new byte[64];
        Arrays.fill(sig64, (byte) 0x5a);
        byte[] negativeR = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(-5), new ASN1Integer(7)}).getEncoded();
        byte[] edWithParameters = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519, new ASN1Integer(5)).getEncoded();
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        byte[] hugeSalt = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, new RSASSAPSSparams(sha256,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256), new ASN1Integer(1L << 40), new ASN1Integer(1))).getEncoded();

        record Case(String name, X509Certificate cert, int method, byte[] data) {
        }
        Case[] cases = {
                new Case("empty", cert(P256), 14, new byte[0]),
                new Case("length byte zero", cert(P256), 14, concat(new byte[] {0}, ecdsaId, goodEcdsaSignature)),
                new Case("length beyond data", cert(P256), 14, concat(new byte[] {(byte) 0xFF}, ecdsaId)),
                new Case("length byte only", cert(P256), 14, new byte[] {12}),
                new Case("no signature", cert(P256), 14, concat(new byte[] {(byte) ecdsaId.length}, ecdsaId)),
                new Case("garbage DER", cert(P256), 14, concat(new byte[] {5}, HEX.parseHex("ffffffffff"), goodEcdsaSignature)),
                new Case("not a SEQUENCE", cert(P256), 14, concat(new byte[] {4}, HEX.parseHex("04020102"), goodEcdsaSignature)),
                new Case("truncated AlgorithmIdentifier", cert(P256), 14, concat(new byte[] {8}, Arrays.copyOf(ecdsaId, 8), goodEcdsaSignature)),
                new Case("inner length beyond outer", cert(P256), 14, concat(new byte[] {12}, HEX.parseHex("307f06082a8648ce3d040302"), goodEcdsaSignature)),
                new Case("trailing octet inside AlgorithmIdentifier", cert(P256), 14, concat(new byte[] {13}, ecdsaId, new byte[] {0}, goodEcdsaSignature)),
                new Case("ECDSA signature not DER", cert(P256), 14, concat(new byte[] {12}, ecdsaId, sig64)),
                new Case("ECDSA signature with negative r", cert(P256), 14, concat(new byte[] {12}, ecdsaId, negativeR)),
                new Case("ECDSA signature with trailing octet", cert(P256), 14, concat(new byte[] {12}, ecdsaId, goodEcdsaSignature, new byte[] {0})),
                new Case("Ed25519 with parameters", cert(ED), 14, DigitalSignatureData.encode(edWithParameters, sig64)),
                new Case("Ed25519 signature of 63 octets", cert(ED), 14, DigitalSignatureData.encode(edId, Arrays.copyOf(sig64, 63))),
                new Case("RSA signature too short", cert(RSA), 14, DigitalSignatureData.encode(rsaId, sig64)),
                new Case("RSA method 1 signature too long", cert(RSA), 1, new byte[257]),
                new Case("PSS salt out of range", cert(RSA), 14, DigitalSignatureData.encode(hugeSalt, new byte[256])),
                new Case("method 9 r|s of 63 octets", cert(P256), 9, Arrays.copyOf(sig64, 63)),
                new Case("method 10 empty", cert(P384), 10, new byte[0]),
        };
        for (Case c : cases) {
            assertThat(SignatureAuthenticator.verify(c.cert, new AuthData(c.method, c.data), OCTETS))
                    .as(c.name).isInstanceOf(VerifyResult.Malformed.class);
        }
    }

    /** Random mutations of valid AUTH data: whatever comes back, it is a result, and never Verified. */
    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void mutatedAuthDataNeverThrowsAndNeverVerifies(SignatureScheme scheme) throws Exception {
        byte[] original = sign(scheme, OCTETS).data();
        X509Certificate cert = cert(keyFor(scheme));
        Random random = new Random(scheme.ordinal() * 7919L);
        for (int i = 0; i < 60; i++) {
            byte[] mutated = mutate(original, random);
            int method = random.nextInt(10) == 0 ? random.nextInt(256) : scheme.authMethod().code();
            VerifyResult result = SignatureAuthenticator.verify(cert, new AuthData(method, mutated), OCTETS);
            assertThat(result).isNotNull();
            if (result.verified()) {
                assertThat(mutated).as("only the unmodified data may verify").isEqualTo(original);
            }
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        X509Certificate[] certs = {cert(P256), cert(P384), cert(RSA), cert(ED)};
        for (int i = 0; i < 2000; i++) {
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            if (data.length > 0 && random.nextBoolean()) data[0] = (byte) Math.min(data.length - 1, random.nextInt(80));
            if (data.length > 1 && random.nextBoolean()) data[1] = 0x30;
            VerifyResult result = SignatureAuthenticator.verify(certs[i % certs.length], new AuthData(new int[] {1, 9, 10, 11, 14}[i % 5], data), OCTETS);
            assertThat(result.verified()).isFalse();
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] m = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> m[random.nextInt(Math.min(m.length, 80))] = (byte) random.nextInt(256);
            case 2 -> m = Arrays.copyOf(m, random.nextInt(m.length));
            case 3 -> {
                int at = random.nextInt(m.length);
                byte[] longer = new byte[m.length + 1];
                System.arraycopy(m, 0, longer, 0, at);
                longer[at] = (byte) random.nextInt(256);
                System.arraycopy(m, at, longer, at + 1, m.length - at);
                m = longer;
            }
            default -> m[0] = (byte) random.nextInt(256);
        }
        return m;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) length += p.length;
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
