package net.vpnaas.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ML-KEM through our KeyExchange: Wycheproof's known answers (key pair from the seed d|z, decapsulation,
 * encapsulation with a given m) and its invalid encapsulation keys (FIPS 203 7.2: wrong length, and
 * coefficients not reduced modulo q, which the JDK checks), plus round trips with the engine's roles.
 */
class MlKemKeyExchangeTest {
    private static final HexFormat HEX = HexFormat.of();

    private record Vector(String kind, String[] fields) {}

    private static List<Vector> vectors(KeyExchangeMethod m) throws IOException {
        String name = "/mlkem/" + m.name().replace("ML_KEM_", "ML-KEM-") + ".txt";
        try (InputStream in = MlKemKeyExchangeTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split(" "))
                    .map(f -> new Vector(f[0], Arrays.copyOfRange(f, 1, f.length)))
                    .toList();
        }
    }

    private static List<Vector> vectors(KeyExchangeMethod m, String kind) throws IOException {
        List<Vector> v = vectors(m).stream().filter(x -> x.kind().equals(kind)).toList();
        assertThat(v).as(kind + " vectors of " + m).isNotEmpty();
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = KeyExchangeMethod.class, names = "ML_KEM_.*", mode = EnumSource.Mode.MATCH_ALL)
    void initiatorKeyPairFromTheSeedAndDecapsulationMatchWycheproof(KeyExchangeMethod m) throws Exception {
        for (Vector v : vectors(m, "decaps")) {
            String seed = v.fields()[0];
            // FIPS 203 ML-KEM.KeyGen draws d, then z, 32 bytes each.
            KeyExchange initiator = m.newKeyExchange(new ScriptedRandom(seed.substring(0, 64), seed.substring(64)));
            assertThat(HEX.formatHex(initiator.publicValue())).isEqualTo(v.fields()[1]);
            assertThat(HEX.formatHex(initiator.sharedSecret(HEX.parseHex(v.fields()[2])))).isEqualTo(v.fields()[3]);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyExchangeMethod.class, names = "ML_KEM_.*", mode = EnumSource.Mode.MATCH_ALL)
    void responderEncapsulationMatchesWycheproof(KeyExchangeMethod m) throws Exception {
        for (Vector v : vectors(m, "encaps")) {
            KeyExchange responder = m.newKeyExchange(new ScriptedRandom(v.fields()[0]));
            byte[] secret = responder.sharedSecret(HEX.parseHex(v.fields()[1]));
            assertThat(HEX.formatHex(responder.publicValue())).isEqualTo(v.fields()[2]);
            assertThat(HEX.formatHex(secret)).isEqualTo(v.fields()[3]);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyExchangeMethod.class, names = "ML_KEM_.*", mode = EnumSource.Mode.MATCH_ALL)
    void responderRefusesInvalidEncapsulationKeys(KeyExchangeMethod m) throws Exception {
        List<Vector> invalid = vectors(m, "invalid");
        assertThat(invalid).extracting(Vector::kind).isNotEmpty();
        assertThat(invalid.stream().map(v -> v.fields()[0]).distinct())
                .contains("modulus-overflow", "not-reduced", "too-short", "too-long");
        for (Vector v : invalid) {
            KeyExchange responder = m.newKeyExchange(new Random(1)::nextBytes);
            assertThatThrownBy(() -> responder.sharedSecret(HEX.parseHex(v.fields()[1])))
                    .as(v.fields()[0]).isInstanceOf(InvalidPublicValueException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyExchangeMethod.class, names = "ML_KEM_.*", mode = EnumSource.Mode.MATCH_ALL)
    void rolesFollowTheOrderOfCallsAndAgree(KeyExchangeMethod m) throws Exception {
        Random seeded = new Random(m.id());
        KeyExchange initiator = m.newKeyExchange(seeded::nextBytes);
        KeyExchange responder = m.newKeyExchange(seeded::nextBytes);
        byte[] encapsulationKey = initiator.publicValue();
        assertThat(encapsulationKey).hasSize(m.publicValueLength());
        assertThat(initiator.publicValue()).isEqualTo(encapsulationKey);
        byte[] responderSecret = responder.sharedSecret(encapsulationKey);
        byte[] ciphertext = responder.publicValue();
        assertThat(ciphertext).hasSize(m.responderValueLength());
        assertThat(responderSecret).hasSize(32);
        assertThat(initiator.sharedSecret(ciphertext)).isEqualTo(responderSecret);
        // A ciphertext of the wrong length is refused; a wrong one of the right length gives another secret.
        assertThatThrownBy(() -> initiator.sharedSecret(Arrays.copyOf(ciphertext, ciphertext.length - 1)))
                .isInstanceOf(InvalidPublicValueException.class);
        byte[] flipped = ciphertext.clone();
        flipped[0] ^= 1;
        assertThat(initiator.sharedSecret(flipped)).isNotEqualTo(responderSecret);
    }
}
