package net.vpnaas.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two of our agents in two namespaces whose standalone files name each other's peer with auth type
 * {@code null} and no gateway PSK: NULL authentication (RFC 7619) on both sides, ID_NULL and AUTH
 * method 13 each way. The tunnel carries ping both ways and 10 MB of TCP intact through our data path,
 * and each agent logs its peer as unauthenticated.
 */
class NullAuthAgentToAgentTest {
    private static final long BYTES = 10L * 1000 * 1000;

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireNetns();
    }

    @Test
    void twoAnonymousAgentsCarryTraffic() {
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "na")) {
            Path left = AgentConfigs.withNullAuth(dir.resolve("left"), net.left(), "left.vpn.example", net.right(),
                    "right.vpn.example", null, "initiate");
            Path right = AgentConfigs.withNullAuth(dir.resolve("right"), net.right(), "right.vpn.example", net.left(),
                    "left.vpn.example", null, "respond");
            try (AgentProcess responder = AgentProcess.start(net.right().ns(), right);
                 AgentProcess initiator = AgentProcess.start(net.left().ns(), left)) {
                try {
                    AgentAgainstStrongSwanTest.awaitFirstPing(net.left(), net.right());
                    net.right().ns().exec("ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", net.right().innerAddress(),
                            net.left().innerAddress());
                    ExactTransfer.Result t = ExactTransfer.send(net.left(), net.right(), BYTES, 60);
                    assertThat(t.receivedBytes()).isEqualTo(BYTES);
                    assertThat(t.receivedSha256()).isEqualTo(t.sentSha256());
                    String unauthenticated = "the peer authenticated with the NULL method as %null (unauthenticated)";
                    awaitLog(initiator, unauthenticated);
                    awaitLog(responder, unauthenticated);
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
