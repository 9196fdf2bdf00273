package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import net.vpnaas.ike.message.Bytes;
import org.junit.jupiter.api.Test;

/** The COOKIE of RFC 7296 section 2.6 in its versioned form, across secret rotations. */
class CookieSecretsTest {

    private static final Bytes NI = Bytes.wrap(new byte[32]);
    private static final InetAddress IPI = InetAddress.ofLiteral("198.51.100.7");
    private static final long SPII = 0x1122334455667788L;

    private final CookieSecrets secrets = new CookieSecrets(new Random(5)::nextBytes);

    @Test
    void cookieStartsWithTheSecretsVersionAndIsBoundToNiIpiAndSpii() {
        Bytes cookie = Bytes.wrap(secrets.cookie(NI, IPI, SPII));
        assertThat(cookie.length()).isEqualTo(4 + 32);
        assertThat(cookie.asByteBuffer().getInt()).isEqualTo(secrets.version());
        assertThat(secrets.valid(cookie, NI, IPI, SPII)).isTrue();
        assertThat(secrets.valid(cookie, Bytes.wrap(new byte[] {1}), IPI, SPII)).as("other Ni").isFalse();
        assertThat(secrets.valid(cookie, NI, InetAddress.ofLiteral("198.51.100.8"), SPII)).as("other IPi").isFalse();
        assertThat(secrets.valid(cookie, NI, IPI, SPII + 1)).as("other SPIi").isFalse();
        byte[] tampered = cookie.toByteArray();
        tampered[tampered.length - 1] ^= 1;
        assertThat(secrets.valid(Bytes.wrap(tampered), NI, IPI, SPII)).as("tampered").isFalse();
        assertThat(secrets.valid(cookie.slice(0, 20), NI, IPI, SPII)).as("truncated").isFalse();
    }

    @Test
    void cookieOfThePreviousSecretIsAcceptedAndOfTwoVersionsBackIsNot() {
        Bytes old = Bytes.wrap(secrets.cookie(NI, IPI, SPII));
        secrets.rotate();
        assertThat(secrets.version()).isEqualTo(1);
        assertThat(secrets.valid(old, NI, IPI, SPII)).as("previous secret").isTrue();
        Bytes fresh = Bytes.wrap(secrets.cookie(NI, IPI, SPII));
        assertThat(fresh).isNotEqualTo(old);
        secrets.rotate();
        assertThat(secrets.valid(old, NI, IPI, SPII)).as("two versions back").isFalse();
        assertThat(secrets.valid(fresh, NI, IPI, SPII)).as("the one before").isTrue();
    }

    @Test
    void versionNumberIsNotAKey() {
        // A cookie claiming the current version with another secret's hash, and one claiming a future version.
        Bytes cookie = Bytes.wrap(secrets.cookie(NI, IPI, SPII));
        CookieSecrets other = new CookieSecrets(new Random(6)::nextBytes);
        assertThat(secrets.valid(Bytes.wrap(other.cookie(NI, IPI, SPII)), NI, IPI, SPII)).isFalse();
        byte[] future = cookie.toByteArray();
        future[3] = 9;
        assertThat(secrets.valid(Bytes.wrap(future), NI, IPI, SPII)).isFalse();
    }
}
