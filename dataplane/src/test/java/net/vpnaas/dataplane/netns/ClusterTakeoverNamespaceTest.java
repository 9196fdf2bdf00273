package net.vpnaas.dataplane.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.dataplane.sync.EspCounterSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two of our data paths as the members of a cluster, each in its own namespace holding the gateway address
 * 192.0.2.1, and a peer data path at 198.51.100.1 that routes the gateway address to one member or the other.
 * Traffic flows both ways through member A while it sends counter snapshots to B (as files, every 100 ms);
 * then A is SIGKILLed while still sending, B takes over from the last snapshot and the peer's route moves to B.
 * A capture of everything both members sent must hold no (SPI, sequence number) pair twice, and an ESP packet
 * of the peer captured before the last snapshot and replayed to B afterwards must be dropped and counted as a
 * replay by B.
 */
class ClusterTakeoverNamespaceTest {
    private static final String KEY_TO_GATEWAY = "000102030405060708090a0b0c0d0e0f10111213";
    private static final String KEY_TO_PEER = "202122232425262728292a2b2c2d2e2f30313233";
    private static final InetAddress GATEWAY = InetAddress.ofLiteral("192.0.2.1");

    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    private final String nsPeer = "ctp" + suffix;
    private final String nsA = "cta" + suffix;
    private final String nsB = "ctb" + suffix;
    private final String tun = "ctt" + suffix;
    private final List<DataPathProcess> dataPaths = new ArrayList<>();
    private final List<Process> tools = new ArrayList<>();
    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : tools) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        for (DataPathProcess d : dataPaths) d.close();
        for (String ns : List.of(nsPeer, nsA, nsB)) Shell.run(10, List.of("ip", "netns", "del", ns));
        if (dir != null) Shell.run(10, List.of("rm", "-rf", dir.toString()));
    }

    @Test
    void takeoverNeverRepeatsASequenceNumberAndDropsAReplayOfWhatTheOldActiveAccepted() throws Exception {
        Prerequisites.require("tcpdump", "python3", "ping");
        dir = Files.createTempDirectory("cluster-takeover");
        namespaces();
        String sa = "sa reqid=1 alg=aes128gcm16 encap=udp local=%s:4500 remote=%s:4500 in-spi=%s in-key=%s out-spi=%s out-key=%s replay=4096";
        String gatewayConfig = "tun %s queues=1\nudp 192.0.2.1:4500\n".formatted(tun)
                + sa.formatted("192.0.2.1", "198.51.100.1", "0x1001", KEY_TO_GATEWAY, "0x2001", KEY_TO_PEER) + "\n"
                + "policy reqid=1 local=10.1.0.0/16 remote=10.2.0.0/16\n";
        DataPathProcess peer = start(nsPeer, "tun %s queues=1\nudp 198.51.100.1:4500\n".formatted(tun)
                + sa.formatted("198.51.100.1", "192.0.2.1", "0x2001", KEY_TO_PEER, "0x1001", KEY_TO_GATEWAY) + "\n"
                + "policy reqid=1 local=10.2.0.0/16 remote=10.1.0.0/16\n");
        DataPathProcess a = start(nsA, gatewayConfig);
        DataPathProcess b = start(nsB, "standby\n" + gatewayConfig);
        for (DataPathProcess d : dataPaths) d.awaitReady();

        Path pcap = dir.resolve("peer.pcap");
        Process capture = background(nsPeer, "tcpdump", "-i", "any", "-U", "-n", "-w", pcap.toString(), "udp", "port", "4500");
        awaitCaptureStarted(dir.resolve("tool-0.log"));
        // Both directions: the peer pings through the tunnel (inbound at the gateway, and the replies outbound)
        // for the whole test; each member pings faster of its own while it is active (mostly outbound).
        background(nsPeer, "ping", "-q", "-i", "0.005", "-w", "5", "-I", "10.2.1.1", "10.1.1.1");
        Process streamA = background(nsA, "ping", "-q", "-i", "0.002", "-w", "3", "-I", "10.1.1.1", "10.2.1.1");

        Path snapshot = dir.resolve("snapshot");
        long lastSnapshotMicros = 0;
        for (int i = 0; i < 10; i++) {
            Thread.sleep(100);
            lastSnapshotMicros = System.currentTimeMillis() * 1000;
            assertThat(a.command("snapshot " + snapshot)).startsWith("SNAPSHOT ");
            assertThat(b.command("import " + snapshot)).isEqualTo("IMPORTED");
        }
        long lastSnapshotAt = lastSnapshotMicros;
        long snapshotNext = EspCounterSnapshot.decode(Files.readAllBytes(snapshot)).sas().getFirst().nextOutbound();
        Thread.sleep(300); // A goes on sending and accepting after its last snapshot
        a.kill();
        streamA.destroyForcibly();
        long killedMicros = System.currentTimeMillis() * 1000;

        String takeover = b.command("takeover");
        Shell.ok("ip", "-n", nsPeer, "route", "replace", "192.0.2.1/32", "dev", "vp" + suffix);
        background(nsB, "ping", "-q", "-i", "0.002", "-w", "1", "-I", "10.1.1.1", "10.2.1.1");
        Thread.sleep(1500);

        List<EspCapture.Packet> before = EspCapture.read(pcap);
        EspCapture.Packet replay = before.stream()
                .filter(p -> p.destination().equals(GATEWAY) && p.micros() < lastSnapshotAt - 50_000)
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no packet of the peer before the snapshot"));
        long replaysBefore = replayDrops(b.counters());
        Shell.Result sent = Shell.run(20, List.of("ip", "netns", "exec", nsPeer, "python3", "-c", SEND_ONCE,
                HexFormat.of().formatHex(replay.udpPayload())));
        assertThat(sent.exitCode()).as(sent.output()).isZero();
        Thread.sleep(300);
        String countersB = b.counters();

        Thread.sleep(200);
        capture.destroy();
        capture.waitFor(5, TimeUnit.SECONDS);
        List<EspCapture.Packet> all = EspCapture.read(pcap);
        List<EspCapture.Packet> fromGateway = all.stream().filter(p -> p.source().equals(GATEWAY)).toList();
        List<EspCapture.Packet> fromA = fromGateway.stream().filter(p -> p.micros() < killedMicros).toList();
        List<EspCapture.Packet> fromB = fromGateway.stream().filter(p -> p.micros() >= killedMicros).toList();
        long lastOfA = fromA.stream().mapToLong(EspCapture.Packet::seq).max().orElseThrow();
        assertThat(lastOfA).as("A sent after its last snapshot (else the test proves nothing)").isGreaterThanOrEqualTo(snapshotNext);
        assertThat(fromB).as("B carries the traffic after the takeover: " + takeover).hasSizeGreaterThan(100);
        Set<String> seen = new HashSet<>();
        List<String> repeated = new ArrayList<>();
        for (EspCapture.Packet p : fromGateway) {
            String pair = Long.toHexString(p.spi()) + "/" + p.seq();
            if (!seen.add(pair)) repeated.add(pair);
        }
        assertThat(repeated).as("(SPI, sequence number) pairs sent twice across the takeover").isEmpty();
        assertThat(fromB.stream().mapToLong(EspCapture.Packet::seq).min().orElseThrow()).isGreaterThan(lastOfA);
        assertThat(replayDrops(countersB)).as("B counts the replayed packet (seq %d) as a replay: %s", replay.seq(), countersB)
                .isEqualTo(replaysBefore + 1);
        System.out.printf("cluster takeover: A sent %d ESP packets (last seq %d; %d after the last snapshot), B %d from seq %d; %s%n",
                fromA.size(), lastOfA, lastOfA - snapshotNext + 1, fromB.size(),
                fromB.stream().mapToLong(EspCapture.Packet::seq).min().orElseThrow(), takeover);
    }

    /** argv: the hex of an ESP packet, sent once more to the gateway's UDP 4500 from the peer's address. */
    private static final String SEND_ONCE = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(('198.51.100.1', 0))
            s.sendto(bytes.fromhex(sys.argv[1]), ('192.0.2.1', 4500))
            """;

    private static long replayDrops(String counters) {
        Matcher m = Pattern.compile("SA 1001 .*?replayDrops=(\\d+)").matcher(counters);
        if (!m.find()) throw new AssertionError("no counters of SA 1001: " + counters);
        return Long.parseLong(m.group(1));
    }

    /**
     * The peer reaches 192.0.2.1 over its link to A (later B), each member holds 192.0.2.1 on its own link;
     * behind each data path a TUN with the inner subnet (gateway side 10.1.1.1/24, peer side 10.2.1.1/24).
     */
    private void namespaces() {
        for (String ns : List.of(nsPeer, nsA, nsB)) {
            Shell.ok("ip", "netns", "add", ns);
            Shell.ok("ip", "-n", ns, "link", "set", "lo", "up");
        }
        Shell.ok("ip", "-n", nsPeer, "addr", "add", "198.51.100.1/32", "dev", "lo");
        for (String[] member : new String[][] {{nsA, "va"}, {nsB, "vp"}}) {
            String peerEnd = member[1] + suffix;
            String memberEnd = "vm" + member[1] + suffix;
            Shell.ok("ip", "link", "add", peerEnd, "netns", nsPeer, "type", "veth", "peer", "name", memberEnd, "netns", member[0]);
            Shell.ok("ip", "-n", nsPeer, "link", "set", peerEnd, "up");
            Shell.ok("ip", "-n", member[0], "addr", "add", "192.0.2.1/32", "dev", memberEnd);
            Shell.ok("ip", "-n", member[0], "link", "set", memberEnd, "up");
            Shell.ok("ip", "-n", member[0], "route", "add", "198.51.100.1/32", "dev", memberEnd);
            site(member[0], "10.1.1.1/24", "10.2.0.0/16");
        }
        Shell.ok("ip", "-n", nsPeer, "route", "add", "192.0.2.1/32", "dev", "va" + suffix);
        site(nsPeer, "10.2.1.1/24", "10.1.0.0/16");
    }

    private void site(String ns, String inner, String remote) {
        Shell.ok("ip", "-n", ns, "tuntap", "add", "dev", tun, "mode", "tun", "multi_queue");
        Shell.ok("ip", "-n", ns, "addr", "add", inner, "dev", tun);
        Shell.ok("ip", "-n", ns, "link", "set", tun, "up", "mtu", "1400");
        Shell.ok("ip", "-n", ns, "route", "add", remote, "dev", tun);
    }

    private DataPathProcess start(String ns, String config) throws Exception {
        DataPathProcess d = new DataPathProcess(ns, config);
        dataPaths.add(d);
        return d;
    }

    private Process background(String ns, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(dir.resolve("tool-" + tools.size() + ".log").toFile()).start();
        tools.add(p);
        return p;
    }

    /** tcpdump says "listening on" once it captures. */
    private static void awaitCaptureStarted(Path log) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(log) && Files.readString(log).contains("listening on"))) {
            if (System.nanoTime() > deadline) throw new AssertionError("tcpdump did not start");
            Thread.sleep(20);
        }
    }
}
