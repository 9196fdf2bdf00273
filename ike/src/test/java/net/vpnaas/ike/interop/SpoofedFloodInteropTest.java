package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Tunnels come up while a third namespace floods the gateway with IKE_SA_INITs from thousands of
 * spoofed IPv4 sources ({@link SpoofedInitFlood}, {@value #FLOOD_RATE} a second from random addresses in 100.64.0.0/10):
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

    @Test
    void tunnelsComeUpWhileSpoofedIkeSaInitsFlood() throws Exception {
        Prereqs.requireNetns();
        Prereqs.requireRootWith("python3 (apt-get install python3)");
        Path dir = Files.createTempDirectory("sf-flood-");
        SpoofedInitFlood sender = SpoofedInitFlood.prepare(dir);
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
                Process flooder = flood.start(Map.of(), dir.resolve("flood.log"), sender.command("192.0.2.2", Duration.ofSeconds(60), FLOOD_RATE));
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
