package net.vpnaas.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.Prereqs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer named by DNS, looked up in the background and again when its name moves: our initiating
 * agent (left) names the responder (right) {@code right.peer.test}, which the left namespace's hosts
 * file (/etc/netns/NAME/hosts, which {@code ip netns exec} puts in place of /etc/hosts) maps to
 * 192.0.2.2. The tunnel comes up through the name; then the name moves to the responder's second
 * address 192.0.2.3 and the first one goes: the agent looked the name up again meanwhile, its DPD
 * finds the old address dead, and the restart reaches the peer at the new one.
 */
class AgentPeerByDnsNameTest {
    private static final String NAME = "right.peer.test";

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireNetns();
        Prereqs.requireRootWith("sysctl (apt-get install procps)");
    }

    @Test
    void aPeerNamedByDnsIsFollowedWhenItsNameMoves() throws Exception {
        String psk = new String(AgentConfigs.newPsk(), StandardCharsets.US_ASCII);
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4)) {
            Path etc = Path.of("/etc/netns", net.left().ns().name());
            try {
                Path hosts = Files.createDirectories(etc).resolve("hosts");
                Files.writeString(hosts, "192.0.2.2 " + NAME + "\n");
                net.right().ns().addAddress(net.veth().rightDevice(), "192.0.2.3/24");
                // so that deleting 192.0.2.2 later leaves its secondary 192.0.2.3 (and the subnet's route) in place
                net.right().ns().exec("sysctl", "-qw", "net.ipv4.conf." + net.veth().rightDevice() + ".promote_secondaries=1");
                Path right = config(dir.resolve("right"), "right.vpn.example", List.of("192.0.2.2", "192.0.2.3"),
                        "192.0.2.1", "left.vpn.example", psk, "respond", "clear", "10.2.0.0/24", "10.1.0.0/24");
                Path left = config(dir.resolve("left"), "left.vpn.example", List.of("192.0.2.1"),
                        NAME, "right.vpn.example", psk, "initiate", "restart", "10.1.0.0/24", "10.2.0.0/24");
                try (AgentProcess responder = AgentProcess.start(net.right().ns(), right);
                     AgentProcess initiator = AgentProcess.start(net.left().ns(), left,
                             List.of("-Dvpnaas.agent.peerDnsRefreshSeconds=1", "-Dsun.net.inetaddr.ttl=0"))) {
                    try {
                        AgentAgainstStrongSwanTest.awaitFirstPing(net.left(), net.right());
                        assertThat(initiator.log()).contains("peer " + NAME + " is at 192.0.2.2");

                        Files.writeString(hosts, "192.0.2.3 " + NAME + "\n"); // in place: the bind mount sees it
                        await("the agent looked the name up again", () -> initiator.log().contains("moved to 192.0.2.3"));
                        net.right().ns().exec("ip", "addr", "del", "192.0.2.2/24", "dev", net.veth().rightDevice());
                        await("the old address found dead", () -> initiator.log().contains("the peer is dead"));
                        AgentAgainstStrongSwanTest.awaitFirstPing(net.left(), net.right());
                    } catch (RuntimeException | AssertionError e) {
                        e.addSuppressed(new AssertionError("--- initiator log ---\n" + initiator.log()));
                        e.addSuppressed(new AssertionError("--- responder log ---\n" + responder.log()));
                        throw e;
                    }
                }
            } finally {
                try (Stream<Path> files = Files.walk(etc)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** A standalone config with one peer and one tunnel; DPD every 2 s, dead after 5 s. */
    private static Path config(Path dir, String myId, List<String> myAddresses, String peerAddress, String peerId, String psk,
                               String startAction, String dpdAction, String local, String remote) throws Exception {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("agent.json"), """
                {
                  "gateway": { "name": "agent", "ikeIdentity": "%s", "publicAddresses": %s },
                  "peers": [ { "name": "peer", "address": "%s", "ikeIdentity": "%s", "auth": { "type": "psk", "psk": "%s" } } ],
                  "cryptoPolicies": [ { "name": "p", "ikeProposals": ["aes256gcm16-prfsha384-x25519"], "espProposals": ["aes256gcm16"],
                                        "startAction": "%s", "dpd": { "intervalSeconds": 2, "timeoutSeconds": 5, "action": "%s" } } ],
                  "tunnels": [ { "name": "site", "peer": "peer", "cryptoPolicy": "p",
                                 "localTrafficSelectors": ["%s"], "remoteTrafficSelectors": ["%s"] } ],
                  "dataPath": { "tunName": "iodns%04xt", "queues": 1 }
                }
                """.formatted(myId, myAddresses.stream().map(a -> "\"" + a + "\"").toList(), peerAddress, peerId, psk, startAction,
                dpdAction, local, remote, (int) (Math.random() * 0x10000)));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }
}
