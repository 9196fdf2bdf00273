package net.vpnaas.dataplane.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two of our data paths in two network namespaces joined by veth, with static SAs: ping both
 * ways (IPv4 and IPv6 inner) and a 100 MB TCP transfer (bound to the inner addresses, so it can
 * only go through the tunnel) must complete with identical byte counts and SHA-256, for UDP-
 * encapsulated and raw ESP, over IPv4 and IPv6 outer addresses, with each algorithm family.
 *
 * <p>One pair of data-path processes carries all cases at once, one Child SA per case, chosen by
 * inner subnet (case i: 10.1.i.0/24 <-> 10.2.i.0/24): that is how a gateway runs many tunnels, and
 * it saves a JVM start per case.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaticTunnelNamespaceTest {
    private static final long BYTES = 100L * 1024 * 1024;

    record Case(int index, String encap, String algorithm, int outerVersion, boolean esn, long bytes) {
        @Override
        public String toString() {
            return "%s %s outer IPv%d%s".formatted(encap, algorithm, outerVersion, esn ? " ESN" : "");
        }

        int inSpiA() {
            return 0x1000 + index;
        }

        int inSpiB() {
            return 0x2000 + index;
        }
    }

    static final List<Case> CASES = List.of(
            new Case(1, "udp", "aes128gcm16", 4, false, BYTES),
            new Case(2, "raw", "aes128gcm16", 4, false, BYTES),
            new Case(3, "udp", "chacha20poly1305", 4, true, BYTES),
            new Case(4, "raw", "chacha20poly1305", 4, false, BYTES),
            new Case(5, "udp", "aes256-sha256", 4, false, BYTES),
            new Case(6, "raw", "aes128-sha512", 4, true, BYTES),
            new Case(7, "udp", "aes256gcm16", 6, true, BYTES / 5),
            new Case(8, "raw", "aes256-sha384", 6, false, BYTES / 5));

    private static TwoSites sites;
    private static DataPathProcess siteA;
    private static DataPathProcess siteB;

    @BeforeAll
    static void startTwoDataPaths() throws Exception {
        Prerequisites.require("ping", "python3");
        sites = new TwoSites(1400, CASES.size());
        List<String> a = new ArrayList<>(List.of("tun " + sites.tun + " queues=2 mtu=1500", "udp 192.0.2.1:4500",
                "udp [2001:db8::1]:4500", "raw 192.0.2.1", "raw 2001:db8::1"));
        List<String> b = new ArrayList<>(List.of("tun " + sites.tun + " queues=2 mtu=1500", "udp 192.0.2.2:4500",
                "udp [2001:db8::2]:4500", "raw 192.0.2.2", "raw 2001:db8::2"));
        for (Case c : CASES) {
            EspAlgorithms alg = EspAlgorithms.parse(c.algorithm());
            Keys toA = new Keys(alg);
            Keys toB = new Keys(alg);
            String outerA = c.outerVersion() == 4 ? "192.0.2.1" : "[2001:db8::1]";
            String outerB = c.outerVersion() == 4 ? "192.0.2.2" : "[2001:db8::2]";
            a.addAll(sa(c, outerA, outerB, c.inSpiA(), toA, c.inSpiB(), toB, 1, 2));
            b.addAll(sa(c, outerB, outerA, c.inSpiB(), toB, c.inSpiA(), toA, 2, 1));
        }
        siteA = new DataPathProcess(sites.nsA, String.join("\n", a) + "\n");
        siteB = new DataPathProcess(sites.nsB, String.join("\n", b) + "\n");
        siteA.awaitReady();
        siteB.awaitReady();
    }

    @AfterAll
    static void stopAndDelete() throws Exception {
        try {
            if (siteA != null) siteA.close();
            if (siteB != null) siteB.close();
        } finally {
            if (sites != null) sites.close();
        }
    }

    static List<Case> cases() {
        return CASES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pingAndBulkTransferThroughTheTunnel(Case c) throws Exception {
        int i = c.index();
        ping(sites.nsA, "10.1.%d.1".formatted(i), "10.2.%d.1".formatted(i));
        ping(sites.nsB, "10.2.%d.1".formatted(i), "10.1.%d.1".formatted(i));
        ping(sites.nsA, "fd00:1:%d::1".formatted(i), "fd00:2:%d::1".formatted(i));
        ping(sites.nsB, "fd00:2:%d::1".formatted(i), "fd00:1:%d::1".formatted(i));

        long[] transferred = transfer(sites.nsA, sites.nsB, "10.1.%d.1".formatted(i), "10.2.%d.1".formatted(i), c.bytes());
        assertThat(transferred[0]).as("bytes sent").isEqualTo(c.bytes());
        assertThat(transferred[1]).as("bytes received").isEqualTo(c.bytes());

        // The bytes really went through this case's SAs, and nothing was rejected on the way.
        String countersA = siteA.counters();
        String countersB = siteB.counters();
        long sentByA = counter(countersA, c.inSpiA(), "bytesOut");
        assertThat(sentByA).isGreaterThan(c.bytes());
        assertThat(counter(countersB, c.inSpiB(), "bytesIn")).isEqualTo(sentByA);
        for (String report : List.of(countersA, countersB)) {
            for (String name : List.of("integrityFailures", "malformedDrops", "selectorDrops")) {
                assertThat(report).as(report).doesNotContainPattern(name + "=[1-9]");
            }
            assertThat(report).contains("unknownSpi=0").contains("internalErrors=0");
        }
    }

    /**
     * Bursts of small datagrams of one UDP flow, as an unpaced 64-byte iperf3 sends them: site A
     * sends each burst as UDP GSO, B's kernel hands it over coalesced (UDP_GRO) and B writes the
     * decrypted datagrams to its TUN merged into USO super-packets, which the kernel splits again
     * for the receiving socket. Every datagram must arrive with its own content, none altered.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"10.1.1.1 10.2.1.1", "fd00:1:1::1 fd00:2:1::1"})
    void burstsOfSmallUdpDatagramsArriveIntactThroughCoalescing(String addresses) throws Exception {
        String[] a = addresses.split(" ");
        int count = 4000;
        String common = """
                import hashlib, socket, sys, time
                FAM = socket.AF_INET6 if ':' in sys.argv[2] else socket.AF_INET
                def payload(n):
                    b = n.to_bytes(4, 'big')
                    return b + (hashlib.sha256(b).digest() * 2)[:60]
                """;
        String receiver = common + """
                s = socket.socket(FAM, socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)  # SO_RCVBUFFORCE: no drops at the end socket
                s.bind((sys.argv[2], 6000))
                print('LISTENING', flush=True)
                s.settimeout(5)
                seen, bad = set(), 0
                try:
                    while True:
                        d = s.recv(2048)
                        n = int.from_bytes(d[:4], 'big')
                        if d == payload(n): seen.add(n)
                        else: bad += 1
                        s.settimeout(1)
                except socket.timeout:
                    pass
                print('RECEIVED', len(seen), 'BAD', bad, flush=True)
                """;
        String sender = common + """
                s = socket.socket(FAM, socket.SOCK_DGRAM)
                s.bind((sys.argv[1], 0))
                for n in range(int(sys.argv[3])):
                    s.sendto(payload(n), (sys.argv[2], 6000))
                    if n % 100 == 99: time.sleep(0.002)
                """;
        String before = siteB.counters();
        Process sink = new ProcessBuilder("ip", "netns", "exec", sites.nsB, "python3", "-c", receiver, a[0], a[1])
                .redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(sink.getInputStream()));
            assertThat(out.readLine()).isEqualTo("LISTENING");
            Shell.Result sent = Shell.run(60, List.of("ip", "netns", "exec", sites.nsA, "python3", "-c", sender, a[0], a[1],
                    String.valueOf(count)));
            assertThat(sent.exitCode()).as(sent.output()).isZero();
            String result = out.readLine();
            Matcher m = Pattern.compile("RECEIVED (\\d+) BAD (\\d+)").matcher(String.valueOf(result));
            assertThat(m.find()).as(result).isTrue();
            assertThat(Integer.parseInt(m.group(2))).as("altered datagrams").isZero();
            // The TUN queue can overflow while a worker is descheduled on a busy machine; content is what counts.
            assertThat(Integer.parseInt(m.group(1))).as("datagrams received").isGreaterThan(count * 9 / 10);
        } finally {
            sink.destroy();
        }
        String after = siteB.counters();
        assertThat(global(after, "coalescedDatagrams")).as("GRO datagrams split").isGreaterThan(global(before, "coalescedDatagrams"));
        assertThat(global(after, "mergedUdpDatagrams")).as("datagrams written merged").isGreaterThan(global(before, "mergedUdpDatagrams"));
        assertThat(global(after, "internalErrors")).isZero();
    }

    /**
     * The shared UDP 4500 socket (RFC 3948): a datagram behind the non-ESP marker goes to the IKE
     * receiver without the marker, a 0xFF keepalive is dropped, and short or unknown-SPI datagrams
     * are dropped and counted; the tunnel keeps working.
     */
    @Test
    void port4500DemultiplexesIkeKeepalivesAndGarbage() throws Exception {
        String before = siteA.counters();
        String send = "printf '%s' > /dev/udp/192.0.2.1/4500";
        for (String datagram : List.of("\\x00\\x00\\x00\\x00IKE-TEST", "\\xff", "abc", "\\x00\\x00\\x12\\x34\\x00\\x00\\x00\\x01garbage-garbage-garbage")) {
            Shell.Result r = Shell.run(10, List.of("ip", "netns", "exec", sites.nsB, "bash", "-c", send.formatted(datagram)));
            assertThat(r.exitCode()).as(r.output()).isZero();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        String after = siteA.counters();
        while (global(after, "unknownSpi") == global(before, "unknownSpi") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            after = siteA.counters();
        }
        assertThat(global(after, "ikeMessages") - global(before, "ikeMessages")).isEqualTo(1);
        assertThat(global(after, "keepalives") - global(before, "keepalives")).isEqualTo(1);
        assertThat(global(after, "truncated") - global(before, "truncated")).isEqualTo(1);
        assertThat(global(after, "unknownSpi") - global(before, "unknownSpi")).isEqualTo(1);
        assertThat(global(after, "internalErrors")).isZero();
        assertThat(siteA.output()).containsPattern("IKE from /192\\.0\\.2\\.2:\\d+ " + HexFormat.of().formatHex("IKE-TEST".getBytes()));
        ping(sites.nsB, "10.2.1.1", "10.1.1.1");
    }

    /**
     * ICMP "fragmentation needed" about site A's ESP-in-UDP to B, sent from B's namespace quoting a
     * real ESP packet A sent (captured there, as a router quotes what it drops). Forged ones are
     * ignored and counted: one quoting an SPI A does not use, one with A's SPI but a sequence number A
     * has not sent yet; a 1300-byte DF ping still passes after each. The genuine one with MTU 68
     * lowers the tunnel MTU, but only to the IPv4 minimum of 576: the 1300-byte DF ping is then
     * answered by A's own ICMP with the inner MTU (514 for AES-GCM in UDP), a 400-byte one still
     * passes. Runs last; a genuine report of 1500 restores the configured MTU.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void packetTooBigIsBelievedOnlyWhenItQuotesARecentPacketOfOurs() throws Exception {
        assertThat(dfPing(1300)).contains("3 received");
        for (String forgery : List.of("unknown-spi", "future-sequence")) {
            long before = global(siteA.counters(), "unverifiedPacketTooBig");
            quoteOurEspInFragmentationNeeded(forgery, 68);
            awaitCounter(siteA, "unverifiedPacketTooBig", before + 1);
            assertThat(dfPing(1300)).as(forgery).contains("3 received");
        }
        long unverified = global(siteA.counters(), "unverifiedPacketTooBig");

        quoteOurEspInFragmentationNeeded("genuine", 68);
        long deadline = System.nanoTime() + 5_000_000_000L;
        String out = dfPing(1300);
        while (!out.contains("mtu = 514") && !out.contains("mtu=514") && System.nanoTime() < deadline) out = dfPing(1300);
        assertThat(out).containsPattern("mtu ?= ?514");
        assertThat(dfPing(400)).contains("3 received");
        assertThat(global(siteA.counters(), "unverifiedPacketTooBig")).as("the genuine one counts as believed").isEqualTo(unverified);
        quoteOurEspInFragmentationNeeded("genuine", 1500);
    }

    private static String dfPing(int size) {
        return Shell.run(20, List.of("ip", "netns", "exec", sites.nsA, "ping", "-c", "3", "-i", "0.2", "-W", "2", "-M", "do",
                "-s", String.valueOf(size), "-I", "10.1.1.1", "10.2.1.1")).output();
    }

    /**
     * From B's namespace: captures an ESP-in-UDP packet A sends B on case 1's SA (B pings A, A's echo
     * replies carry it) and answers it with ICMP 3/4 announcing {@code mtu}, quoting the packet as a
     * router does ("genuine"), with its SPI changed ("unknown-spi") or its sequence number moved
     * ahead of anything sent ("future-sequence").
     */
    private static void quoteOurEspInFragmentationNeeded(String mode, int mtu) {
        String script = """
                import socket, struct, subprocess, sys
                mode, mtu, spi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3], 16)
                def csum(b):
                    if len(b) % 2: b += b'\\0'
                    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
                    while s >> 16: s = (s & 0xffff) + (s >> 16)
                    return ~s & 0xffff
                sniff = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
                sniff.settimeout(10)
                ping = subprocess.Popen(['ping', '-c', '5', '-i', '0.2', '-I', '10.2.1.1', '10.1.1.1'], stdout=subprocess.DEVNULL)
                while True:
                    p = sniff.recv(65535)
                    h = (p[0] & 15) * 4
                    if (p[12:16] == socket.inet_aton('192.0.2.1') and len(p) >= h + 16
                            and struct.unpack('!HHxxxxI', p[h:h + 12]) == (4500, 4500, spi)):
                        break
                ping.wait()
                quoted = bytearray(p[:548])  # as much as fits into 576 bytes (RFC 1812 4.3.2.3)
                if mode == 'unknown-spi':
                    quoted[h + 8:h + 12] = struct.pack('!I', spi ^ 0x5a5a0000)
                if mode == 'future-sequence':
                    seq = struct.unpack('!I', quoted[h + 12:h + 16])[0]
                    quoted[h + 12:h + 16] = struct.pack('!I', seq + 100000)
                body = struct.pack('!BBHHH', 3, 4, 0, 0, mtu) + bytes(quoted)
                body = body[:2] + struct.pack('!H', csum(body)) + body[4:]
                socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP).sendto(body, ('192.0.2.1', 0))
                """;
        Case c = CASES.getFirst();
        Shell.Result r = Shell.run(30, List.of("ip", "netns", "exec", sites.nsB, "python3", "-c", script, mode,
                String.valueOf(mtu), Integer.toHexString(c.inSpiB())));
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static void awaitCounter(DataPathProcess site, String name, long atLeast) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (global(site.counters(), name) < atLeast) {
            assertThat(System.nanoTime()).as("%s reaching %d", name, atLeast).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static long global(String report, String name) {
        Matcher m = Pattern.compile("COUNTERS .*?" + name + "=(\\d+)").matcher(report);
        assertThat(m.find()).as("%s in %s", name, report).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static List<String> sa(Case c, String local, String remote, int inSpi, Keys in, int outSpi, Keys out,
                                   int me, int peer) {
        int i = c.index();
        return List.of(
                "sa reqid=%d alg=%s encap=%s local=%s:4500 remote=%s:4500 in-spi=%d in-key=%s in-integ=%s out-spi=%d out-key=%s out-integ=%s %s replay=4096"
                        .formatted(i, c.algorithm(), c.encap(), local, remote, inSpi, in.enc, in.integ, outSpi, out.enc,
                                out.integ, c.esn() ? "esn" : ""),
                "policy reqid=%d local=10.%d.%d.0/24,fd00:%d:%d::/64 remote=10.%d.%d.0/24,fd00:%d:%d::/64"
                        .formatted(i, me, i, me, i, peer, i, peer, i));
    }

    private static void ping(String ns, String from, String to) {
        Shell.Result r = Shell.run(20, List.of("ip", "netns", "exec", ns, "ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", from, to));
        assertThat(r.output()).as("ping %s -> %s", from, to).contains("3 received");
    }

    /** Sends {@code bytes} from nsClient to nsServer over TCP; returns {sent, received} and checks both SHA-256 agree. */
    private static long[] transfer(String nsClient, String nsServer, String from, String to, long bytes) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        Process sink = new ProcessBuilder("ip", "netns", "exec", nsServer, java, "-cp", cp, BulkTransfer.class.getName(),
                "sink", to, "5201").redirectErrorStream(true).start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(sink.getInputStream())).readLine();
            assertThat(first).isEqualTo("LISTENING");
            Shell.Result r = Shell.run(120, List.of("ip", "netns", "exec", nsClient, java, "-cp", cp, BulkTransfer.class.getName(),
                    "source", from, to, "5201", String.valueOf(bytes)));
            Matcher m = Pattern.compile("SENT (\\d+) (\\w+) RECEIVED (\\d+) (\\w+)").matcher(r.output());
            assertThat(m.find()).as(r.output()).isTrue();
            assertThat(m.group(4)).as("SHA-256 of the received bytes").isEqualTo(m.group(2));
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(3))};
        } finally {
            sink.destroy();
        }
    }

    /** A counter of the SA with this inbound SPI from a data path's report ("SA <spi hex> SaUsage[...]"). */
    private static long counter(String report, int spi, String name) {
        Matcher m = Pattern.compile("SA " + Integer.toHexString(spi) + " .*?" + name + "=(\\d+)").matcher(report);
        assertThat(m.find()).as("%s of SA %x in %s", name, spi, report).isTrue();
        return Long.parseLong(m.group(1));
    }

    private record Keys(String enc, String integ) {
        Keys(EspAlgorithms alg) {
            this(random(alg.encryptionKeyLength()), random(alg.integrityKeyLength()));
        }

        private static String random(int length) {
            byte[] b = new byte[length];
            new SecureRandom().nextBytes(b);
            return HexFormat.of().formatHex(b);
        }
    }
}
