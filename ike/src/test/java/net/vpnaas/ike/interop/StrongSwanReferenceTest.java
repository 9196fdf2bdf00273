package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves the harness with strongSwan on both sides: the reference our engine is later compared with.
 * Two namespaces, two charons, a PSK IKE SA and one Child SA, then ping between the inner addresses.
 */
class StrongSwanReferenceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @ParameterizedTest(name = "outer {0}, inner {1}")
    @CsvSource({"V4, V4", "V6, V6", "V6, V4"})
    void twoStrongSwansEstablishAndCarryPing(IpFamily outer, IpFamily inner) {
        byte[] psk = new byte[32];
        new SecureRandom().nextBytes(psk);
        try (NamespacePair net = NamespacePair.create(outer, inner);
             StrongSwanPeer left = StrongSwanPeer.start(net.left().ns());
             StrongSwanPeer right = StrongSwanPeer.start(net.right().ns())) {
            Auth leftId = new Auth.Psk("left.vpn.example");
            Auth rightId = new Auth.Psk("right.vpn.example");
            left.load(SwanctlConf.of(Connection.siteToSite("site", net.left(), net.right(), leftId, rightId),
                    new PskSecret(leftId.id(), rightId.id(), psk)));
            right.load(SwanctlConf.of(Connection.siteToSite("site", net.right(), net.left(), rightId, leftId),
                    new PskSecret(rightId.id(), leftId.id(), psk)));

            Duration[] setup = new Duration[1];
            StrongSwanPeer.withLogsOnFailure(() -> setup[0] = left.initiate("net"), left, right);
            Duration noop = timeOf(() -> left.swanctl("--stats").orThrow());

            IkeSaStatus init = left.awaitInstalled("net", WAIT);
            IkeSaStatus resp = right.awaitInstalled("net", WAIT);
            assertThat(init.initiator()).isTrue();
            assertThat(resp.initiator()).isFalse();
            assertThat(resp.initiatorSpi()).isEqualTo(init.initiatorSpi()).isNotZero();
            assertThat(resp.responderSpi()).isEqualTo(init.responderSpi()).isNotZero();
            assertThat(init.remoteHost()).isEqualTo(net.right().outerAddress());
            assertThat(resp.remoteHost()).isEqualTo(net.left().outerAddress());
            assertThat(init.remoteId()).isEqualTo("right.vpn.example");
            assertThat(resp.remoteId()).isEqualTo("left.vpn.example");
            assertThat(Arrays.asList(init.encrAlg(), init.encrKeysize(), init.prfAlg(), init.dhGroup()))
                    .containsExactly("AES_GCM_16", 256, "PRF_HMAC_SHA2_384", "CURVE_25519");

            ChildSaStatus ic = init.installedChild("net");
            ChildSaStatus rc = resp.installedChild("net");
            assertThat(ic.spiIn()).isEqualTo(rc.spiOut()).isNotZero();
            assertThat(ic.spiOut()).isEqualTo(rc.spiIn()).isNotZero();
            assertThat(ic.localTs()).containsExactly(net.left().innerSubnet());
            assertThat(ic.remoteTs()).containsExactly(net.right().innerSubnet());
            assertThat(ic.encrAlg()).isEqualTo("AES_GCM_16");
            assertThat(ic.udpEncapsulated()).as("kernel-libipsec always uses ESP-in-UDP").isTrue();

            net.left().ns().exec("ping", "-c", "3", "-i", "0.2", "-W", "2",
                    "-I", net.left().innerAddress(), net.right().innerAddress());

            // The echo requests really went through the Child SA: the responder decrypted them.
            ChildSaStatus after = right.awaitSa(sa -> sa.installedChild("net") != null
                    && sa.installedChild("net").packetsIn() >= 3, WAIT, "3 packets in").installedChild("net");
            assertThat(after.packetsOut()).isGreaterThanOrEqualTo(3);

            System.out.printf("strongSwan reference (outer %s, inner %s): IKE+Child SA setup %.1f ms "
                            + "(swanctl --initiate wall time; a no-op swanctl call takes %.1f ms)%n",
                    outer, inner, setup[0].toNanos() / 1e6, noop.toNanos() / 1e6);
        }
    }

    private static Duration timeOf(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
