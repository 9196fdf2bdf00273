package net.vpnaas.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyExchangeTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    @Test
    void x25519Rfc7748Section6_1() throws Exception {
        KeyExchange alice = KeyExchangeMethod.CURVE25519.newKeyExchange(
                new ScriptedRandom("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        KeyExchange bob = KeyExchangeMethod.CURVE25519.newKeyExchange(
                new ScriptedRandom("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertThat(hex(alice.publicValue())).isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(hex(bob.publicValue())).isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        String k = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertThat(hex(alice.sharedSecret(bob.publicValue()))).isEqualTo(k);
        assertThat(hex(bob.sharedSecret(alice.publicValue()))).isEqualTo(k);
    }

    @Test
    void x448Rfc7748Section6_2() throws Exception {
        KeyExchange alice = KeyExchangeMethod.CURVE448.newKeyExchange(new ScriptedRandom(
                "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b"));
        KeyExchange bob = KeyExchangeMethod.CURVE448.newKeyExchange(new ScriptedRandom(
                "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d"));
        assertThat(hex(alice.publicValue())).isEqualTo(
                "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0");
        assertThat(hex(bob.publicValue())).isEqualTo(
                "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609");
        assertThat(hex(alice.sharedSecret(bob.publicValue()))).isEqualTo(
                "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d");
    }

    @Test
    void x25519RefusesLowOrderPointAndWrongLength() {
        KeyExchange kx = KeyExchangeMethod.CURVE25519.newKeyExchange(new ScriptedRandom("11".repeat(32)));
        assertThatThrownBy(() -> kx.sharedSecret(new byte[32])).isInstanceOf(InvalidPublicValueException.class);
        assertThatThrownBy(() -> kx.sharedSecret(new byte[31])).isInstanceOf(InvalidPublicValueException.class);
    }

    @Test
    void ecp256Rfc5903Section8_1() throws Exception {
        KeyExchange i = KeyExchangeMethod.ECP_256.newKeyExchange(
                new ScriptedRandom("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433"));
        KeyExchange r = KeyExchangeMethod.ECP_256.newKeyExchange(
                new ScriptedRandom("c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53"));
        assertThat(hex(i.publicValue())).isEqualTo("dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
                + "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3");
        assertThat(hex(r.publicValue())).isEqualTo("d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
                + "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab");
        String girx = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";
        assertThat(hex(i.sharedSecret(r.publicValue()))).isEqualTo(girx);
        assertThat(hex(r.sharedSecret(i.publicValue()))).isEqualTo(girx);
    }

    @Test
    void ecpRefusesPointOffTheCurve() {
        KeyExchange i = KeyExchangeMethod.ECP_256.newKeyExchange(
                new ScriptedRandom("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433"));
        byte[] bad = HEX.parseHex("d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
                + "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ac");
        assertThatThrownBy(() -> i.sharedSecret(bad)).isInstanceOf(InvalidPublicValueException.class);
        assertThatThrownBy(() -> i.sharedSecret(new byte[65])).isInstanceOf(InvalidPublicValueException.class);
    }

    @ParameterizedTest // KEMs have two roles instead: MlKemKeyExchangeTest; QKD keys come from a KME: QkdKeyExchangeTest
    @EnumSource(value = KeyExchangeMethod.class, names = {"ML_KEM_.*", "QKD"}, mode = EnumSource.Mode.MATCH_NONE)
    void bothSidesAgreeAndValuesHaveTheRegisteredLength(KeyExchangeMethod m) throws Exception {
        Random seeded = new Random(m.id());
        RandomSource random = seeded::nextBytes;
        KeyExchange a = m.newKeyExchange(random);
        KeyExchange b = m.newKeyExchange(random);
        assertThat(a.publicValue()).hasSize(m.publicValueLength()).isNotEqualTo(b.publicValue());
        assertThat(a.sharedSecret(b.publicValue())).isEqualTo(b.sharedSecret(a.publicValue()));
    }

    @ParameterizedTest
    @EnumSource(value = KeyExchangeMethod.class, names = "MODP_.*", mode = EnumSource.Mode.MATCH_ALL)
    void modpGroupsAreTheRfc3526SafePrimesAndRefuseDegenerateValues(KeyExchangeMethod m) {
        KeyExchange kx = m.newKeyExchange(new Random(1)::nextBytes);
        // RFC 3526 primes: p = 2^n - 2^(n-64) - 1 + 2^64 * (...), so the top and bottom 64 bits are all ones.
        BigInteger p = ((ModpKeyExchange) kx).modulus();
        int n = m.publicValueLength() * 8;
        assertThat(p.bitLength()).isEqualTo(n);
        BigInteger ones64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        assertThat(p.shiftRight(n - 64)).isEqualTo(ones64);
        assertThat(p.and(ones64)).isEqualTo(ones64);
        assertThat(p.isProbablePrime(4)).isTrue();
        assertThat(p.shiftRight(1).isProbablePrime(4)).isTrue();

        byte[] one = new byte[m.publicValueLength()];
        one[one.length - 1] = 1;
        assertThatThrownBy(() -> kx.sharedSecret(one)).isInstanceOf(InvalidPublicValueException.class);
        byte[] pMinus1 = ModpKeyExchangeTestAccess.toFixed(p.subtract(BigInteger.ONE), m.publicValueLength());
        assertThatThrownBy(() -> kx.sharedSecret(pMinus1)).isInstanceOf(InvalidPublicValueException.class);
    }
}
