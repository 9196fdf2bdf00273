package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.ike.engine.SpoofedInits;
import org.junit.jupiter.api.Test;

/**
 * Tunnels come up while a third namespace floods the gateway with IKE_SA_INITs from thousands of
 * spoofed IPv4 sources (a raw socket, {@value #FLOOD_RATE} a second from random addresses in 100.64.0.0/10):
 *
 * <pre>
 *  left ns (our initiator, 40 tunnels)       right ns (our gateway, any peer address)      flood ns
 *  192.0.2.1 ------------------------------- 192.0.2.2 / 198.51.100.2 --------------------- 198.51.100.1
 * </pre>
 *
 * The spoofed requests fill the half-open IKE SAs up to the COOKIE threshold; from then on each is
 * answered with a COOKIE it never returns, and our initiator, returning its cookie, gets in. At least 95 %
 * of the tunnels must be up within 10 s of starting them, and the gateway must have been at the COOKIE
 * level with thousands of cookies sent.
 */
class SpoofedFloodInteropTest {

    private static final int TUNNELS = 40;
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final Pattern RESULT = Pattern.compile("RESULT up=(\\d+) of=(\\d+)");
    private static final Pattern DEFENCE = Pattern.compile("DEFENCE level=(\\w+) difficulty=(\\d+) halfOpen=(\\d+) cookies=(\\d+)");

    /**
     * Spoofed IKE_SA_INITs per second. Fixed rather than "as fast as Python can": on the 2 shared cores
     * of CI an unpaced flooder mostly measures how it and the gateway split the CPU, not the defences.
     */
    private static final int FLOOD_RATE = 5000;

    /** Sends the template (an IKE_SA_INIT request) with a fresh SPIi from a fresh spoofed source, at the rate given. */
    private static final String FLOOD = """
            import os, socket, struct, sys, time
            template = open(sys.argv[1], 'rb').read()
            target = socket.inet_aton(sys.argv[2])
            start = time.time()
            end = start + float(sys.argv[3])
            rate = int(sys.argv[4])
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
            udp_length = 8 + len(template)
            sent = 0
            while time.time() < end:
                if sent > rate * (time.time() - start):
                    time.sleep(0.002)
                    continue
                for _ in range(50):
                    r = os.urandom(11)
                    source = bytes([100, 64 | (r[0] & 63), r[1], r[2]])
                    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + udp_length, 0, 0, 64, 17, 0, source, target)
                    udp = struct.pack('!HHHH', 500, 500, udp_length, 0)
                    try:
                        s.sendto(ip + udp + r[3:11] + template[8:], (sys.argv[2], 0))
                        sent += 1
                    except OSError:
                        pass
                if sent % 5000 < 50:
                    print('SENT', sent, 'in', round(time.time() - start, 1), 's', flush=True)
            """;

    @Test
    void tunnelsComeUpWhileSpoofedIkeSaInitsFlood() throws Exception {
        Prereqs.requireNetns();
        Prereqs.requireRootWith("python3 (apt-get install python3)");
        Path dir = Files.createTempDirectory("sf-flood-");
        byte[] ke = new byte[32];
        new Random(3).nextBytes(ke);
        Path template = Files.write(dir.resolve("ike_sa_init"), SpoofedInits.request(1, Optional.empty(), Optional.empty(), ke));
        Path script = Files.writeString(dir.resolve("flood.py"), FLOOD);
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "sf");
             NetNs flood = NetNs.create("sf")) {
            NetNs gateway = net.right().ns();
            Veth link = Veth.connect(flood, gateway, "sf");
            flood.addAddress(link.leftDevice(), "198.51.100.1/24");
            gateway.addAddress(link.rightDevice(), "198.51.100.2/24");
            flood.exec("ip", "route", "add", "192.0.2.0/24", "via", "198.51.100.2");
            // Answers to the spoofed sources leave towards the flood (which drops them); no reverse-path filter.
            gateway.exec("ip", "route", "add", "default", "via", "198.51.100.1");
            for (String dev : List.of("all", "default", link.rightDevice())) gateway.exec("sysctl", "-qw", "net.ipv4.conf." + dev + ".rp_filter=0");

            String main = FloodTunnelMain.class.getName();
            try (JavaProcessInNamespace responder = JavaProcessInNamespace.start(gateway, dir.resolve("responder.log"), List.of("-Xmx512m"), main,
                    List.of("respond", "192.0.2.2", String.valueOf(TUNNELS)), "LISTENING", Duration.ofSeconds(60))) {
                Process flooder = flood.start(Map.of(), dir.resolve("flood.log"), List.of("python3", script.toString(), template.toString(),
                        "192.0.2.2", "60", String.valueOf(FLOOD_RATE)));
                try {
                    awaitLine(responder::log, "the gateway at the COOKIE level", l -> {
                        Matcher m = DEFENCE.matcher(l);
                        return m.find() && !m.group(1).equals("NORMAL") && Long.parseLong(m.group(4)) > 1000;
                    }, Duration.ofSeconds(30));
                    try (JavaProcessInNamespace initiator = JavaProcessInNamespace.start(net.left().ns(), dir.resolve("initiator.log"),
                            List.of("-Xmx512m"), main, List.of("initiate", "192.0.2.1", "192.0.2.2", String.valueOf(TUNNELS),
                                    String.valueOf(WITHIN.toMillis())), "LISTENING", Duration.ofSeconds(60))) {
                        String result = awaitLine(initiator::log, "the initiator's result", l -> RESULT.matcher(l).find(), Duration.ofSeconds(60));
                        Matcher r = RESULT.matcher(result);
                        assertThat(r.find()).isTrue();
                        String lastDefence = responder.log().lines().filter(l -> l.startsWith("DEFENCE")).reduce((a, b) -> b).orElse("");
                        String flooded = Files.readString(dir.resolve("flood.log")).lines().reduce((a, b) -> b).orElse("");
                        System.out.printf("%s; gateway: %s; flood: %s%n", result, lastDefence, flooded);
                        assertThat(Integer.parseInt(r.group(1))).as("tunnels up within %s under the flood (%s; %s)", WITHIN, lastDefence, flooded)
                                .isGreaterThanOrEqualTo((int) Math.ceil(TUNNELS * 0.95));
                        Matcher d = DEFENCE.matcher(lastDefence);
                        assertThat(d.find()).isTrue();
                        assertThat(d.group(1)).as("defence level while flooded").isNotEqualTo("NORMAL");
                    }
                } finally {
                    flooder.destroy();
                }
            }
        }
    }

    private static String awaitLine(java.util.function.Supplier<String> log, String what, java.util.function.Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = log.get().lines().filter(match).findFirst();
            if (line.isPresent()) return line.get();
            NetNs.sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("timed out waiting for " + what + "; log:\n" + log.get());
    }
}
