package net.vpnaas.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.agent.localctl.SaListing;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.Site;
import net.vpnaas.ike.interop.Veth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IKE and ESP over TCP (RFC 9329) between two of our agents through a router namespace whose
 * nftables drop all UDP (and raw ESP): the initiator's IKE_SA_INIT over UDP gets no answer, it falls
 * back to TCP, and the tunnel carries a TCP transfer of {@code vpnaas.tcpEncapTest.bytes} (100 MB by
 * default) with identical byte counts and digests at both ends, although the router resets the TCP
 * stream mid-transfer: the initiator connects again and the same IKE SA and Child SA go on. Once the
 * router passes UDP again, the tunnel set up next uses UDP.
 *
 * <pre>
 *  left ns  192.0.2.1 ---- 192.0.2.254  router ns  198.51.100.254 ---- 198.51.100.2  right ns
 *  lo 10.1.0.1                          (nft: udp, esp dropped)                      lo 10.2.0.1
 * </pre>
 */
class TcpEncapsulationNamespaceTest {
    private static final long BYTES = Long.getLong("vpnaas.tcpEncapTest.bytes", 100L * 1000 * 1000);
    /** UDP first, TCP when its first two IKE_SA_INIT sends (1 s, then 1.5 s) get no answer. */
    private static final String POLICY = """
            "transport": "udp-with-tcp-fallback", "retransmit": { "timeoutMillis": 1000, "backoffPercent": 150, "tries": 5 }""";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireNetns();
        Prereqs.requireRootWith("nft (apt-get install nftables)", "python3 (apt-get install python3)");
    }

    @Test
    void fallsBackToTcpCarriesTrafficAcrossAResetAndReturnsToUdp() {
        byte[] psk = AgentConfigs.newPsk();
        try (RoutedPath net = RoutedPath.create()) {
            net.router.exec("nft", "add", "table", "inet", "io");
            net.router.exec("nft", "add", "chain", "inet", "io", "path", "{ type filter hook forward priority 0; policy accept; }");
            net.router.exec("nft", "add", "chain", "inet", "io", "resets");
            net.router.exec("nft", "add", "rule", "inet", "io", "path", "jump", "resets");
            net.router.exec("nft", "add", "rule", "inet", "io", "path", "meta", "l4proto", "udp", "counter", "drop");
            net.router.exec("nft", "add", "rule", "inet", "io", "path", "meta", "l4proto", "esp", "counter", "drop");
            Path left = AgentConfigs.withPskAndPolicy(dir.resolve("left"), net.left, "left.vpn.example", net.right,
                    "right.vpn.example", psk, "initiate", POLICY);
            Path right = AgentConfigs.withPskAndPolicy(dir.resolve("right"), net.right, "right.vpn.example", net.left,
                    "left.vpn.example", psk, "respond", POLICY);
            try (AgentProcess responder = AgentProcess.start(net.right.ns(), right);
                 AgentProcess initiator = AgentProcess.start(net.left.ns(), left)) {
                try {
                    AgentCtl leftCtl = new AgentCtl(initiator.controlSocket());
                    AgentCtl rightCtl = new AgentCtl(responder.controlSocket());
                    AgentAgainstStrongSwanTest.awaitFirstPing(net.left, net.right);
                    assertThat(droppedUdp(net.router)).as("UDP the router dropped (our IKE_SA_INIT)").isPositive();
                    SaListing.IkeSa before = leftCtl.onlyIkeSa();
                    assertThat(before.transport()).isEqualTo("tcp");
                    assertThat(before.remote()).isEqualTo("198.51.100.2[4500]");
                    assertThat(rightCtl.onlyIkeSa().transport()).isEqualTo("tcp");
                    String childSpi = before.childSas().getFirst().inboundSpi();

                    long start = System.nanoTime();
                    CompletableFuture<ExactTransfer.Result> transfer = CompletableFuture.supplyAsync(
                            () -> ExactTransfer.send(net.left, net.right, BYTES, 300));
                    awaitBytesOut(leftCtl, BYTES / 5, transfer);
                    boolean resetMidTransfer = !transfer.isDone();
                    resetTcpStreams(net.router);
                    ExactTransfer.Result t = transfer.join();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("%d bytes through IKE-over-TCP with one reset in %.1f s (%.0f Mbit/s)%n",
                            t.receivedBytes(), seconds, t.receivedBytes() * 8 / seconds / 1e6);
                    assertThat(resetMidTransfer).as("the stream was reset while the transfer ran").isTrue();
                    assertThat(t.sentBytes()).isEqualTo(BYTES);
                    assertThat(t.receivedBytes()).isEqualTo(BYTES);
                    assertThat(t.receivedSha256()).isEqualTo(t.sentSha256());

                    // The same IKE SA and Child SA on both sides: recovered, not renegotiated
                    SaListing.IkeSa after = leftCtl.onlyIkeSa();
                    assertThat(after.initiatorSpi()).isEqualTo(before.initiatorSpi());
                    assertThat(after.responderSpi()).isEqualTo(before.responderSpi());
                    assertThat(after.childSas()).extracting(SaListing.ChildSa::inboundSpi).containsExactly(childSpi);
                    assertThat(rightCtl.onlyIkeSa().initiatorSpi()).isEqualTo(before.initiatorSpi());
                    assertThat(count(initiator.log(), "TCP encapsulation to /198.51.100.2:4500 connected"))
                            .as("connected, then connected again after the reset").isGreaterThanOrEqualTo(2);

                    // UDP passes again: the next tunnel is set up over UDP
                    net.router.exec("nft", "delete", "table", "inet", "io");
                    leftCtl.ok("terminate", "site");
                    SaListing.IkeSa overUdp = awaitNewIkeSa(leftCtl, before.initiatorSpi());
                    assertThat(overUdp.transport()).isEqualTo("udp");
                    AgentAgainstStrongSwanTest.awaitFirstPing(net.left, net.right);
                } catch (RuntimeException | AssertionError e) {
                    e.addSuppressed(new AssertionError("--- listings ---\n" + new AgentCtl(initiator.controlSocket()).run("list-sas").out()
                            + new AgentCtl(responder.controlSocket()).run("list-sas").out()));
                    e.addSuppressed(new AssertionError("--- initiator log ---\n" + initiator.log()));
                    e.addSuppressed(new AssertionError("--- responder log ---\n" + responder.log()));
                    throw e;
                }
            }
        }
    }

    /** A middlebox resets the streams: for a moment every TCP segment to or from port 4500 is answered with a RST. */
    private static void resetTcpStreams(NetNs router) {
        router.exec("nft", "add", "rule", "inet", "io", "resets", "tcp", "dport", "4500", "reject", "with", "tcp", "reset");
        router.exec("nft", "add", "rule", "inet", "io", "resets", "tcp", "sport", "4500", "reject", "with", "tcp", "reset");
        NetNs.sleep(Duration.ofMillis(500));
        router.exec("nft", "flush", "chain", "inet", "io", "resets");
    }

    private static long droppedUdp(NetNs router) {
        String chain = router.exec("nft", "list", "chain", "inet", "io", "path").stdout();
        Matcher m = Pattern.compile("meta l4proto udp counter packets (\\d+)").matcher(chain);
        assertThat(m.find()).as(chain).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void awaitBytesOut(AgentCtl ctl, long bytes, CompletableFuture<?> transfer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && !transfer.isDone()) {
            SaListing.Counters c = ctl.onlyIkeSa().childSas().getFirst().counters();
            if (c != null && c.bytesOut() >= bytes) return;
            NetNs.sleep(Duration.ofMillis(50));
        }
    }

    private static SaListing.IkeSa awaitNewIkeSa(AgentCtl ctl, String oldInitiatorSpi) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (SaListing.IkeSa sa : ctl.listing().tunnels().getFirst().ikeSas()) {
                if (!sa.initiatorSpi().equals(oldInitiatorSpi) && sa.state().equals("ESTABLISHED")) return sa;
            }
            NetNs.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("no new IKE SA within " + WAIT + ": " + ctl.listing());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) n++;
        return n;
    }

    /** Two sites and the router between them; closing removes all three namespaces. */
    private record RoutedPath(Site left, NetNs router, Site right) implements AutoCloseable {
        static RoutedPath create() {
            NetNs l = NetNs.create("io");
            NetNs r = null;
            NetNs router = null;
            try {
                r = NetNs.create("io");
                router = NetNs.create("io");
                Veth west = Veth.connect(l, router, "io");
                Veth east = Veth.connect(router, r, "io");
                l.addAddress(west.leftDevice(), "192.0.2.1/24");
                router.addAddress(west.rightDevice(), "192.0.2.254/24");
                router.addAddress(east.leftDevice(), "198.51.100.254/24");
                r.addAddress(east.rightDevice(), "198.51.100.2/24");
                l.exec("ip", "route", "add", "default", "via", "192.0.2.254");
                r.exec("ip", "route", "add", "default", "via", "198.51.100.254");
                router.exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
                l.addAddress("lo", "10.1.0.1/32");
                r.addAddress("lo", "10.2.0.1/32");
                return new RoutedPath(new Site(l, "192.0.2.1", "10.1.0.0/24", "10.1.0.1"), router,
                        new Site(r, "198.51.100.2", "10.2.0.0/24", "10.2.0.1"));
            } catch (RuntimeException e) {
                if (router != null) router.close();
                if (r != null) r.close();
                l.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                left.ns().close();
            } finally {
                try {
                    router.close();
                } finally {
                    right.ns().close();
                }
            }
        }
    }
}
