package net.vpnaas.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SignatureHashAlgorithmsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final KeyPair P256 = TestKeys.P256;
    private static final KeyPair P384 = TestKeys.P384;
    private static final KeyPair P521 = TestKeys.P521;
    private static final KeyPair RSA = TestKeys.RSA;
    private static final KeyPair ED = TestKeys.ED;

    @Test
    void encodesTwoOctetsPerHash() {
        assertThat(HEX.formatHex(SignatureHashAlgorithms.SUPPORTED.encode())).isEqualTo("0002000300040005");
    }

    @Test
    void decodesInOrderKeepingUnknownIdentifiers() {
        SignatureHashAlgorithms peer = SignatureHashAlgorithms.decode(HEX.parseHex("00040001ffff0002")).orElseThrow();

        assertThat(peer.ids()).containsExactly(4, 1, 0xFFFF, 2);
        assertThat(peer.offers(HashAlgorithm.SHA2_512)).isTrue();
        assertThat(peer.offers(HashAlgorithm.SHA2_384)).isFalse();
        assertThat(SignatureHashAlgorithms.decode(peer.encode())).contains(peer);
    }

    @Test
    void anOddLengthIsMalformed() {
        assertThat(SignatureHashAlgorithms.decode(HEX.parseHex("000200"))).isEmpty();
        assertThat(SignatureHashAlgorithms.decode(new byte[0])).contains(SignatureHashAlgorithms.NOT_SENT);
    }

    @Test
    void withoutTheNotifyOnlyClassicMethodsAreChosen() {
        SignatureHashAlgorithms none = SignatureHashAlgorithms.NOT_SENT;

        assertThat(SignatureScheme.select(RSA.getPrivate(), none, RsaPadding.PSS)).contains(SignatureScheme.RSA_SHA1_METHOD_1);
        assertThat(SignatureScheme.select(P256.getPrivate(), none, RsaPadding.PSS)).contains(SignatureScheme.ECDSA_P256_METHOD_9);
        assertThat(SignatureScheme.select(P384.getPrivate(), none, RsaPadding.PSS)).contains(SignatureScheme.ECDSA_P384_METHOD_10);
        assertThat(SignatureScheme.select(P521.getPrivate(), none, RsaPadding.PSS)).contains(SignatureScheme.ECDSA_P521_METHOD_11);
        assertThat(SignatureScheme.select(ED.getPrivate(), none, RsaPadding.PSS)).isEmpty();
    }

    @Test
    void withTheNotifyTheHashMatchingTheKeyIsPreferred() {
        SignatureHashAlgorithms all = SignatureHashAlgorithms.SUPPORTED;

        assertThat(SignatureScheme.select(P256.getPrivate(), all, RsaPadding.PSS)).contains(SignatureScheme.ECDSA_SHA256);
        assertThat(SignatureScheme.select(P384.getPublic(), all, RsaPadding.PSS)).contains(SignatureScheme.ECDSA_SHA384);
        assertThat(SignatureScheme.select(P521.getPrivate(), all, RsaPadding.PSS)).contains(SignatureScheme.ECDSA_SHA512);
        assertThat(SignatureScheme.select(RSA.getPrivate(), all, RsaPadding.PSS)).contains(SignatureScheme.RSA_PSS_SHA256);
        assertThat(SignatureScheme.select(RSA.getPrivate(), all, RsaPadding.PKCS1_V1_5)).contains(SignatureScheme.RSA_PKCS1_SHA256);
        assertThat(SignatureScheme.select(ED.getPrivate(), all, RsaPadding.PSS)).contains(SignatureScheme.ED25519);
    }

    @Test
    void otherwiseTheStrongestOfferedHashThenTheClassicMethod() {
        SignatureHashAlgorithms sha384And512 = SignatureHashAlgorithms.of(HashAlgorithm.SHA2_384, HashAlgorithm.SHA2_512);
        SignatureHashAlgorithms sha1Only = SignatureHashAlgorithms.of(HashAlgorithm.SHA1);

        assertThat(SignatureScheme.select(P256.getPrivate(), sha384And512, RsaPadding.PSS)).contains(SignatureScheme.ECDSA_SHA512);
        assertThat(SignatureScheme.select(RSA.getPrivate(), sha384And512, RsaPadding.PKCS1_V1_5)).contains(SignatureScheme.RSA_PKCS1_SHA512);
        assertThat(SignatureScheme.select(P256.getPrivate(), sha1Only, RsaPadding.PSS)).contains(SignatureScheme.ECDSA_P256_METHOD_9);
        assertThat(SignatureScheme.select(RSA.getPrivate(), sha1Only, RsaPadding.PSS)).contains(SignatureScheme.RSA_SHA1_METHOD_1);
        assertThat(SignatureScheme.select(ED.getPrivate(), sha384And512, RsaPadding.PSS)).isEmpty();
    }

    @Test
    void anUnsupportedKeyGetsNoScheme() throws Exception {
        KeyPair dsa = java.security.KeyPairGenerator.getInstance("DSA").generateKeyPair();

        assertThat(SignatureScheme.select(dsa.getPrivate(), SignatureHashAlgorithms.SUPPORTED, RsaPadding.PSS)).isEqualTo(Optional.empty());
    }

    @Test
    void anotherCurveHasNoClassicMethodButMayUseMethod14() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
        g.initialize(new java.security.spec.ECGenParameterSpec("brainpoolP256r1"));
        KeyPair brainpool = g.generateKeyPair();

        assertThat(SignatureScheme.select(brainpool.getPrivate(), SignatureHashAlgorithms.NOT_SENT, RsaPadding.PSS)).isEmpty();
        assertThat(SignatureScheme.select(brainpool.getPrivate(), SignatureHashAlgorithms.SUPPORTED, RsaPadding.PSS))
                .contains(SignatureScheme.ECDSA_SHA256);
    }
}
