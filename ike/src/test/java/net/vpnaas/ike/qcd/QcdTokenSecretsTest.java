package net.vpnaas.ike.qcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.vpnaas.ike.message.Bytes;
import org.junit.jupiter.api.Test;

/** Tokens from SPIs alone, by the version in our SPI, across a rotation. */
class QcdTokenSecretsTest {
    private static final byte[] OLD = "secret of version one, 32 octets".getBytes();
    private static final byte[] NEW = "secret of version two, 32 octets".getBytes();

    @Test
    void tokenIsTheFirst16OctetsOfHmacSha256OverBothSpis() throws Exception {
        QcdTokenSecrets s = QcdTokenSecrets.of(1, OLD);
        long ours = s.stamp(0x00aa_bbcc_ddee_ff11L);
        assertThat(ours >>> 56).isEqualTo(1);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(OLD, "HmacSHA256"));
        byte[] expected = Arrays.copyOf(mac.doFinal(ByteBuffer.allocate(16).putLong(ours).putLong(42).array()), 16);
        assertThat(s.token(ours, 42, ours)).contains(Bytes.wrap(expected));
    }

    @Test
    void rotationKeepsTheTokensOfIkeSasSetUpBeforeIt() {
        QcdTokenSecrets before = QcdTokenSecrets.of(1, OLD);
        long oldSpi = before.stamp(0x1234_5678_9abc_def0L);
        Bytes given = before.token(99, oldSpi, oldSpi).orElseThrow();
        QcdTokenSecrets after = before.rotatedTo(2, NEW);
        long newSpi = after.stamp(0x1234_5678_9abc_def0L);
        assertThat(newSpi >>> 56).isEqualTo(2);
        assertThat(after.token(99, oldSpi, oldSpi)).contains(given);       // an old IKE SA's token still made alike
        assertThat(after.token(99, newSpi, newSpi)).isNotEqualTo(Optional.of(given));
        assertThat(after.without(1).token(99, oldSpi, oldSpi)).isEmpty(); // dropped: no answer rather than a wrong one
        assertThat(QcdTokenSecrets.of(1, NEW).token(99, oldSpi, oldSpi)).isNotEqualTo(Optional.of(given)); // another cluster's secret
    }
}
