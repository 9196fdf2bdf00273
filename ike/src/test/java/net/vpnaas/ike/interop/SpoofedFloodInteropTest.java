package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import org.junit.jupiter.api.Test;

/**
 * Tunnels come up while a third namespace floods the gateway with IKE_SA_INITs from thousands of
 * spoofed IPv4 sources ({@link SpoofedInitFlood}, {@value #FLOOD_RATE} a second from random addresses in 100.64.0.0/10),
 * from two kinds of initiator at once: ours, which solves puzzles (RFC 8019), and strongSwan 5.9,
 * which does not and can only return the COOKIE:
 *
 * <pre>
 *  left ns (our initiator, 40 tunnels)       right ns (our gateway, any peer address)      flood ns
 *  192.0.2.1 ------------------------------- 192.0.2.2 / 198.51.100.2 --------------------- 198.51.100.1
 *                                            203.0.113.2 ----------------------------------- 203.0.113.1
 *                                                                          swan ns (strongSwan 5.9, 10 tunnels)
 * </pre>
 *
 * The spoofed requests fill the half-open IKE SAs up to the threshold (50) where the gateway demands a
 * COOKIE with a PUZZLE ({@link FloodTunnelMain#GATEWAY_OPTIONS}); each spoofed request from then on is
 * answered statelessly and never comes back. Our initiator returns the cookie with a solved puzzle;
 * strongSwan returns the cookie alone and is served from the legacy share. At least 95 % of all 50
 * tunnels must be up within 10 s of starting them, both kinds among them, and the gateway's live heap
 * (after collection) must stay bounded: measured before, during and after the flood.
 */
class SpoofedFloodInteropTest {

    private static final int OUR_TUNNELS = 40;
    private static final int SWAN_TUNNELS = 10;
    private static final Duration WITHIN = Duration.ofSeconds(10);
    /** What the flood may add to the gateway's live heap: its half-open IKE SAs are bounded, so little. */
    private static final long LIVE_HEAP_GROWTH_MIB = 64;
    private static final Pattern RESULT = Pattern.compile("RESULT up=(\\d+) of=(\\d+)");
    private static final Pattern DEFENCE = Pattern.compile(
            "DEFENCE level=(\\w+) difficulty=(\\d+) halfOpen=(\\d+) cookies=(\\d+) puzzles=(\\d+) live=(\\d+) rss=(\\d+)");

    /**
     * Spoofed IKE_SA_INITs per second. Fixed rather than "as fast as Python can": on the 2 shared cores
     * of CI an unpaced flooder mostly measures how it and the gateway split the CPU, not the defences.
     */
    private static final int FLOOD_RATE = 5000;

    @Test
    void oursAndStrongSwanGetInWhileSpoofedIkeSaInitsFlood() throws Exception {
        Prereqs.requireNetns();
        Prereqs.requireRootWith("python3 (apt-get install python3)");
        Prereqs.requireStrongSwan();
        Path dir = Files.createTempDirectory("sf-flood-");
        SpoofedInitFlood sender = SpoofedInitFlood.prepare(dir);
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "sf");
             NetNs flood = NetNs.create("sf");
             NetNs swanNs = NetNs.create("sf")) {
            NetNs gateway = net.right().ns();
            Veth link = Veth.connect(flood, gateway, "sf");
            flood.addAddress(link.leftDevice(), "198.51.100.1/24");
            gateway.addAddress(link.rightDevice(), "198.51.100.2/24");
            flood.exec("ip", "route", "add", "192.0.2.0/24", "via", "198.51.100.2");
            Veth swanLink = Veth.connect(swanNs, gateway, "sf");
            swanNs.addAddress(swanLink.leftDevice(), "203.0.113.1/24");
            gateway.addAddress(swanLink.rightDevice(), "203.0.113.2/24");
            swanNs.exec("ip", "route", "add", "192.0.2.0/24", "via", "203.0.113.2");
            // charon routes each Child SA's traffic from an address of its own subnet (kernel-libipsec's TUN).
            for (int i = OUR_TUNNELS; i < OUR_TUNNELS + SWAN_TUNNELS; i++) swanNs.addAddress("lo", "10.1." + i + ".1/32");
            // Answers to the spoofed sources leave towards the flood (which drops them); no reverse-path filter.
            gateway.exec("ip", "route", "add", "default", "via", "198.51.100.1");
            for (String dev : List.of("all", "default", link.rightDevice())) gateway.exec("sysctl", "-qw", "net.ipv4.conf." + dev + ".rp_filter=0");

            String main = FloodTunnelMain.class.getName();
            int tunnels = OUR_TUNNELS + SWAN_TUNNELS;
            try (JavaProcessInNamespace responder = JavaProcessInNamespace.start(gateway, dir.resolve("responder.log"), List.of("-Xmx512m"), main,
                    List.of("respond", "192.0.2.2", String.valueOf(tunnels)), "LISTENING", Duration.ofSeconds(60));
                 StrongSwanPeer swan = StrongSwanPeer.start(swanNs, 1)) {
                Matcher before = defence(awaitLine(responder::log, "the gateway's state before the flood", l -> DEFENCE.matcher(l).find(),
                        Duration.ofSeconds(10)));
                Process flooder = flood.start(Map.of(), dir.resolve("flood.log"), sender.command("192.0.2.2", Duration.ofSeconds(60), FLOOD_RATE));
                try {
                    awaitLine(responder::log, "the gateway at the PUZZLE level", l -> {
                        Matcher m = DEFENCE.matcher(l);
                        return m.find() && m.group(1).equals("PUZZLES") && Long.parseLong(m.group(4)) > 1000;
                    }, Duration.ofSeconds(30));
                    long swanStart = System.nanoTime();
                    swan.load(strongSwanTunnels());
                    int swanUp;
                    int oursUp;
                    try (JavaProcessInNamespace initiator = JavaProcessInNamespace.start(net.left().ns(), dir.resolve("initiator.log"),
                            List.of("-Xmx512m"), main, List.of("initiate", "192.0.2.1", "192.0.2.2", String.valueOf(OUR_TUNNELS),
                                    String.valueOf(WITHIN.toMillis())), "LISTENING", Duration.ofSeconds(60))) {
                        swanUp = awaitStrongSwan(swan, swanStart);
                        String result = awaitLine(initiator::log, "the initiator's result", l -> RESULT.matcher(l).find(), Duration.ofSeconds(60));
                        Matcher r = RESULT.matcher(result);
                        assertThat(r.find()).isTrue();
                        oursUp = Integer.parseInt(r.group(1));
                        assertThat(initiator.log()).as("our initiator solved the gateway's puzzles").contains("solved the responder's puzzle");
                    }
                    String during = lastDefence(responder.log());
                    String flooded = Files.readString(dir.resolve("flood.log")).lines().reduce((a, b) -> b).orElse("");
                    System.out.printf("up within %s: ours %d of %d, strongSwan %d of %d; gateway: %s; flood: %s%n", WITHIN, oursUp, OUR_TUNNELS,
                            swanUp, SWAN_TUNNELS, during, flooded);
                    assertThat(oursUp + swanUp).as("legitimate tunnels up within %s under the flood (%s; %s); charon's log:\n%s", WITHIN,
                                    during, flooded, swan.logTail())
                            .isGreaterThanOrEqualTo((int) Math.ceil(tunnels * 0.95));
                    assertThat(swanUp).as("strongSwan, without puzzle support, still gets in through cookies; charon's log:\n%s",
                            swan.logTail()).isPositive();
                    Matcher d = defence(during);
                    assertThat(d.group(1)).as("defence level while flooded").isEqualTo("PUZZLES");
                    assertThat(Long.parseLong(d.group(5))).as("puzzles sent").isPositive();
                    long peakLive = responder.log().lines().map(DEFENCE::matcher).filter(Matcher::find)
                            .mapToLong(m -> Long.parseLong(m.group(6))).max().orElseThrow();
                    assertThat(peakLive - Long.parseLong(before.group(6))).as("live heap growth under the flood, MiB").isLessThan(LIVE_HEAP_GROWTH_MIB);
                } finally {
                    flooder.destroy();
                }
                // After: the spoofed half-open IKE SAs time out (5 s) and the level falls back.
                String after = awaitLine(() -> lastDefence(responder.log()), "the gateway calm again",
                        l -> l.startsWith("DEFENCE level=NORMAL"), Duration.ofSeconds(20));
                System.out.printf("gateway memory (live heap after GC / RSS, MiB): before %s / %s, after %s / %s; peak during: %s%n",
                        before.group(6), before.group(7), defence(after).group(6), defence(after).group(7),
                        responder.log().lines().map(DEFENCE::matcher).filter(Matcher::find).mapToLong(m -> Long.parseLong(m.group(7))).max().orElse(-1));
            }
        }
    }

    /** strongSwan's tunnels t40..t49, all started at once when loaded (start_action = start). */
    private static SwanctlConf strongSwanTunnels() {
        List<Connection> connections = new java.util.ArrayList<>();
        List<PskSecret> secrets = new java.util.ArrayList<>();
        for (int i = OUR_TUNNELS; i < OUR_TUNNELS + SWAN_TUNNELS; i++) {
            Auth me = new Auth.Psk("t" + i + ".initiator.example");
            Auth gateway = new Auth.Psk("responder.example");
            SwanctlConf.Child child = new SwanctlConf.Child("c" + i, List.of("10.1." + i + ".0/24"), List.of("10.2.0.0/16"), "aes256gcm16",
                    "start", Duration.ZERO);
            connections.add(new Connection("s" + i, "203.0.113.1", "192.0.2.2", FloodTunnelMain.PROPOSALS, me, gateway, List.of(child),
                    Duration.ZERO));
            secrets.add(new PskSecret(me.id(), gateway.id(), "flood test secret".getBytes(StandardCharsets.UTF_8)));
        }
        return new SwanctlConf(connections, secrets);
    }

    /** How many of strongSwan's tunnels are ESTABLISHED within {@link #WITHIN} of {@code startNanos}. */
    private static int awaitStrongSwan(StrongSwanPeer swan, long startNanos) {
        int up = 0;
        while (System.nanoTime() - startNanos < WITHIN.toNanos()) {
            up = (int) swan.listSas().stream().filter(sa -> sa.state().equals("ESTABLISHED")).count();
            if (up == SWAN_TUNNELS) break;
            NetNs.sleep(Duration.ofMillis(200));
        }
        return up;
    }

    private static String lastDefence(String log) {
        return log.lines().filter(l -> l.startsWith("DEFENCE")).reduce((a, b) -> b).orElse("");
    }

    private static Matcher defence(String line) {
        Matcher m = DEFENCE.matcher(line);
        assertThat(m.find()).as("a DEFENCE line: " + line).isTrue();
        return m;
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
