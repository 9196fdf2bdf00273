package net.vpnaas.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.vpnaas.ike.interop.IkeSaStatus;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.Site;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import net.vpnaas.ike.interop.SwanctlConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fifty peers behind one address, as behind a NAT or a carrier's gateway: one strongSwan at
 * 192.0.2.2 holds fifty connections, each with an identity, a PSK and a subnet (10.2.i.0/24) of its
 * own, and sets all up at once; the agent has fifty peers at that one address, each with its PSK.
 * The agent can only tell them apart by their identities in IKE_AUTH.
 *
 * <pre>
 *  left ns: our agent, 10.1.0.1                 right ns: charon, peer-0 .. peer-49.vpn.example
 *  fifty tunnels 10.1.0.0/24 -- 10.2.i.0/24     fifty IKE SAs from 192.0.2.2:500, addresses 10.2.i.1
 * </pre>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeersBehindOneAddressTest {

    private static final int PEERS = 50;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String AGENT_ID = "agent.vpn.example";

    @TempDir
    static Path dir;
    private static NamespacePair net;
    private static StrongSwanPeer swan;
    private static AgentProcess agent;
    private static List<Site> peers;

    @BeforeAll
    static void fiftyPeersAtOneAddress() {
        Prereqs.requireStrongSwan();
        net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
        swan = StrongSwanPeer.start(net.right().ns(), 1);
        peers = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        List<PskSecret> secrets = new ArrayList<>();
        List<AgentConfigs.PskTunnel> tunnels = new ArrayList<>();
        for (int i = 0; i < PEERS; i++) {
            Site peer = new Site(net.right().ns(), net.right().outerAddress(), "10.2." + i + ".0/24", "10.2." + i + ".1");
            if (i > 0) peer.ns().addAddress("lo", peer.innerAddress() + "/32");
            peers.add(peer);
            byte[] psk = AgentConfigs.newPsk();
            connections.add(Connection.siteToSite("c" + i, peer, net.left(), new Auth.Psk(id(i)), new Auth.Psk(AGENT_ID))
                    .withChildren(List.of(new SwanctlConf.Child(child(i), List.of(peer.innerSubnet()),
                            List.of(net.left().innerSubnet()), "aes256gcm16", "start", Duration.ofHours(1)))));
            secrets.add(new PskSecret(id(i), AGENT_ID, psk));
            tunnels.add(new AgentConfigs.PskTunnel("peer-" + i, peer.outerAddress(), id(i), psk,
                    List.of(net.left().innerSubnet()), List.of(peer.innerSubnet())));
        }
        agent = AgentProcess.start(net.left().ns(), AgentConfigs.withPskTunnels(dir, net.left(), AGENT_ID, "respond", tunnels));
        swan.load(new SwanctlConf(connections, secrets));
    }

    @AfterAll
    static void stop() {
        if (agent != null) agent.close();
        if (swan != null) swan.close();
        if (net != null) net.close();
    }

    private static String id(int i) {
        return "peer-" + i + ".vpn.example";
    }

    private static String child(int i) {
        return "net" + i;
    }

    @Test
    @Order(1)
    void allFiftyComeUpAndCarryTheirOwnSubnetsTraffic() {
        withLogs(() -> {
            // start_action = start: charon sets all fifty up at once when it loads them.
            List<IkeSaStatus> sas = awaitAllEstablished();
            assertThat(sas).extracting(IkeSaStatus::localId).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, PEERS).mapToObj(PeersBehindOneAddressTest::id).toList());
            for (Site peer : peers) AgentAgainstStrongSwanTest.awaitFirstPing(net.left(), peer);
        });
    }

    /**
     * peer-7 loses its IKE SA without telling the agent (its Delete goes nowhere) and sets up a new one
     * with INITIAL_CONTACT: the agent drops its stale IKE SA of peer-7 and nothing of the other 49.
     */
    @Test
    @Order(2)
    void initialContactOfOnePeerLeavesTheOthersAlone() {
        withLogs(() -> {
            Map<String, Long> before = awaitAllEstablished().stream()
                    .collect(Collectors.toMap(IkeSaStatus::name, IkeSaStatus::initiatorSpi));
            net.right().ns().exec("ip", "route", "add", "blackhole", net.left().outerAddress() + "/32");
            swan.swanctl("--terminate", "--ike", "c7", "--force").orThrow();
            net.right().ns().exec("ip", "route", "del", "blackhole", net.left().outerAddress() + "/32");
            swan.initiate(child(7));

            Map<String, Long> after = awaitAllEstablished().stream()
                    .collect(Collectors.toMap(IkeSaStatus::name, IkeSaStatus::initiatorSpi));
            assertThat(after.get("c7")).isNotEqualTo(before.get("c7"));
            before.remove("c7");
            after.remove("c7");
            assertThat(after).as("the other peers' IKE SAs, unchanged").isEqualTo(before);
            assertThat(agent.log().lines().filter(l -> l.contains("INITIAL_CONTACT from the peer")))
                    .as("stale IKE SAs the agent dropped").hasSize(1);
            for (Site peer : peers) AgentAgainstStrongSwanTest.awaitFirstPing(net.left(), peer);
        });
    }

    /** All fifty IKE SAs ESTABLISHED with their Child SA INSTALLED, as strongSwan lists them. */
    private static List<IkeSaStatus> awaitAllEstablished() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<IkeSaStatus> up;
        do {
            up = swan.listSas().stream()
                    .filter(s -> s.established() && s.installedChild(child(Integer.parseInt(s.name().substring(1)))) != null)
                    .toList();
            if (up.size() == PEERS) return up;
            NetNs.sleep(Duration.ofMillis(100));
        } while (System.nanoTime() < deadline);
        throw new AssertionError(up.size() + " of " + PEERS + " IKE SAs up within " + WAIT);
    }

    private static void withLogs(Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | AssertionError e) {
            e.addSuppressed(new AssertionError("--- agent log (tail) ---\n" + tail(agent.log())));
            e.addSuppressed(new AssertionError(swan.logTail()));
            throw e;
        }
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 200), lines.size()));
    }
}
