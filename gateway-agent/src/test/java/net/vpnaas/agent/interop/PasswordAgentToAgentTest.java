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
 * {@code password} and a 6-digit code: PACE (RFC 6631) in IKE_AUTH. The tunnel carries ping both ways and
 * 10 MB of TCP intact through our data path, and each agent logs that its peer proved the password.
 */
class PasswordAgentToAgentTest {
    private static final long BYTES = 10L * 1000 * 1000;

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireNetns();
    }

    @Test
    void twoAgentsWithASixDigitPasswordCarryTraffic() {
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "pw")) {
            Path left = AgentConfigs.withPassword(dir.resolve("left"), net.left(), "left.vpn.example", net.right(),
                    "right.vpn.example", "402915", "initiate");
            Path right = AgentConfigs.withPassword(dir.resolve("right"), net.right(), "right.vpn.example", net.left(),
                    "left.vpn.example", "402915", "respond");
            try (AgentProcess responder = AgentProcess.start(net.right().ns(), right);
                 AgentProcess initiator = AgentProcess.start(net.left().ns(), left)) {
                try {
                    AgentAgainstStrongSwanTest.awaitFirstPing(net.left(), net.right());
                    net.right().ns().exec("ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", net.right().innerAddress(),
                            net.left().innerAddress());
                    ExactTransfer.Result t = ExactTransfer.send(net.left(), net.right(), BYTES, 60);
                    assertThat(t.receivedBytes()).isEqualTo(BYTES);
                    assertThat(t.receivedSha256()).isEqualTo(t.sentSha256());
                    awaitLog(initiator, "the peer proved the password (PACE, RFC 6631) as ");
                    awaitLog(responder, "the peer proved the password (PACE, RFC 6631) as ");
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
