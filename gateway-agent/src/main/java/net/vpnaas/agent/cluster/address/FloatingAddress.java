package net.vpnaas.agent.cluster.address;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.agent.host.HostCommands;

/**
 * The gateway's public addresses on one interface of a cluster member, moved like a floating IP: the member
 * that becomes active adds them and tells the segment at once, the one that steps down removes them.
 *
 * <p>How the segment learns (investigated on Debian 12's kernel and tools; see the namespace test):
 * <ul>
 *   <li>IPv4: the kernel sends nothing when an address is added (its {@code arp_notify} only covers a device
 *       coming up or changing its MAC), so {@code arping -U} from iputils-arping sends gratuitous ARP requests
 *       (sender = target = the address, broadcast): {@link #ANNOUNCEMENTS} of them, {@link #INTERVAL} apart, in
 *       case one is lost. A Linux neighbour updates an existing entry from it at once, lock time or not.</li>
 *   <li>IPv6: the kernel's own unsolicited Neighbour Advertisement (override flag, target link-layer address,
 *       to all nodes), which it sends when an address is added with {@code ndisc_notify} on and DAD off for the
 *       interface ({@code accept_dad=0}; an address added with {@code nodad} gets no advertisement at all).
 *       DAD stays off on purpose: it would hold the address back for a second, and fail it while the old
 *       active still answers for it. ndisc6 has no tool for unsolicited advertisements, so none is needed.</li>
 * </ul>
 * Neighbours without an entry for the address learn it when they next ask, as usual.
 */
public final class FloatingAddress {
    private static final Logger LOG = Logger.getLogger(FloatingAddress.class.getName());
    static final int ANNOUNCEMENTS = 3;
    private static final Pattern ADDRESS = Pattern.compile("\\binet6? (\\S+/\\d+)");
    static final String INTERVAL = "1"; // whole seconds: iputils arping takes no fractions

    private final String device;
    private final List<InterfaceAddress> addresses;
    private final HostCommands host;

    public FloatingAddress(String device, List<InterfaceAddress> addresses, HostCommands host) {
        if (addresses.isEmpty()) throw new IllegalArgumentException("no address to float");
        this.device = device;
        this.addresses = List.copyOf(addresses);
        this.host = host;
    }

    /**
     * This member becomes active: the addresses are added (again, if a member that crashed while active left
     * them) and announced. Returns once they are added and the announcements under way (arping sends its
     * first at once); the result completes when all are sent, exceptionally if one could not be.
     */
    public CompletableFuture<Void> takeOver() {
        // Few processes, as each costs tens of milliseconds on a loaded host: one sysctl, one listing, one ip batch.
        if (addresses.stream().anyMatch(a -> !a.isIpv4())) {
            host.run(10, "sysctl", "-q", "-w", "net/ipv6/conf/" + device + "/ndisc_notify=1", "net/ipv6/conf/" + device + "/accept_dad=0");
        }
        List<InterfaceAddress> held = held();
        StringBuilder batch = new StringBuilder();
        for (InterfaceAddress a : addresses) {
            // An IPv6 address already there (left by a member that crashed here) is announced only when added anew.
            if (!a.isIpv4() && held.contains(a)) batch.append("addr del ").append(a).append(" dev ").append(device).append('\n');
            batch.append(a.isIpv4() ? "addr replace " : "addr add ").append(a).append(" dev ").append(device).append('\n');
        }
        host.runWithInput(10, batch.toString(), "ip", "-batch", "-");
        List<CompletableFuture<String>> announcements = new ArrayList<>();
        for (InterfaceAddress a : addresses) {
            if (!a.isIpv4()) continue;
            announcements.add(host.start(10, "arping", "-q", "-U", "-c", String.valueOf(ANNOUNCEMENTS), "-i", INTERVAL,
                    "-I", device, a.address().getHostAddress()).whenComplete((out, failure) -> {
                        if (failure != null) LOG.warning(() -> "cannot announce " + a + " on " + device + ": " + failure.getMessage());
                    }));
        }
        LOG.info(() -> "floating addresses " + addresses + " on " + device + " taken over");
        return CompletableFuture.allOf(announcements.toArray(CompletableFuture[]::new));
    }

    /** This member steps down (or starts as standby): the addresses are removed; absent ones are fine. */
    public void release() {
        List<InterfaceAddress> held = held();
        StringBuilder batch = new StringBuilder();
        for (InterfaceAddress a : addresses) {
            if (held.contains(a)) batch.append("addr del ").append(a).append(" dev ").append(device).append('\n');
        }
        if (!batch.isEmpty()) host.runWithInput(10, batch.toString(), "ip", "-batch", "-");
    }

    /** The addresses on the interface now, floating or not. */
    public List<InterfaceAddress> held() {
        List<InterfaceAddress> held = new ArrayList<>();
        // "2: eth0    inet 192.0.2.1/24 brd ...", a line each; ip writes IPv6 in the short form, so compare parsed
        Matcher m = ADDRESS.matcher(host.run(10, "ip", "-o", "addr", "show", "dev", device));
        while (m.find()) held.add(InterfaceAddress.parse(m.group(1)));
        return held;
    }
}
