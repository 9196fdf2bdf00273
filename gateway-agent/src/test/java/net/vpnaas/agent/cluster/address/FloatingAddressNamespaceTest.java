package net.vpnaas.agent.cluster.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.agent.host.HostCommands;
import net.vpnaas.dataplane.netns.Prerequisites;
import net.vpnaas.dataplane.netns.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two cluster members ("agent" namespaces A and B) on one L2 segment, a bridge in a router namespace. The
 * gateway's addresses 192.0.2.1/24 and 2001:db8::1/64 move from A to B (A steps down) and back (B crashes:
 * it never releases them), and each time the router's neighbour cache must point to the new holder's MAC
 * within {@link #LIMIT_MILLIS} of the start of the takeover, for IPv4 (gratuitous ARP) and IPv6 (unsolicited
 * Neighbour Advertisement). The router has talked to the addresses before each move, so its entries are fresh
 * (REACHABLE for 15 to 45 s, then 5 s of DELAY before it probes): nothing but the announcement can change them
 * that soon. The limit leaves room for a loaded machine, where starting each ip or arping process takes up to
 * a few hundred milliseconds; the figures are printed.
 */
class FloatingAddressNamespaceTest {
    private static final long LIMIT_MILLIS = 2000;
    private static final List<InterfaceAddress> GATEWAY = List.of(InterfaceAddress.parse("192.0.2.1/24"),
            InterfaceAddress.parse("2001:db8::1/64"));

    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    private final String router = "far" + suffix;
    private final String nsA = "faa" + suffix;
    private final String nsB = "fab" + suffix;

    @BeforeEach
    void segment() {
        Prerequisites.require("arping", "sysctl", "ping");
        for (String ns : List.of(router, nsA, nsB)) {
            Shell.ok("ip", "netns", "add", ns);
            Shell.ok("ip", "-n", ns, "link", "set", "lo", "up");
        }
        Shell.ok("ip", "-n", router, "link", "add", "br0", "type", "bridge");
        Shell.ok("ip", "-n", router, "link", "set", "br0", "up");
        Shell.ok("ip", "-n", router, "addr", "add", "192.0.2.254/24", "dev", "br0");
        Shell.ok("ip", "-n", router, "addr", "add", "2001:db8::fe/64", "dev", "br0", "nodad");
        for (String member : List.of(nsA, nsB)) {
            String port = "p" + member;
            Shell.ok("ip", "link", "add", port, "netns", router, "type", "veth", "peer", "name", "eth0", "netns", member);
            Shell.ok("ip", "-n", router, "link", "set", port, "master", "br0", "up");
            Shell.ok("ip", "-n", member, "link", "set", "eth0", "up");
        }
    }

    @AfterEach
    void delete() {
        for (String ns : List.of(router, nsA, nsB)) Shell.run(10, List.of("ip", "netns", "del", ns));
    }

    @Test
    void addressesMoveAndTheRoutersNeighbourCacheFollowsAtOnce() throws Exception {
        FloatingAddress a = new FloatingAddress("eth0", GATEWAY, HostCommands.inNamespace(nsA));
        FloatingAddress b = new FloatingAddress("eth0", GATEWAY, HostCommands.inNamespace(nsB));
        String macA = mac(nsA);
        String macB = mac(nsB);

        a.takeOver().get(10, TimeUnit.SECONDS);
        for (InterfaceAddress g : GATEWAY) {
            talkTo(g);
            assertThat(neighbour(g)).as("router's entry for " + g).isEqualTo(macA);
        }

        // Planned: A steps down, B takes over.
        a.release();
        assertThat(a.held()).doesNotContainAnyElementsOf(GATEWAY);
        long[] stepDown = move(b, macB);

        // Crash: B keeps the addresses in its kernel (its agent died), A takes over all the same.
        for (InterfaceAddress g : GATEWAY) talkTo(g);
        long[] crash = move(a, macA);
        assertThat(b.held()).as("the crashed member still holds them").containsAll(GATEWAY);

        System.out.printf("floating address: router's neighbour cache followed in IPv4 %d ms, IPv6 %d ms (step-down; "
                + "takeOver() returned after %d ms); IPv4 %d ms, IPv6 %d ms (crash; %d ms)%n",
                stepDown[0], stepDown[1], stepDown[2], crash[0], crash[1], crash[2]);
    }

    /**
     * The new holder takes over; returns per address how long until the router's entry named its MAC, and how
     * long takeOver() itself took (adding the addresses with ip, the sysctls: processes started one by one).
     */
    private long[] move(FloatingAddress to, String mac) throws Exception {
        long start = System.nanoTime();
        var announced = to.takeOver();
        long[] millis = new long[GATEWAY.size() + 1];
        millis[GATEWAY.size()] = (System.nanoTime() - start) / 1_000_000;
        boolean[] done = new boolean[GATEWAY.size()];
        int left = GATEWAY.size();
        while (left > 0) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            for (int i = 0; i < GATEWAY.size(); i++) {
                if (!done[i] && mac.equals(neighbour(GATEWAY.get(i)))) {
                    done[i] = true;
                    millis[i] = elapsed;
                    left--;
                }
            }
            if (left > 0 && elapsed > LIMIT_MILLIS) {
                throw new AssertionError("router's neighbour cache still not at " + mac + " after " + elapsed + " ms: "
                        + Shell.ok("ip", "-n", router, "neigh", "show", "dev", "br0"));
            }
            Thread.sleep(2);
        }
        announced.get(10, TimeUnit.SECONDS);
        for (InterfaceAddress g : GATEWAY) talkTo(g); // and the router reaches the address there
        for (InterfaceAddress g : GATEWAY) assertThat(neighbour(g)).isEqualTo(mac);
        return millis;
    }

    private void talkTo(InterfaceAddress g) {
        Shell.ok("ip", "netns", "exec", router, "ping", "-c", "1", "-W", "2", g.address().getHostAddress());
    }

    private String neighbour(InterfaceAddress g) {
        String line = Shell.ok("ip", "-n", router, "neigh", "show", g.address().getHostAddress(), "dev", "br0");
        Matcher m = Pattern.compile("lladdr (\\S+)").matcher(line);
        return m.find() ? m.group(1) : "";
    }

    private static String mac(String ns) {
        Matcher m = Pattern.compile("link/ether (\\S+)").matcher(Shell.ok("ip", "-n", ns, "link", "show", "eth0"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
