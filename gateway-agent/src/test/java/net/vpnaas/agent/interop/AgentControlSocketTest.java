package net.vpnaas.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.agent.localctl.SaListing;
import net.vpnaas.ike.interop.ChildSaStatus;
import net.vpnaas.ike.interop.IkeSaStatus;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import net.vpnaas.ike.interop.SwanctlConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view of a standalone agent facing strongSwan 5.9.8 (namespaces as in
 * {@link AgentAgainstStrongSwanTest}): {@code bin/agent ctl} lists the tunnel, initiates it,
 * shows the same SAs and packet counts strongSwan shows, rekeys the Child SA and the IKE SA,
 * reloads the file (unchanged: nothing touched; broken: refused; changed: applied), and terminates
 * it, each checked on strongSwan's side.
 */
class AgentControlSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OUR_ID = "agent.vpn.example";
    private static final String SWAN_ID = "swan.vpn.example";
    private static final Pattern CHILD_REKEYED = Pattern.compile("-> in (\\p{XDigit}{8}) out (\\p{XDigit}{8})");
    private static final Pattern IKE_REKEYED = Pattern.compile("-> (\\p{XDigit}{16})_i (\\p{XDigit}{16})_r");

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @Test
    void theCliListsInitiatesRekeysReloadsAndTerminatesATunnelToStrongSwan() throws Exception {
        byte[] psk = AgentConfigs.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns())) {
            swan.load(SwanctlConf.of(Connection.siteToSite("site", net.right(), net.left(), new Auth.Psk(SWAN_ID),
                    new Auth.Psk(OUR_ID)), new PskSecret(SWAN_ID, OUR_ID, psk)));
            Path config = AgentConfigs.withPsk(dir, net.left(), OUR_ID, net.right(), SWAN_ID, psk, "respond");
            String file = Files.readString(config);
            try (AgentProcess agent = AgentProcess.start(net.left().ns(), config)) {
                AgentCtl ctl = new AgentCtl(agent.controlSocket());
                try {
                    // Respond-only: listed, no SA.
                    SaListing.Tunnel idle = ctl.listing().tunnels().getFirst();
                    assertThat(idle.name()).isEqualTo("site");
                    assertThat(idle.peer()).isEqualTo(net.right().outerAddress());
                    assertThat(idle.startAction()).isEqualTo("respond");
                    assertThat(idle.ikeSas()).isEmpty();
                    assertThat(ctl.ok("list-sas")).isEqualTo("site: peer " + net.right().outerAddress()
                            + ", start action respond\n  DPD probes after 30s of silence, dead after 2m 30s unanswered,"
                            + " then restart; encapsulation auto\n  no IKE SA\n");

                    // initiate: up on both sides, and both list the same SAs.
                    assertThat(ctl.ok("initiate", "site")).startsWith("site: IKE SA ").contains(" established, Child SA in ");
                    IkeSaStatus theirs = swan.awaitInstalled("net", WAIT);
                    assertSameSas(ctl.onlyIkeSa(), theirs);
                    SaListing.IkeSa ours = ctl.onlyIkeSa();
                    assertThat(ours.localId()).isEqualTo("@" + OUR_ID);
                    assertThat(ours.remoteId()).isEqualTo("@" + SWAN_ID);
                    assertThat(ours.algorithms()).contains("AES_GCM_16_256").contains("CURVE25519");
                    assertThat(ours.rekeyAt()).isAfter(ours.establishedAt());
                    SaListing.ChildSa child = ours.childSas().getFirst();
                    assertThat(child.localTs()).containsExactly(net.left().innerSubnet());
                    assertThat(child.remoteTs()).containsExactly(net.right().innerSubnet());
                    assertThat(child.rekeyAt()).isAfter(child.installedAt());
                    assertThat(child.expiresAt()).isAfter(child.rekeyAt());
                    assertThat(ctl.run("initiate", "site").err()).contains("site: has an IKE SA already (ESTABLISHED");
                    assertThat(ctl.run("initiate", "elsewhere").err()).isEqualTo("tunnel: no tunnel named 'elsewhere'; this agent runs [site]\n");

                    // Counters: the pings both ends counted, packet for packet.
                    AgentAgainstStrongSwanTest.awaitFirstPing(net.left(), net.right());
                    net.left().ns().tryExec("ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", net.left().innerAddress(),
                            net.right().innerAddress());
                    ChildSaStatus swanChild = swan.listSas().getFirst().installedChild("net");
                    SaListing.Counters counted = ctl.onlyIkeSa().childSas().getFirst().counters();
                    assertThat(counted.packetsOut()).as("our packets out = strongSwan's in").isEqualTo(swanChild.packetsIn()).isPositive();
                    assertThat(counted.packetsIn()).as("our packets in = strongSwan's out").isEqualTo(swanChild.packetsOut()).isPositive();
                    assertThat(counted.bytesIn()).isPositive();
                    assertThat(counted.lastInbound()).isNotNull();
                    assertThat(counted.replayDrops() + counted.integrityFailures() + counted.selectorDrops()).isZero();
                    assertThat(ctl.ok("list-sas")).contains("in  " + child.inboundSpi() + ", " + counted.bytesIn() + " bytes, "
                            + counted.packetsIn() + " packets");

                    // rekey (Child SA), then rekey --ike: strongSwan runs what ctl reported.
                    Matcher newChild = CHILD_REKEYED.matcher(ctl.ok("rekey", "site"));
                    assertThat(newChild.find()).isTrue();
                    long newIn = Long.parseLong(newChild.group(1), 16);
                    swan.awaitSa(s -> s.installedChild("net") != null && s.installedChild("net").spiOut() == newIn
                            && s.children().size() == 1, WAIT, "rekeyed to our inbound SPI " + newChild.group(1));
                    Matcher newIke = IKE_REKEYED.matcher(ctl.ok("rekey", "site", "--ike"));
                    assertThat(newIke.find()).isTrue();
                    IkeSaStatus rekeyed = swan.awaitSa(s -> s.established()
                            && "%016x".formatted(s.initiatorSpi()).equals(newIke.group(1)), WAIT, "IKE SA " + newIke.group(1));
                    NetNs.sleep(Duration.ofSeconds(1)); // the old IKE SA's Delete
                    assertSameSas(ctl.onlyIkeSa(), swan.listSas().getFirst());

                    // reload: the same file touches nothing; a broken one is refused naming the field.
                    assertThat(ctl.ok("reload")).isEqualTo("reloaded: no tunnel changed\n");
                    // The gateway's defence thresholds reach the running engine; its tunnels are not touched.
                    Files.writeString(config, file.replace("\"publicAddresses\":", "\"defence\": {\"cookieThreshold\": 7}, \"publicAddresses\":"));
                    assertThat(ctl.ok("reload")).isEqualTo("reloaded: no tunnel changed\n");
                    awaitLogged(agent, "defences: cookies from 7 half-open IKE SAs, puzzles from 200");
                    Files.writeString(config, file.replace("\"cryptoPolicy\": \"p\"", "\"cryptoPolicy\": \"nope\""));
                    AgentCtl.Run broken = ctl.run("reload");
                    assertThat(broken.status()).isEqualTo(1);
                    assertThat(broken.err()).contains("reload refused, nothing changed").contains("tunnels[0].cryptoPolicy");
                    assertThat(swan.listSas()).singleElement().extracting(IkeSaStatus::initiatorSpi).isEqualTo(rekeyed.initiatorSpi());

                    // terminate: strongSwan gets the Delete, and a respond-only tunnel stays down.
                    Files.writeString(config, file);
                    assertThat(ctl.ok("terminate", "site")).isEqualTo("site: IKE SA " + newIke.group(1) + "_i " + newIke.group(2)
                            + "_r deleted\n");
                    awaitNoSa(swan);
                    NetNs.sleep(Duration.ofSeconds(3));
                    assertThat(ctl.listing().tunnels().getFirst().ikeSas()).isEmpty();
                    assertThat(swan.listSas()).isEmpty();

                    // reload of a changed tunnel (now "initiate"): applied, and the agent sets it up.
                    Files.writeString(config, file.replace("\"startAction\": \"respond\"", "\"startAction\": \"initiate\""));
                    assertThat(ctl.ok("reload")).isEqualTo("reloaded: changed [site]\n");
                    swan.awaitInstalled("net", WAIT);
                    assertThat(ctl.listing().tunnels().getFirst().startAction()).isEqualTo("initiate");

                    assertThat(ctl.ok("log-level")).isEqualTo("INFO\n");
                } catch (RuntimeException | AssertionError e) {
                    e.addSuppressed(new AssertionError("--- agent log ---\n" + agent.log()));
                    e.addSuppressed(new AssertionError(swan.logTail()));
                    throw e;
                }
            }
        }
    }

    /** Our listing and strongSwan's show one IKE SA and one Child SA with the same SPIs, seen from both ends. */
    private static void assertSameSas(SaListing.IkeSa ours, IkeSaStatus theirs) {
        assertThat(ours.state()).isEqualTo("ESTABLISHED");
        assertThat(ours.initiatorSpi()).isEqualTo("%016x".formatted(theirs.initiatorSpi()));
        assertThat(ours.responderSpi()).isEqualTo("%016x".formatted(theirs.responderSpi()));
        assertThat(ours.initiator()).isNotEqualTo(theirs.initiator());
        assertThat(ours.remote()).startsWith(theirs.localHost() + "["); // port 500, or 4500 once floated
        assertThat(ours.childSas()).hasSize(1);
        ChildSaStatus child = theirs.installedChild("net");
        assertThat(ours.childSas().getFirst().inboundSpi()).isEqualTo("%08x".formatted(child.spiOut()));
        assertThat(ours.childSas().getFirst().outboundSpi()).isEqualTo("%08x".formatted(child.spiIn()));
    }

    private static void awaitLogged(AgentProcess agent, String text) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!agent.log().contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the agent did not log '" + text + "'");
            NetNs.sleep(Duration.ofMillis(100));
        }
    }

    private static void awaitNoSa(StrongSwanPeer swan) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!swan.listSas().isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("strongSwan still has " + swan.listSas());
            NetNs.sleep(Duration.ofMillis(100));
        }
    }
}
