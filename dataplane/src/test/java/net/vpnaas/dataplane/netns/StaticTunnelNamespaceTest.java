package net.vpnaas.dataplane.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two of our data paths in two network namespaces joined by veth, with static SAs: ping both
 * ways (IPv4 and IPv6 inner) and a 100 MB TCP transfer (bound to the inner addresses, so it can
 * only go through the tunnel) must complete with identical byte counts and SHA-256, for UDP-
 * encapsulated and raw ESP, over IPv4 and IPv6 outer addresses, with each algorithm family.
 */
class StaticTunnelNamespaceTest {
    private static final long BYTES = 100L * 1024 * 1024;
    private static TwoSites sites;

    @BeforeAll
    static void createNamespaces() {
        Prerequisites.require("ping");
        sites = new TwoSites(1400);
    }

    @AfterAll
    static void deleteNamespaces() {
        if (sites != null) sites.close();
    }

    @ParameterizedTest(name = "{0} {1} outer IPv{2} esn={3}")
    @CsvSource({
            "udp, aes128gcm16,      4, false",
            "raw, aes128gcm16,      4, false",
            "udp, chacha20poly1305, 4, true",
            "raw, chacha20poly1305, 4, false",
            "udp, aes256-sha256,    4, false",
            "raw, aes128-sha512,    4, true",
            "udp, aes256gcm16,      6, true",
            "raw, aes256gcm16,      6, false"})
    void pingAndHundredMegabytesThroughTheTunnel(String encap, String algorithm, int outerVersion, boolean esn) throws Exception {
        EspAlgorithms alg = EspAlgorithms.parse(algorithm);
        String outerA = outerVersion == 4 ? "192.0.2.1" : "[2001:db8::1]";
        String outerB = outerVersion == 4 ? "192.0.2.2" : "[2001:db8::2]";
        Keys ab = new Keys(alg);
        Keys ba = new Keys(alg);
        String configA = config(encap, algorithm, outerA, outerB, 0x1001, ba, 0x2001, ab, esn, "10.1.0.0/24,fd00:1::/64", "10.2.0.0/24,fd00:2::/64");
        String configB = config(encap, algorithm, outerB, outerA, 0x2001, ab, 0x1001, ba, esn, "10.2.0.0/24,fd00:2::/64", "10.1.0.0/24,fd00:1::/64");
        try (DataPathProcess a = new DataPathProcess(sites.nsA, configA); DataPathProcess b = new DataPathProcess(sites.nsB, configB)) {
            a.awaitReady();
            b.awaitReady();
            ping(sites.nsA, "10.1.0.1", "10.2.0.1");
            ping(sites.nsB, "10.2.0.1", "10.1.0.1");
            ping(sites.nsA, "fd00:1::1", "fd00:2::1");
            ping(sites.nsB, "fd00:2::1", "fd00:1::1");

            long[] transferred = transfer(sites.nsA, sites.nsB, "10.1.0.1", "10.2.0.1");
            assertThat(transferred[0]).as("bytes sent").isEqualTo(BYTES);
            assertThat(transferred[1]).as("bytes received").isEqualTo(BYTES);

            String outA = a.stop();
            String outB = b.stop();
            // The bytes really went through our SAs, and nothing was rejected on the way.
            assertThat(counter(outA, "1001", "bytesOut")).isGreaterThan(BYTES);
            assertThat(counter(outB, "2001", "bytesIn")).isEqualTo(counter(outA, "1001", "bytesOut"));
            for (String out : List.of(outA, outB)) {
                assertThat(counter(out, null, "integrityFailures")).as(out).isZero();
                assertThat(counter(out, null, "malformedDrops")).as(out).isZero();
                assertThat(out).contains("unknownSpi=0").contains("internalErrors=0");
            }
        }
    }

    private static String config(String encap, String alg, String local, String remote, long inSpi, Keys in,
                                 long outSpi, Keys out, boolean esn, String localNets, String remoteNets) {
        String rawAddress = local.replace("[", "").replace("]", "");
        return """
                tun %s queues=2 mtu=1500
                udp %s:4500
                raw %s
                sa reqid=7 alg=%s encap=%s local=%s:4500 remote=%s:4500 in-spi=%d in-key=%s in-integ=%s out-spi=%d out-key=%s out-integ=%s %s replay=4096
                policy reqid=7 local=%s remote=%s
                """.formatted(sites.tun, local, rawAddress, alg, encap, local, remote, inSpi, in.enc, in.integ, outSpi,
                out.enc, out.integ, esn ? "esn" : "", localNets, remoteNets);
    }

    private static void ping(String ns, String from, String to) {
        Shell.Result r = Shell.run(20, List.of("ip", "netns", "exec", ns, "ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", from, to));
        assertThat(r.output()).as("ping %s -> %s", from, to).contains("3 received");
    }

    /** Sends 100 MB from nsClient to nsServer over TCP; returns {sent, received} and checks both SHA-256 agree. */
    private static long[] transfer(String nsClient, String nsServer, String from, String to) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        Process sink = new ProcessBuilder("ip", "netns", "exec", nsServer, java, "-cp", cp, BulkTransfer.class.getName(),
                "sink", to, "5201").redirectErrorStream(true).start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(sink.getInputStream())).readLine();
            assertThat(first).isEqualTo("LISTENING");
            Shell.Result r = Shell.run(120, List.of("ip", "netns", "exec", nsClient, java, "-cp", cp, BulkTransfer.class.getName(),
                    "source", from, to, "5201", String.valueOf(BYTES)));
            Matcher m = Pattern.compile("SENT (\\d+) (\\w+) RECEIVED (\\d+) (\\w+)").matcher(r.output());
            assertThat(m.find()).as(r.output()).isTrue();
            assertThat(m.group(4)).as("SHA-256 of the received bytes").isEqualTo(m.group(2));
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(3))};
        } finally {
            sink.destroy();
        }
    }

    /** A counter from the data path's exit report ("SA <spi> SaUsage[...]" / "COUNTERS ..."). */
    private static long counter(String output, String spi, String name) {
        Pattern p = Pattern.compile((spi == null ? "" : "SA " + spi + " .*?") + name + "=(\\d+)");
        Matcher m = p.matcher(output);
        assertThat(m.find()).as("%s in %s", name, output).isTrue();
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
