package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;

/**
 * The stage of the flood tests: our gateway ({@link FloodTunnelMain} {@code respond}, a process of its
 * own whose defence state and memory the test reads from its log), a flood namespace routed to it, and
 * the legitimate initiators, each from its own address: our initiator ({@value #OUR_TUNNELS} tunnels,
 * solves puzzles) and strongSwan 5.9 ({@value #SWAN_TUNNELS} tunnels, cookies only).
 *
 * <pre>
 *  left ns (our initiator)        right ns (our gateway, any peer address)          flood ns
 *  192.0.2.1 -------------------- 192.0.2.2 / 198.51.100.2, 2001:db8:f::2 --------- 198.51.100.1, 2001:db8:f::1
 *                                 203.0.113.2 ------------------------------------- 203.0.113.1
 *                                                                                   swan ns (strongSwan 5.9)
 * </pre>
 *
 * The gateway's default routes (both families) lead into the flood namespace, so whatever source
 * address the flood uses, spoofed or its own, the answers go there, and the reverse-path filter is
 * off for it. The gateway listens on 192.0.2.2 and 2001:db8:f::2.
 */
final class FloodStage implements AutoCloseable {

    static final int OUR_TUNNELS = 40;
    static final int SWAN_TUNNELS = 10;
    /** Each legitimate tunnel must be up within this of its start. */
    static final Duration WITHIN = Duration.ofSeconds(10);
    static final String GATEWAY = "192.0.2.2";
    static final String GATEWAY6 = "2001:db8:f::2";
    /** What a flood may add to the gateway's live heap: its half-open IKE SAs are bounded, so little. */
    private static final long LIVE_HEAP_GROWTH_MIB = 64;
    /** The gateway's heap limit; its resident memory must stay below this plus {@link #JVM_OVERHEAD_MIB}. */
    private static final int GATEWAY_HEAP_MIB = 512;
    private static final long JVM_OVERHEAD_MIB = 256;
    private static final Pattern RESULT = Pattern.compile("RESULT up=(\\d+) of=(\\d+)");

    private final Path dir;
    private final NamespacePair net;
    private final NetNs flood;
    private final NetNs swanNs;
    private JavaProcessInNamespace gateway;
    private StrongSwanPeer swan;

    /** The legitimate setups of one run: how many of each kind were up within {@link #WITHIN}, and our initiator's log. */
    record Setups(int ours, int swan, String initiatorLog) {
        int total() {
            return ours + swan;
        }
    }

    private FloodStage(Path dir, NamespacePair net, NetNs flood, NetNs swanNs) {
        this.dir = dir;
        this.net = net;
        this.flood = flood;
        this.swanNs = swanNs;
    }

    /** Namespaces named {@code <prefix>...}, the gateway started and its first state line read, charon running. */
    static FloodStage start(String prefix, Path dir) {
        NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, prefix);
        FloodStage stage = null;
        try {
            stage = new FloodStage(dir, net, NetNs.create(prefix), NetNs.create(prefix));
            stage.wire(prefix);
            stage.gateway = JavaProcessInNamespace.start(net.right().ns(), dir.resolve("gateway.log"), List.of("-Xmx" + GATEWAY_HEAP_MIB + "m"),
                    FloodTunnelMain.class.getName(), List.of("respond", GATEWAY, String.valueOf(OUR_TUNNELS + SWAN_TUNNELS), GATEWAY6),
                    "LISTENING", Duration.ofSeconds(60));
            stage.swan = StrongSwanPeer.start(stage.swanNs, 1);
            return stage;
        } catch (RuntimeException e) {
            if (stage != null) stage.close();
            else net.close();
            throw e;
        }
    }

    private void wire(String prefix) {
        NetNs gw = net.right().ns();
        Veth link = Veth.connect(flood, gw, prefix);
        flood.addAddress(link.leftDevice(), "198.51.100.1/24");
        flood.addAddress(link.leftDevice(), "2001:db8:f::1/64");
        gw.addAddress(link.rightDevice(), "198.51.100.2/24");
        gw.addAddress(link.rightDevice(), GATEWAY6 + "/64");
        flood.exec("ip", "route", "add", "192.0.2.0/24", "via", "198.51.100.2");
        Veth swanLink = Veth.connect(swanNs, gw, prefix);
        swanNs.addAddress(swanLink.leftDevice(), "203.0.113.1/24");
        gw.addAddress(swanLink.rightDevice(), "203.0.113.2/24");
        swanNs.exec("ip", "route", "add", "192.0.2.0/24", "via", "203.0.113.2");
        // charon routes each Child SA's traffic from an address of its own subnet (kernel-libipsec's TUN).
        for (int i = OUR_TUNNELS; i < OUR_TUNNELS + SWAN_TUNNELS; i++) swanNs.addAddress("lo", "10.1." + i + ".1/32");
        gw.exec("ip", "route", "add", "default", "via", "198.51.100.1");
        gw.exec("ip", "-6", "route", "add", "default", "via", "2001:db8:f::1");
        for (String dev : List.of("all", "default", link.rightDevice())) gw.exec("sysctl", "-qw", "net.ipv4.conf." + dev + ".rp_filter=0");
    }

    NetNs flood() {
        return flood;
    }

    Path dir() {
        return dir;
    }

    /**
     * Gives the flood namespace {@code addresses} (IPv4 or IPv6, one host each) as its own, in one
     * {@code ip -batch}: the gateway's default routes bring the answers to them back.
     */
    void addFloodAddresses(List<String> addresses) {
        StringBuilder batch = new StringBuilder();
        for (String a : addresses) {
            batch.append(a.contains(":") ? "addr add " + a + "/128 dev lo\n" : "addr add " + a + "/32 dev lo\n");
        }
        try {
            Path file = Files.writeString(dir.resolve("flood-addresses.batch"), batch);
            flood.exec("ip", "-batch", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gateway's latest state line. */
    GatewayState lastState() {
        return gateway.log().lines().filter(GatewayState::is).reduce((a, b) -> b).map(GatewayState::parse)
                .orElseThrow(() -> new AssertionError("no DEFENCE line from the gateway:\n" + gateway.log()));
    }

    /** The first state line of the gateway that matches. */
    GatewayState awaitState(String what, Predicate<GatewayState> match, Duration timeout) {
        return GatewayState.parse(awaitLine(gateway::log, what, l -> GatewayState.is(l) && match.test(GatewayState.parse(l)), timeout));
    }

    /** After a flood: the spoofed or abandoned half-open IKE SAs time out and the level falls back. */
    GatewayState awaitCalm(Duration timeout) {
        return GatewayState.parse(awaitLine(() -> gateway.log().lines().filter(GatewayState::is).reduce((a, b) -> b).orElse(""),
                "the gateway calm again", l -> l.startsWith("DEFENCE level=NORMAL") && GatewayState.is(l), timeout));
    }

    /**
     * strongSwan's {@value #SWAN_TUNNELS} tunnels and our initiator's {@value #OUR_TUNNELS}, all started at
     * once: how many of each were up within {@link #WITHIN} of their start.
     */
    Setups setUpLegitimateTunnels() {
        long swanStart = System.nanoTime();
        swan.load(strongSwanTunnels());
        try (JavaProcessInNamespace initiator = JavaProcessInNamespace.start(net.left().ns(), dir.resolve("initiator.log"),
                List.of("-Xmx512m"), FloodTunnelMain.class.getName(), List.of("initiate", "192.0.2.1", GATEWAY,
                        String.valueOf(OUR_TUNNELS), String.valueOf(WITHIN.toMillis())), "LISTENING", Duration.ofSeconds(60))) {
            int swanUp = awaitStrongSwan(swanStart);
            String result = awaitLine(initiator::log, "the initiator's result", l -> RESULT.matcher(l).find(), Duration.ofSeconds(60));
            Matcher r = RESULT.matcher(result);
            assertThat(r.find()).isTrue();
            return new Setups(Integer.parseInt(r.group(1)), swanUp, initiator.log());
        }
    }

    /** At least 95 % of all legitimate tunnels up within {@link #WITHIN}. */
    void assertMostUp(Setups s, String context) {
        assertThat(s.total()).as("legitimate tunnels up within %s (%s); charon's log:\n%s", WITHIN, context, swan.logTail())
                .isGreaterThanOrEqualTo((int) Math.ceil((OUR_TUNNELS + SWAN_TUNNELS) * 0.95));
        assertThat(s.swan()).as("strongSwan, without puzzle support, still gets in; charon's log:\n%s", swan.logTail()).isPositive();
    }

    /**
     * The gateway's memory stayed bounded from {@code before} through every state line since: its live
     * heap (after a collection) grew by little, its resident memory stayed within the heap limit and the JVM's own.
     */
    void assertMemoryBounded(GatewayState before) {
        List<GatewayState> states = gateway.log().lines().filter(GatewayState::is).map(GatewayState::parse).toList();
        long peakLive = states.stream().mapToLong(GatewayState::liveMiB).max().orElseThrow();
        long peakRss = states.stream().mapToLong(GatewayState::rssMiB).max().orElseThrow();
        assertThat(peakLive - before.liveMiB()).as("live heap growth under the flood, MiB").isLessThan(LIVE_HEAP_GROWTH_MIB);
        assertThat(peakRss).as("the gateway's resident memory, MiB").isLessThan(GATEWAY_HEAP_MIB + JVM_OVERHEAD_MIB);
    }

    /** One line: the gateway's memory before, at its peak and after. */
    String memoryReport(GatewayState before, GatewayState after) {
        List<GatewayState> states = gateway.log().lines().filter(GatewayState::is).map(GatewayState::parse).toList();
        return String.format("gateway memory (live heap after GC / RSS, MiB): before %d / %d, peak %d / %d, after %d / %d", before.liveMiB(),
                before.rssMiB(), states.stream().mapToLong(GatewayState::liveMiB).max().orElse(-1),
                states.stream().mapToLong(GatewayState::rssMiB).max().orElse(-1), after.liveMiB(), after.rssMiB());
    }

    /** strongSwan's tunnels t40..t49, all started at once when loaded (start_action = start). */
    private static SwanctlConf strongSwanTunnels() {
        List<Connection> connections = new ArrayList<>();
        List<PskSecret> secrets = new ArrayList<>();
        for (int i = OUR_TUNNELS; i < OUR_TUNNELS + SWAN_TUNNELS; i++) {
            Auth me = new Auth.Psk("t" + i + ".initiator.example");
            Auth gw = new Auth.Psk("responder.example");
            SwanctlConf.Child child = new SwanctlConf.Child("c" + i, List.of("10.1." + i + ".0/24"), List.of("10.2.0.0/16"), "aes256gcm16",
                    "start", Duration.ZERO);
            connections.add(new Connection("s" + i, "203.0.113.1", GATEWAY, FloodTunnelMain.PROPOSALS, me, gw, List.of(child), Duration.ZERO));
            secrets.add(new PskSecret(me.id(), gw.id(), FloodTunnelMain.SECRET.getBytes(StandardCharsets.UTF_8)));
        }
        return new SwanctlConf(connections, secrets);
    }

    /** How many of strongSwan's tunnels are ESTABLISHED within {@link #WITHIN} of {@code startNanos}. */
    private int awaitStrongSwan(long startNanos) {
        int up = 0;
        while (System.nanoTime() - startNanos < WITHIN.toNanos()) {
            up = (int) swan.listSas().stream().filter(sa -> sa.state().equals("ESTABLISHED")).count();
            if (up == SWAN_TUNNELS) break;
            NetNs.sleep(Duration.ofMillis(200));
        }
        return up;
    }

    /** The first line of {@code log} that matches, polled until {@code timeout}. */
    static String awaitLine(Supplier<String> log, String what, Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = log.get().lines().filter(match).findFirst();
            if (line.isPresent()) return line.get();
            NetNs.sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("timed out waiting for " + what + "; log:\n" + log.get());
    }

    @Override
    public void close() {
        try {
            if (gateway != null) gateway.close();
            if (swan != null) swan.close();
        } finally {
            try {
                net.close();
            } finally {
                flood.close();
                swanNs.close();
            }
        }
    }
}
