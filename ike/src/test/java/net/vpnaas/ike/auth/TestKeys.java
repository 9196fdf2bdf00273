package net.vpnaas.ike.auth;

import java.security.KeyPair;

/** Key pairs shared by all test classes of the fork: RSA key generation is the slowest part of the suite. */
final class TestKeys {
    static final KeyPair P256 = TestPki.ec("secp256r1");
    static final KeyPair P256_OTHER = TestPki.ec("secp256r1");
    static final KeyPair P384 = TestPki.ec("secp384r1");
    static final KeyPair P384_OTHER = TestPki.ec("secp384r1");
    static final KeyPair P521 = TestPki.ec("secp521r1");
    static final KeyPair P521_OTHER = TestPki.ec("secp521r1");
    static final KeyPair RSA = TestPki.rsa(2048);
    static final KeyPair RSA_OTHER = TestPki.rsa(2048);
    static final KeyPair ED = TestPki.ed25519();
    static final KeyPair ED_OTHER = TestPki.ed25519();

    private TestKeys() {
    }
}
