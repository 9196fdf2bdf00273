package net.vpnaas.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.Site;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two of our agents in two namespaces whose standalone files name each other's peer with an auth type
 * only our agents speak among the peers we test with: the tunnel carries ping both ways and 10 MB of
 * TCP intact through our data path, and each agent logs how its peer authenticated.
 */
class PeerAuthAgentToAgentTest {
    private static final long BYTES = 10L * 1000 * 1000;

    /** One side's standalone file, the peer's auth type fixed by the test. */
    private interface AgentConfig {
        Path write(Path dir, Site me, String myId, Site peer, String peerId, String startAction);
    }

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireNetns();
    }

    /** Auth type {@code null} and no gateway PSK: NULL authentication (RFC 7619), ID_NULL and AUTH method 13 each way. */
    @Test
    void twoAnonymousAgentsCarryTraffic() {
        carryTraffic("na", (dir, me, myId, peer, peerId, start) -> AgentConfigs.withNullAuth(dir, me, myId, peer, peerId, null, start),
                "the peer authenticated with the NULL method as %null (unauthenticated)");
    }

    /** Auth type {@code password} with a 6-digit code: PACE (RFC 6631) in IKE_AUTH. */
    @Test
    void twoAgentsWithASixDigitPasswordCarryTraffic() {
        carryTraffic("pw", (dir, me, myId, peer, peerId, start) -> AgentConfigs.withPassword(dir, me, myId, peer, peerId, "402915", start),
                "the peer proved the password (PACE, RFC 6631) as ");
    }

    private void carryTraffic(String namespaceTag, AgentConfig config, String authenticatedLogLine) {
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, namespaceTag)) {
            Path left = config.write(dir.resolve("left"), net.left(), "left.vpn.example", net.right(), "right.vpn.example", "initiate");
            Path right = config.write(dir.resolve("right"), net.right(), "right.vpn.example", net.left(), "left.vpn.example", "respond");
            try (AgentProcess responder = AgentProcess.start(net.right().ns(), right);
                 AgentProcess initiator = AgentProcess.start(net.left().ns(), left)) {
                try {
                    AgentAgainstStrongSwanTest.awaitFirstPing(net.left(), net.right());
                    net.right().ns().exec("ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", net.right().innerAddress(),
                            net.left().innerAddress());
                    ExactTransfer.Result t = ExactTransfer.send(net.left(), net.right(), BYTES, 60);
                    assertThat(t.receivedBytes()).isEqualTo(BYTES);
                    assertThat(t.receivedSha256()).isEqualTo(t.sentSha256());
                    awaitLog(initiator, authenticatedLogLine);
                    awaitLog(responder, authenticatedLogLine);
                } catch (RuntimeException | AssertionError e) {
                    e.addSuppressed(new AssertionError("--- initiator log ---\n" + initiator.log()));
                    e.addSuppressed(new AssertionError("--- responder log ---\n" + responder.log()));
                    throw e;
                }
            }
        }
    }

    private static void awaitLog(AgentProcess agent, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!agent.log().contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the agent never logged \"" + text + "\"");
            NetNs.sleep(Duration.ofMillis(50));
        }
    }
}
