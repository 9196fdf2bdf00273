package net.vpnaas.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.ike.interop.ChildSaStatus;
import net.vpnaas.ike.interop.IkeSaStatus;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.Site;
import net.vpnaas.ike.interop.StrongSwanBuild;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import net.vpnaas.ike.interop.SwanctlConf;
import net.vpnaas.ike.interop.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole agent (standalone config file, IKE engine, ESP data path on a TUN) in one namespace,
 * strongSwan 5.9.8 (6.0.6 for ML-KEM) in the other: IKE and Child SA come up, and ping crosses the tunnel both ways.
 *
 * <pre>
 *  left ns: our agent (StandaloneAgent process)          right ns: charon (kernel-libipsec)
 *  10.1.0.1 --route--> TUN ioXXXX --ESP/UDP 4500--> 192.0.2.2 ipsec0 --> 10.2.0.1
 * </pre>
 */
class AgentAgainstStrongSwanTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OUR_ID = "agent.vpn.example";
    private static final String SWAN_ID = "swan.vpn.example";

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @ParameterizedTest(name = "PSK, outer {0}, {1} initiates")
    @CsvSource({"V4, agent", "V4, strongswan", "V6, agent"})
    void pskTunnelComesUpAndCarriesPing(IpFamily outer, String initiator) {
        boolean agentInitiates = initiator.equals("agent");
        byte[] psk = AgentConfigs.newPsk();
        try (NamespacePair net = NamespacePair.create(outer, IpFamily.V4);
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns())) {
            Auth ours = new Auth.Psk(OUR_ID);
            Auth theirs = new Auth.Psk(SWAN_ID);
            swan.load(SwanctlConf.of(Connection.siteToSite("site", net.right(), net.left(), theirs, ours),
                    new PskSecret(SWAN_ID, OUR_ID, psk)));
            Path config = AgentConfigs.withPsk(dir, net.left(), OUR_ID, net.right(), SWAN_ID, psk,
                    agentInitiates ? "initiate" : "respond");
            runAndPing(net, swan, config, agentInitiates);
        }
    }

    /**
     * 100 MB of TCP through the tunnel, agent to strongSwan's side, for each ESP algorithm family:
     * both ends count the same bytes with the same SHA-256, and strongSwan's Child SA decrypted at
     * least that much.
     */
    @ParameterizedTest(name = "ESP {0}: 100 MB TCP")
    @CsvSource({"aes256gcm16, AES_GCM_16", "chacha20poly1305, CHACHA20_POLY1305", "aes128-sha256, AES_CBC"})
    void hundredMegabytesOfTcpArriveIntact(String espProposal, String swanEncrAlg) {
        byte[] psk = AgentConfigs.newPsk();
        long bytes = 100L * 1000 * 1000;
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns())) {
            Auth ours = new Auth.Psk(OUR_ID);
            Auth theirs = new Auth.Psk(SWAN_ID);
            Connection site = Connection.siteToSite("site", net.right(), net.left(), theirs, ours);
            swan.load(SwanctlConf.of(site.withChildren(List.of(site.children().getFirst().withEspProposals(espProposal))),
                    new PskSecret(SWAN_ID, OUR_ID, psk)));
            Path config = AgentConfigs.withPsk(dir, net.left(), OUR_ID, net.right(), SWAN_ID, psk, "initiate", espProposal);
            try (AgentProcess agent = AgentProcess.start(net.left().ns(), config)) {
                try {
                    IkeSaStatus sa = swan.awaitInstalled("net", WAIT);
                    assertThat(sa.installedChild("net").encrAlg()).isEqualTo(swanEncrAlg);
                    awaitFirstPing(net.left(), net.right());
                    long before = swan.listSas().getFirst().installedChild("net").bytesIn();

                    ExactTransfer.Result t = ExactTransfer.send(net.left(), net.right(), bytes, 120);
                    assertThat(t.sentBytes()).isEqualTo(bytes);
                    assertThat(t.receivedBytes()).isEqualTo(bytes);
                    assertThat(t.receivedSha256()).isEqualTo(t.sentSha256());
                    long decrypted = swan.listSas().getFirst().installedChild("net").bytesIn() - before;
                    assertThat(decrypted).as("inner bytes strongSwan decrypted from us").isGreaterThan(bytes);
                } catch (RuntimeException | AssertionError e) {
                    e.addSuppressed(new AssertionError("--- agent log ---\n" + agent.log()));
                    e.addSuppressed(new AssertionError(swan.logTail()));
                    throw e;
                }
            }
        }
    }

    /**
     * strongSwan rekeys the Child SA every 20 s (make-before-break on our side: the new SA takes
     * outbound traffic, the old one keeps decrypting until deleted) while a ping runs every 200 ms
     * for 65 s: at least three rekeys happen and at most one ping is lost.
     */
    @org.junit.jupiter.api.Test
    void childRekeysEveryTwentySecondsLoseAtMostOnePing() throws Exception {
        byte[] psk = AgentConfigs.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns())) {
            Auth ours = new Auth.Psk(OUR_ID);
            Auth theirs = new Auth.Psk(SWAN_ID);
            Connection site = Connection.siteToSite("site", net.right(), net.left(), theirs, ours);
            SwanctlConf.Child child = site.children().getFirst();
            swan.load(SwanctlConf.of(site.withChildren(List.of(new SwanctlConf.Child(child.name(), child.localTs(),
                    child.remoteTs(), child.espProposals(), child.startAction(), Duration.ofSeconds(20)))),
                    new PskSecret(SWAN_ID, OUR_ID, psk)));
            Path config = AgentConfigs.withPsk(dir, net.left(), OUR_ID, net.right(), SWAN_ID, psk, "initiate");
            try (AgentProcess agent = AgentProcess.start(net.left().ns(), config)) {
                try {
                    swan.awaitInstalled("net", WAIT);
                    awaitFirstPing(net.left(), net.right());
                    Path log = dir.resolve("ping.log");
                    Process ping = net.left().ns().start(java.util.Map.of(), log, List.of("ping", "-c", "325", "-i", "0.2",
                            "-W", "1", "-I", net.left().innerAddress(), net.right().innerAddress()));
                    java.util.Set<Long> childSpis = new java.util.HashSet<>();
                    while (ping.isAlive()) {
                        ChildSaStatus c = swan.listSas().getFirst().installedChild("net");
                        if (c != null) childSpis.add(c.spiIn());
                        Thread.sleep(500);
                    }
                    String out = java.nio.file.Files.readString(log);
                    Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(out);
                    assertThat(m.find()).as(out).isTrue();
                    int lost = Integer.parseInt(m.group(1)) - Integer.parseInt(m.group(2));
                    System.out.printf("child rekeys under ping: %d Child SAs seen, %s sent, %d lost%n", childSpis.size(), m.group(1), lost);
                    assertThat(childSpis).as("Child SAs seen (3 rekeys make 4)").hasSizeGreaterThanOrEqualTo(4);
                    assertThat(lost).as(out).isLessThanOrEqualTo(1);
                } catch (RuntimeException | AssertionError e) {
                    e.addSuppressed(new AssertionError("--- agent log ---\n" + agent.log()));
                    e.addSuppressed(new AssertionError(swan.logTail()));
                    throw e;
                }
            }
        }
    }

    /**
     * One tunnel with three local and three remote subnets against strongSwan configured with one
     * child per subnet pair (10.1/24-10.2/24, 10.11/24-10.12/24, 10.21/24-10.22/24), as firewalls
     * often are: three Child SAs, and each pair's ping crosses its own. When strongSwan initiates, it
     * sets up its children one after the other and the agent answers each (each must get its own
     * policy, not take over the others'); when the agent initiates, strongSwan narrows its one request
     * to one pair and the agent asks for the others. With a hybrid PFS group (strongSwan 6.0.6) those
     * others are new Child SAs keyed by X25519 in CREATE_CHILD_SA and ML-KEM-768 in IKE_FOLLOWUP_KE.
     */
    @ParameterizedTest(name = "three subnet pairs, {0} initiates, PFS: {1}")
    @CsvSource({"agent, none", "strongswan, none", "agent, x25519-ke1_mlkem768"})
    void eachOfThreeSubnetPairsCrossesItsOwnChildSa(String initiator, String pfsGroup) {
        boolean agentInitiates = initiator.equals("agent");
        boolean hybrid = !pfsGroup.equals("none");
        if (hybrid) Prereqs.requireStrongSwan6();
        byte[] psk = AgentConfigs.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer swan = hybrid ? StrongSwanPeer.start(StrongSwanBuild.V6_0_6, net.right().ns(), 2, "")
                     : StrongSwanPeer.start(net.right().ns())) {
            List<Site> ours = List.of(net.left(), extraSubnet(net.left(), "10.11.0"), extraSubnet(net.left(), "10.21.0"));
            List<Site> theirs = List.of(net.right(), extraSubnet(net.right(), "10.12.0"), extraSubnet(net.right(), "10.22.0"));
            List<SwanctlConf.Child> children = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                children.add(new SwanctlConf.Child("net" + i, List.of(theirs.get(i).innerSubnet()),
                        List.of(ours.get(i).innerSubnet()), hybrid ? "aes256gcm16-" + pfsGroup : "aes256gcm16", "none",
                        Duration.ofHours(1)));
            }
            swan.load(SwanctlConf.of(Connection.siteToSite("site", net.right(), net.left(), new Auth.Psk(SWAN_ID),
                    new Auth.Psk(OUR_ID)).withChildren(children), new PskSecret(SWAN_ID, OUR_ID, psk)));
            Path config = AgentConfigs.withPskTunnels(dir, net.left(), OUR_ID, agentInitiates ? "initiate" : "respond",
                    List.of(new AgentConfigs.PskTunnel("peer", net.right().outerAddress(), SWAN_ID, psk,
                            ours.stream().map(Site::innerSubnet).toList(), theirs.stream().map(Site::innerSubnet).toList())),
                    hybrid ? pfsGroup : null);
            try (AgentProcess agent = AgentProcess.start(net.left().ns(), config)) {
                try {
                    if (!agentInitiates) children.forEach(c -> swan.initiate(c.name()));
                    IkeSaStatus sa = swan.awaitSa(s -> s.established() && children.stream()
                            .allMatch(c -> s.installedChild(c.name()) != null), WAIT, "ESTABLISHED with three children");
                    for (int i = 0; i < 3; i++) {
                        assertThat(sa.installedChild("net" + i).remoteTs()).containsExactly(ours.get(i).innerSubnet());
                    }
                    if (hybrid) {
                        // One Child SA came with IKE_AUTH (no key exchange there); the agent asked for the other two.
                        assertThat(sa.children().stream().filter(c -> "CURVE_25519".equals(c.dhGroup())
                                && c.additionalKeyExchanges().equals(List.of("ML_KEM_768")))).hasSize(2);
                        assertThat(count(swan.log(), "parsed IKE_FOLLOWUP_KE request")).isGreaterThanOrEqualTo(2);
                    }
                    for (int i = 0; i < 3; i++) {
                        Site from = ours.get(i);
                        Site to = theirs.get(i);
                        awaitFirstPing(from, to);
                        String child = "net" + i;
                        long before = swan.listSas().getFirst().installedChild(child).packetsIn();
                        long expectedIn = before + ping(from, to) + ping(to, from);
                        swan.awaitSa(s -> s.installedChild(child) != null && s.installedChild(child).packetsIn() >= expectedIn,
                                WAIT, child + " decrypting " + expectedIn + " packets");
                    }
                } catch (RuntimeException | AssertionError e) {
                    e.addSuppressed(new AssertionError("--- agent log ---\n" + agent.log()));
                    e.addSuppressed(new AssertionError(swan.logTail()));
                    throw e;
                }
            }
        }
    }

    /** Another inner subnet {@code <prefix>.0/24} behind a site, with {@code <prefix>.1} on its loopback. */
    private static Site extraSubnet(Site site, String prefix) {
        site.ns().addAddress("lo", prefix + ".1/32");
        return new Site(site.ns(), site.outerAddress(), prefix + ".0/24", prefix + ".1");
    }

    /** Certificates from one test CA on both sides (ECDSA P-256 and Ed25519 end entities). */
    @ParameterizedTest(name = "certificates {0}, {1} initiates")
    @CsvSource({"ECDSA_P256, agent", "ED25519, strongswan"})
    void certificateTunnelComesUpAndCarriesPing(KeyKind kind, String initiator) {
        boolean agentInitiates = initiator.equals("agent");
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued ourCert = pki.issue(OUR_ID, kind);
        TestPki.Issued swanCert = pki.issue(SWAN_ID, kind);
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns())) {
            String swanFile = pki.installInto(swan, swanCert);
            swan.load(SwanctlConf.of(Connection.siteToSite("site", net.right(), net.left(),
                    new Auth.PubKey(SWAN_ID, "pubkey", swanFile), new Auth.PubKey(OUR_ID, "pubkey", null))));
            Path config = AgentConfigs.withCertificates(dir, net.left(), ourCert, pki, net.right(), SWAN_ID,
                    agentInitiates ? "initiate" : "respond");
            runAndPing(net, swan, config, agentInitiates);
            assertThat(swan.log()).contains("authentication of '" + OUR_ID + "' with");
        }
    }

    /**
     * The initiator's first KE is for a group the responder does not choose: INVALID_KE_PAYLOAD, then
     * IKE_SA_INIT again with the right KE and everything else the first one had, the NAT detection
     * notifies included. kernel-libipsec needs them (it only does ESP in UDP, agreed through a faked
     * NAT); without them strongSwan refused the Child SA.
     */
    @ParameterizedTest(name = "{0} initiates with a KE the other does not choose")
    @CsvSource({"agent", "strongswan"})
    void aKeyExchangeRetryEndsInATunnelThatCarriesPing(String initiator) {
        boolean agentInitiates = initiator.equals("agent");
        // The initiator offers X25519 too, but sends its KE for ECP-256; the responder only takes X25519.
        String ecp256First = "aes256gcm16-prfsha384-ecp256-x25519";
        byte[] psk = AgentConfigs.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns())) {
            Connection site = Connection.siteToSite("site", net.right(), net.left(), new Auth.Psk(SWAN_ID), new Auth.Psk(OUR_ID));
            swan.load(SwanctlConf.of(agentInitiates ? site : site.withProposals(ecp256First), new PskSecret(SWAN_ID, OUR_ID, psk)));
            Path config = AgentConfigs.withPsk(dir, net.left(), OUR_ID, net.right(), SWAN_ID, psk,
                    agentInitiates ? "initiate" : "respond", "aes256gcm16", agentInitiates ? ecp256First : AgentConfigs.DEFAULT_IKE);
            runAndPing(net, swan, config, agentInitiates);
            // charon's log names the notify INVAL_KE, generated (as responder) or parsed (as initiator).
            assertThat(swan.log()).contains("IKE_SA_INIT response 0 [ N(INVAL_KE) ]");
        }
    }

    /**
     * strongSwan refuses the Child SA (its selectors do not cover ours: TS_UNACCEPTABLE in IKE_AUTH). The
     * engine closes the IKE SA that would carry nothing and reports the tunnel down; the agent sets it up
     * again after 2, 4, 8 s. So the tunnel never stays "up" without a Child SA, and a peer that keeps
     * refusing is not asked every 2 s.
     */
    @org.junit.jupiter.api.Test
    void aRefusedChildSaTakesTheIkeSaDownAndTheAgentRetriesWithBackoff() {
        byte[] psk = AgentConfigs.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns())) {
            Connection site = Connection.siteToSite("site", net.right(), net.left(), new Auth.Psk(SWAN_ID), new Auth.Psk(OUR_ID));
            SwanctlConf.Child child = site.children().getFirst();
            swan.load(SwanctlConf.of(site.withChildren(List.of(new SwanctlConf.Child(child.name(), child.localTs(),
                    List.of("10.9.0.0/24"), child.espProposals(), child.startAction(), child.rekeyTime()))),
                    new PskSecret(SWAN_ID, OUR_ID, psk)));
            Path config = AgentConfigs.withPsk(dir, net.left(), OUR_ID, net.right(), SWAN_ID, psk, "initiate");
            try (AgentProcess agent = AgentProcess.start(net.left().ns(), config)) {
                try {
                    // HDR, SK {IDi, AUTH, SAi2, TSi, TSr}  -->   <--  HDR, SK {IDr, AUTH, N(TS_UNACCEPTABLE)}
                    // HDR, SK {D(IKE)}  -->   <--  HDR, SK {}                 ... and again 2, 4, 8 s later
                    List<Long> attempts = new java.util.ArrayList<>(); // ms after the first IKE_SA_INIT charon parsed
                    long first = 0;
                    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (System.nanoTime() < end && attempts.size() < 4) {
                        int parsed = count(swan.log(), "parsed IKE_SA_INIT request 0");
                        while (attempts.size() < parsed) {
                            if (attempts.isEmpty()) first = System.nanoTime();
                            attempts.add((System.nanoTime() - first) / 1_000_000);
                        }
                        Thread.sleep(50);
                    }
                    System.out.println("IKE_SA_INIT attempts after a refused Child SA, ms after the first: " + attempts);
                    assertThat(attempts).as("attempts within 20 s").hasSize(4);
                    long gap1 = attempts.get(1) - attempts.get(0);
                    long gap2 = attempts.get(2) - attempts.get(1);
                    long gap3 = attempts.get(3) - attempts.get(2);
                    assertThat(gap1).as("first redial delay, ms").isBetween(1_500L, 4_000L);
                    assertThat(gap2).as("second redial delay, ms").isBetween(gap1 + 1_000, 7_000L);
                    assertThat(gap3).as("third redial delay, ms").isBetween(gap2 + 2_000, 12_000L);
                    // Each attempt's IKE SA was deleted by us, none kept without its Child SA.
                    assertThat(count(swan.log(), "received DELETE for IKE_SA")).isGreaterThanOrEqualTo(3);
                    assertThat(count(swan.log(), "N(TS_UNACCEPT)")).isGreaterThanOrEqualTo(3);
                } catch (RuntimeException | AssertionError | InterruptedException e) {
                    AssertionError failure = e instanceof AssertionError a ? a : new AssertionError(e);
                    failure.addSuppressed(new AssertionError("--- agent log ---\n" + agent.log()));
                    failure.addSuppressed(new AssertionError(swan.logTail()));
                    throw failure;
                }
            }
        }
    }

    /**
     * Quantum-safe tunnels against strongSwan 6.0.6, each side initiating once: the IKE SA keyed by a classic
     * key exchange plus ML-KEM (IKE_INTERMEDIATE; ML-KEM-1024's messages fragmented), the Child SAs by the
     * policy's hybrid {@code pfsGroup}, with a PSK or ECDSA certificates. Ping crosses the tunnel both ways;
     * strongSwan rekeys the Child SA
     * (CREATE_CHILD_SA with the classic key exchange, then each ML-KEM in an IKE_FOLLOWUP_KE), and ping
     * crosses the new Child SA both ways, which strongSwan decrypts.
     */
    @ParameterizedTest(name = "{0} with pfsGroup {1}, {5}, {4} initiates")
    @CsvSource({
            "aes256gcm16-prfsha384-x25519-ke1_mlkem768, x25519-ke1_mlkem768, CURVE_25519, ML_KEM_768, agent, psk",
            "aes256gcm16-prfsha384-ecp384-ke1_mlkem1024-ke2_mlkem768, ecp384-ke1_mlkem1024, ECP_384, ML_KEM_1024 ML_KEM_768, strongswan, psk",
            "aes256gcm16-prfsha384-x25519-ke1_mlkem768, x25519-ke1_mlkem768, CURVE_25519, ML_KEM_768, strongswan, certificates"})
    void hybridTunnelCarriesPingBeforeAndAfterAChildRekeyThroughIkeFollowupKe(String ike, String pfsGroup, String classic,
                                                                             String mlKems, String initiator, String auth) {
        Prereqs.requireStrongSwan6();
        boolean agentInitiates = initiator.equals("agent");
        List<String> ikeAdditional = List.of(mlKems.split(" "));
        String childAdditional = ikeAdditional.getFirst();
        String startAction = agentInitiates ? "initiate" : "respond";
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer swan = StrongSwanPeer.start(StrongSwanBuild.V6_0_6, net.right().ns(), 2, "")) {
            Path config;
            if (auth.equals("psk")) {
                byte[] psk = AgentConfigs.newPsk();
                Connection site = Connection.siteToSite("site", net.right(), net.left(), new Auth.Psk(SWAN_ID), new Auth.Psk(OUR_ID));
                swan.load(SwanctlConf.of(hybrid(site, ike, pfsGroup), new PskSecret(SWAN_ID, OUR_ID, psk)));
                config = AgentConfigs.withPskAndPfs(dir, net.left(), OUR_ID, net.right(), SWAN_ID, psk, startAction, "aes256gcm16", ike,
                        pfsGroup);
            } else {
                TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
                String swanFile = pki.installInto(swan, pki.issue(SWAN_ID, KeyKind.ECDSA_P256));
                Connection site = Connection.siteToSite("site", net.right(), net.left(), new Auth.PubKey(SWAN_ID, "pubkey", swanFile),
                        new Auth.PubKey(OUR_ID, "pubkey", null));
                swan.load(SwanctlConf.of(hybrid(site, ike, pfsGroup)));
                config = AgentConfigs.withCertificatesAndPfs(dir, net.left(), pki.issue(OUR_ID, KeyKind.ECDSA_P256), pki, net.right(), SWAN_ID,
                        startAction, ike, pfsGroup);
            }
            try (AgentProcess agent = AgentProcess.start(net.left().ns(), config)) {
                try {
                    if (!agentInitiates) swan.initiate("net");
                    IkeSaStatus sa = swan.awaitInstalled("net", WAIT);
                    assertThat(sa.initiator()).isEqualTo(!agentInitiates);
                    assertThat(sa.dhGroup()).isEqualTo(classic);
                    assertThat(sa.additionalKeyExchanges()).containsExactlyElementsOf(ikeAdditional);
                    awaitFirstPing(net.left(), net.right());
                    pingBothWaysThrough(net, swan);
                    long first = sa.installedChild("net").spiIn();

                    swan.swanctl("--rekey", "--child", "net").orThrow();
                    IkeSaStatus rekeyed = swan.awaitSa(s -> s.children().size() == 1 && s.installedChild("net") != null
                            && s.installedChild("net").spiIn() != first, WAIT, "the Child SA rekeyed and the old one deleted");
                    ChildSaStatus child = rekeyed.installedChild("net");
                    assertThat(child.dhGroup()).isEqualTo(classic);
                    assertThat(child.additionalKeyExchanges()).containsExactly(childAdditional);
                    pingBothWaysThrough(net, swan);

                    assertThat(swan.log()).contains("selected proposal: ESP:AES_GCM_16_256/" + classic + "/NO_EXT_SEQ/KE1_" + childAdditional)
                            .containsPattern("parsed IKE_FOLLOWUP_KE response \\d+ \\[ KE ]");
                    assertThat(agent.log()).contains("IKE_FOLLOWUP_KE request");
                } catch (RuntimeException | AssertionError e) {
                    e.addSuppressed(new AssertionError("--- agent log ---\n" + agent.log()));
                    e.addSuppressed(new AssertionError(swan.logTail()));
                    throw e;
                }
            }
        }
    }

    private static Connection hybrid(Connection site, String ike, String pfsGroup) {
        Connection c = site.withProposals(ike);
        return c.withChildren(List.of(c.children().getFirst().withEspProposals("aes256gcm16-" + pfsGroup)));
    }

    /** Pings from our side and from strongSwan's; strongSwan's current Child SA must decrypt each reply that came back. */
    private static void pingBothWaysThrough(NamespacePair net, StrongSwanPeer swan) {
        long spi = swan.listSas().getFirst().installedChild("net").spiIn();
        long before = swan.listSas().getFirst().installedChild("net").packetsIn();
        long expectedIn = before + ping(net.left(), net.right()) + ping(net.right(), net.left());
        swan.awaitSa(s -> s.installedChild("net") != null && s.installedChild("net").spiIn() == spi
                && s.installedChild("net").packetsIn() >= expectedIn, WAIT, expectedIn + " packets in on Child SA " + Long.toHexString(spi));
    }

    private static int count(String log, String text) {
        return (int) log.lines().filter(l -> l.contains(text)).count();
    }

    private static void runAndPing(NamespacePair net, StrongSwanPeer swan, Path config, boolean agentInitiates) {
        try (AgentProcess agent = AgentProcess.start(net.left().ns(), config)) {
            try {
                if (!agentInitiates) swan.initiate("net");
                IkeSaStatus sa = swan.awaitInstalled("net", WAIT);
                assertThat(sa.initiator()).isEqualTo(!agentInitiates);
                assertThat(sa.remoteId()).isEqualTo(OUR_ID);
                assertThat(sa.remoteHost()).isEqualTo(net.left().outerAddress());
                assertThat(sa.encrAlg()).isEqualTo("AES_GCM_16");
                assertThat(sa.dhGroup()).isEqualTo("CURVE_25519");
                ChildSaStatus child = sa.installedChild("net");
                assertThat(child.remoteTs()).containsExactly(net.left().innerSubnet());

                // strongSwan lists the Child SA as soon as it has it; when we initiated, we install ours
                // only after checking its IKE_AUTH response. Wait until the first ping gets through.
                awaitFirstPing(net.left(), net.right());
                long before = swan.listSas().getFirst().installedChild("net").packetsIn();

                // From our side through our TUN, and from strongSwan's side back to us. Every echo
                // reply that arrived proves one packet strongSwan decrypted: our request (left ping)
                // or our reply (right ping). A lost packet on this busy machine is not a failure.
                int leftReplies = ping(net.left(), net.right());
                int rightReplies = ping(net.right(), net.left());
                long expectedIn = before + leftReplies + rightReplies;

                ChildSaStatus after = swan.awaitSa(s -> s.installedChild("net") != null
                        && s.installedChild("net").packetsIn() >= expectedIn, WAIT, expectedIn + " packets in")
                        .installedChild("net");
                assertThat(after.packetsOut()).isGreaterThanOrEqualTo(leftReplies + rightReplies);
            } catch (RuntimeException | AssertionError e) {
                e.addSuppressed(new AssertionError("--- agent log ---\n" + agent.log()));
                e.addSuppressed(new AssertionError(swan.logTail()));
                throw e;
            }
        }
    }

    static void awaitFirstPing(Site from, Site to) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!from.ns().tryExec("ping", "-c", "1", "-W", "1", "-I", from.innerAddress(), to.innerAddress()).ok()) {
            if (System.nanoTime() > deadline) throw new AssertionError("no ping through the tunnel within " + WAIT);
        }
    }

    /** Pings 3 times between the inner addresses; returns the replies received (at least one, or it throws). */
    private static int ping(Site from, Site to) {
        String out = from.ns().exec("ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", from.innerAddress(), to.innerAddress())
                .stdout();
        Matcher m = Pattern.compile("(\\d+) received").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        int replies = Integer.parseInt(m.group(1));
        assertThat(replies).as(out).isPositive();
        return replies;
    }
}
