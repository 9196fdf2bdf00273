package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.e2e.E2eSteps.created;
import static net.vpnaas.api.e2e.E2eSteps.ping;
import static net.vpnaas.api.e2e.E2eSteps.securityAssociations;
import static net.vpnaas.api.e2e.E2eSteps.tunnelStatus;
import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.vpnaas.agent.StandaloneAgent;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.JavaProcessInNamespace;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Child;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import net.vpnaas.ike.interop.SwanctlConf;
import net.vpnaas.ike.interop.UdpCounters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crypto policy fields doing what they say, end to end: set through the REST API only, run by our
 * agent (on a {@link ManagedAgentStage}) against a peer in the next namespace, observed through the
 * API and on the wire. Each test starts its own peer and deletes its tunnels when done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyFieldsEndToEndTest {
    private static final String SWAN_ID = "swan.vpn.example";
    private static final String PEER_AGENT_ID = "peer.vpn.example";

    @TempDir
    static Path dir;

    private ManagedAgentStage stage;
    private final String psk = newPsk();
    private final List<String> tunnels = new ArrayList<>();
    private final List<String> peersAndPolicies = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Prereqs.requireStrongSwan();
        stage = ManagedAgentStage.start(dir);
    }

    @AfterAll
    void stop() throws Exception {
        if (stage != null) stage.close();
    }

    /** Tunnels first (the agent sends its Deletes), then what they used. */
    @AfterEach
    void deleteWhatTheTestCreated() {
        if (stage == null) return;
        for (String t : tunnels) stage.api().delete("/v1/tunnels/" + t);
        for (String path : peersAndPolicies.reversed()) stage.api().delete(path);
        tunnels.clear();
        peersAndPolicies.clear();
    }

    /**
     * Two tunnels to strongSwan probe it every 3 s and give it 6 s to answer. strongSwan is killed
     * (SIGKILL: no Delete, it just stops answering): both are DOWN within interval + timeout and a few
     * seconds. A new strongSwan starts: the restart tunnel comes back by itself, the clear one stays down
     * although it initiates (a tunnel that merely went down would be set up again within 2 s).
     */
    @Test
    void deadPeerDetectionClearsOrRestartsTunnelsWithinIntervalPlusTimeout() throws Exception {
        NetNs agentNs = stage.net().left().ns();
        NetNs swanNs = stage.net().right().ns();
        agentNs.addAddress("lo", "10.1.1.1/32");
        agentNs.addAddress("lo", "10.1.2.1/32");
        swanNs.addAddress("lo", "10.2.1.1/32");
        swanNs.addAddress("lo", "10.2.2.1/32");
        StrongSwanPeer swan = startStrongSwan();
        StrongSwanPeer second = null;
        try {
            ApiClient api = stage.api();
            String peer = peer("swan", SWAN_ID);
            String clear = tunnel("dpd-clear", peer, policy("dpd-clear", "dpd", probeEvery3GiveUpAfter6("clear")), "10.1.1.0/24", "10.2.1.0/24");
            String restart = tunnel("dpd-restart", peer, policy("dpd-restart", "dpd", probeEvery3GiveUpAfter6("restart")),
                    "10.1.2.0/24", "10.2.2.0/24");
            await("both ESTABLISHED", () -> established(clear) && established(restart));
            ping(agentNs, "10.1.1.1", "10.2.1.1");
            ping(agentNs, "10.1.2.1", "10.2.2.1");

            long killed = System.nanoTime();
            swan.kill();
            await("both DOWN", Duration.ofSeconds(3 + 6 + 10),
                    () -> "DOWN".equals(tunnelStatus(api, clear)) && "DOWN".equals(tunnelStatus(api, restart)));
            Duration tookToDown = Duration.ofNanos(System.nanoTime() - killed);
            System.out.println("e2e: both DPD tunnels DOWN " + tookToDown.toMillis() + " ms after strongSwan was killed");
            assertThat(tookToDown).as("DOWN within interval + timeout + a few seconds").isLessThan(Duration.ofSeconds(3 + 6 + 5));
            assertThat(securityAssociations(api, clear).get("reason").asText()).contains("DPD");

            second = startStrongSwan();
            long restarted = System.nanoTime();
            await("the restart tunnel ESTABLISHED again by itself", Duration.ofSeconds(60), () -> established(restart));
            System.out.println("e2e: the restart tunnel ESTABLISHED " + Duration.ofNanos(System.nanoTime() - restarted).toMillis()
                    + " ms after strongSwan came back");
            ping(agentNs, "10.1.2.1", "10.2.2.1");
            Thread.sleep(5000);
            assertThat(tunnelStatus(api, clear)).as("the clear tunnel stays down").isEqualTo("DOWN");
        } catch (Exception | AssertionError e) {
            AssertionError failure = stage.withAgentLog(e);
            failure.addSuppressed(new AssertionError((second != null ? second : swan).logTail()));
            throw failure;
        } finally {
            swan.close();
            if (second != null) second.close();
        }
    }

    private static Map<String, Object> probeEvery3GiveUpAfter6(String action) {
        return body("intervalSeconds", 3, "timeoutSeconds", 6, "action", action);
    }

    /**
     * A tunnel between two address ranges that are no CIDR prefixes: strongSwan narrows its /16s to
     * them, traffic between addresses inside passes both ways, the agent routes the remote range into
     * its TUN as the prefixes it is made of, and an address just outside it is not routed there.
     */
    @Test
    void anAddressRangeTunnelCarriesTrafficWithinItsRanges() throws Exception {
        NetNs agentNs = stage.net().left().ns();
        NetNs swanNs = stage.net().right().ns();
        agentNs.addAddress("lo", "10.1.3.3/32");
        for (String a : List.of("10.2.3.10", "10.2.3.20", "10.2.3.21")) swanNs.addAddress("lo", a + "/32");
        try (StrongSwanPeer swan = startStrongSwan()) {
            try {
                String tunnel = tunnel("ranges", peer("swan", SWAN_ID), policy("ranges"),
                        "10.1.3.1-10.1.3.5", "10.2.3.10-10.2.3.20");
                await("ESTABLISHED", () -> established(tunnel));
                assertThat(stage.api().get("/v1/tunnels/" + tunnel).json().get("remoteTrafficSelectors").get(0).asText())
                        .isEqualTo("10.2.3.10-10.2.3.20");
                ping(agentNs, "10.1.3.3", "10.2.3.10");
                ping(agentNs, "10.1.3.3", "10.2.3.20");
                String routes = agentNs.exec("ip", "-4", "route", "show").stdout();
                assertThat(routes).contains("10.2.3.10/31 dev", "10.2.3.12/30 dev", "10.2.3.16/30 dev", "10.2.3.20 dev");
                assertThat(agentNs.tryExec("ip", "-4", "route", "get", "10.2.3.21").exitCode())
                        .as("no route for an address just outside the range").isNotZero();
            } catch (Exception | AssertionError e) {
                AssertionError failure = stage.withAgentLog(e);
                failure.addSuppressed(new AssertionError(swan.logTail()));
                throw failure;
            }
        }
    }

    /**
     * Agent against agent with no NAT between them, so only forced encapsulation puts ESP in UDP (a
     * strongSwan with kernel-libipsec would encapsulate anyway): the peer is our agent in standalone
     * mode with encapsulation auto, ours forces it through the API. 200 pings each way travel in UDP
     * 4500: the namespace's kernel UDP counters count them (at least half of them: the data path may
     * send or receive a few ESP packets in one GSO/GRO datagram). After a PATCH to auto the replaced
     * tunnel carries them as IP protocol 50, and UDP sees almost none.
     */
    @Test
    void forcedUdpEncapsulationPutsEspInUdpOnAPathWithoutNat() throws Exception {
        NetNs agentNs = stage.net().left().ns();
        try (JavaProcessInNamespace peerAgent = startPeerAgent()) {
            try {
                String peer = peer("peer-agent", PEER_AGENT_ID);
                String policy = policy("forced", "encapsulation", "force_udp");
                String tunnel = tunnel("forced", peer, policy, "10.1.0.0/24", "10.2.0.0/24");
                await("ESTABLISHED", () -> established(tunnel));
                ping(agentNs, "10.1.0.1", "10.2.0.1");
                UdpCounters forced = udpDuring200Pings(agentNs);
                System.out.println("e2e: force_udp: " + forced + " during 200 pings");
                assertThat(forced.outDatagrams()).as("ESP sent in UDP").isGreaterThanOrEqualTo(100);
                assertThat(forced.inDatagrams()).as("ESP received in UDP").isGreaterThanOrEqualTo(100);
                assertThat(peerAgent.log()).as("the peer was made to see a NAT").contains("NAT detected (local false, remote true)");

                String spiBefore = spiIn(tunnel);
                assertThat(stage.api().patch("/v1/crypto-policies/" + policy, body("encapsulation", "auto")).status()).isEqualTo(200);
                await("the tunnel replaced", () -> established(tunnel) && !spiIn(tunnel).equals(spiBefore)
                        && securityAssociations(stage.api(), tunnel).get("items").size() == 1);
                ping(agentNs, "10.1.0.1", "10.2.0.1");
                UdpCounters auto = udpDuring200Pings(agentNs);
                System.out.println("e2e: auto: " + auto + " during 200 pings");
                assertThat(auto.outDatagrams()).as("raw ESP: UDP only for IKE").isLessThan(50);
            } catch (Exception | AssertionError e) {
                AssertionError failure = stage.withAgentLog(e);
                failure.addSuppressed(new AssertionError("--- peer agent log ---\n" + peerAgent.log()));
                throw failure;
            }
        }
    }

    /** Our agent at 192.0.2.2 in standalone mode, answering our gateway's tunnels with encapsulation auto. */
    private JavaProcessInNamespace startPeerAgent() throws Exception {
        Path config = Files.writeString(dir.resolve("peer-agent.json"), """
                {
                  "gateway": { "name": "peer", "ikeIdentity": "%s", "publicAddresses": ["%s"] },
                  "peers": [ { "name": "edge", "address": "%s", "ikeIdentity": "%s", "auth": { "type": "psk", "psk": "%s" } } ],
                  "cryptoPolicies": [ { "name": "p", "ikeProposals": ["aes256gcm16-prfsha384-x25519"], "espProposals": ["aes256gcm16"],
                                        "encapsulation": "auto" } ],
                  "tunnels": [ { "name": "forced", "peer": "edge", "cryptoPolicy": "p",
                                 "localTrafficSelectors": ["10.2.0.0/24"], "remoteTrafficSelectors": ["10.1.0.0/24"] } ],
                  "dataPath": { "tunName": "e2p%06x", "queues": 1 }
                }
                """.formatted(PEER_AGENT_ID, stage.net().right().outerAddress(), ManagedAgentStage.AGENT_ADDRESS,
                ManagedAgentStage.AGENT_ADDRESS, psk, new SecureRandom().nextInt(0x1000000)));
        return JavaProcessInNamespace.start(stage.net().right().ns(), dir.resolve("peer-agent.log"),
                List.of("-Dlogback.configurationFile=agent-logback.xml"), StandaloneAgent.class.getName(),
                List.of(config.toString()), "READY", Duration.ofSeconds(30));
    }

    /** The agent namespace's UDP datagrams in and out while 200 pings cross the tunnel (ESP in UDP counts, raw ESP not). */
    private static UdpCounters udpDuring200Pings(NetNs ns) {
        UdpCounters before = UdpCounters.of(ns, IpFamily.V4);
        var r = ns.tryExec("ping", "-q", "-c", "200", "-i", "0.005", "-W", "2", "-I", "10.1.0.1", "10.2.0.1");
        assertThat(r.exitCode()).as("200 pings:\n%s", r.stdout()).isZero();
        return UdpCounters.of(ns, IpFamily.V4).minus(before);
    }

    private String spiIn(String tunnel) {
        return securityAssociations(stage.api(), tunnel).get("items").path(0).path("spiIn").asText();
    }

    /** strongSwan at 192.0.2.2 answering one child per tunnel we propose, narrowed from its wide selectors. */
    private StrongSwanPeer startStrongSwan() {
        StrongSwanPeer swan = StrongSwanPeer.start(stage.net().right().ns());
        Connection site = Connection.siteToSite("site", stage.net().right(), stage.net().left(), new Auth.Psk(SWAN_ID),
                new Auth.Psk(ManagedAgentStage.AGENT_ADDRESS));
        Child template = site.children().getFirst();
        swan.load(SwanctlConf.of(site.withChildren(List.of(new Child("net", List.of("10.2.0.0/16"), List.of("10.1.0.0/16"),
                        template.espProposals(), "none", template.rekeyTime()))),
                new PskSecret(SWAN_ID, ManagedAgentStage.AGENT_ADDRESS, psk.getBytes())));
        return swan;
    }

    /** A PSK peer at 192.0.2.2. */
    private String peer(String name, String ikeIdentity) {
        String id = created(stage.api().post("/v1/peers", body("name", name, "address", stage.net().right().outerAddress(),
                "ikeIdentity", ikeIdentity, "auth", body("type", "psk", "psk", psk))));
        peersAndPolicies.add("/v1/peers/" + id);
        return id;
    }

    /** An initiating policy with the fields given as name-value pairs. */
    private String policy(String name, Object... fields) {
        Map<String, Object> policy = body("name", name, "ikeProposals", List.of("aes256gcm16-prfsha384-x25519"),
                "espProposals", List.of("aes256gcm16"), "startAction", "initiate");
        policy.putAll(body(fields));
        String id = created(stage.api().post("/v1/crypto-policies", policy));
        peersAndPolicies.add("/v1/crypto-policies/" + id);
        return id;
    }

    private String tunnel(String name, String peer, String policy, String local, String remote) {
        String id = created(stage.api().post("/v1/tunnels", body("name", name, "gatewayId", stage.gateway(), "peerId", peer,
                "policyId", policy, "localTrafficSelectors", List.of(local), "remoteTrafficSelectors", List.of(remote))));
        tunnels.add(id);
        return id;
    }

    private boolean established(String tunnel) {
        return "ESTABLISHED".equals(tunnelStatus(stage.api(), tunnel));
    }

    private static String newPsk() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
