package net.vpnaas.api.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashVerifiesItsPasswordOnlyAndIsSaltedAnew() {
        String hash = hasher.hash("correct horse battery staple");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.verify("correct horse battery stapler", hash)).isFalse();
        assertThat(hasher.hash("correct horse battery staple")).isNotEqualTo(hash);
        assertThat(hasher.verify("decoy password of no account", null)).as("no account never verifies").isFalse();
    }

    @Test
    void aHashMadeWithOtherParametersStillVerifies() {
        // RFC 9106 section 5.3's parameters are not ours; a PHC string carries its own
        String other = "$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$"
                + java.util.Base64.getEncoder().withoutPadding().encodeToString(derive("pw", "somesaltsomesalt", 4096, 3));
        assertThat(hasher.verify("pw", other)).isTrue();
        assertThat(hasher.verify("pw2", other)).isFalse();
    }

    private static byte[] derive(String password, String salt, int memoryKib, int iterations) {
        var generator = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        generator.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt.getBytes()).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(1).build());
        byte[] out = new byte[32];
        generator.generateBytes(password.getBytes(), out);
        return out;
    }
}
