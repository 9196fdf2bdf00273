package net.vpnaas.dataplane.netns;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces joined by a veth pair (outer 192.0.2.1/2001:db8::1 and
 * 192.0.2.2/2001:db8::2), each with a multi-queue TUN device carrying {@code subnets} inner
 * subnets (site A 10.1.i.1/24 and fd00:1:i::1/64, site B 10.2.i.1/24 and fd00:2:i::1/64 for
 * i = 1..subnets), the other site's subnets routed into the TUN. Names start with "dp" and a
 * random suffix; close() deletes everything, also after a failure.
 */
public final class TwoSites implements AutoCloseable {
    public final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
    public final String nsA = "dpa" + suffix;
    public final String nsB = "dpb" + suffix;
    public final String tun = "dpt" + suffix;
    private final String vethA = "dpva" + suffix;
    private final String vethB = "dpvb" + suffix;

    private final int subnets;

    public TwoSites(int tunMtu, int subnets) {
        this.subnets = subnets;
        try {
            Shell.ok("ip", "netns", "add", nsA);
            Shell.ok("ip", "netns", "add", nsB);
            Shell.ok("ip", "link", "add", vethA, "type", "veth", "peer", "name", vethB);
            Shell.ok("ip", "link", "set", vethA, "netns", nsA);
            Shell.ok("ip", "link", "set", vethB, "netns", nsB);
            site(nsA, vethA, "192.0.2.1/24", "2001:db8::1/64", 1, 2, tunMtu);
            site(nsB, vethB, "192.0.2.2/24", "2001:db8::2/64", 2, 1, tunMtu);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void site(String ns, String veth, String outer4, String outer6, int me, int peer, int tunMtu) {
        Shell.ok("ip", "-n", ns, "link", "set", "lo", "up");
        Shell.ok("ip", "-n", ns, "addr", "add", outer4, "dev", veth);
        Shell.ok("ip", "-n", ns, "addr", "add", outer6, "dev", veth, "nodad");
        Shell.ok("ip", "-n", ns, "link", "set", veth, "up");
        Shell.ok("ip", "-n", ns, "tuntap", "add", "dev", tun, "mode", "tun", "multi_queue");
        for (int i = 1; i <= subnets; i++) {
            Shell.ok("ip", "-n", ns, "addr", "add", "10.%d.%d.1/24".formatted(me, i), "dev", tun);
            Shell.ok("ip", "-n", ns, "addr", "add", "fd00:%d:%d::1/64".formatted(me, i), "dev", tun, "nodad");
        }
        // A longer queue than the default 500 absorbs TCP bursts while a worker is descheduled.
        Shell.ok("ip", "-n", ns, "link", "set", tun, "up", "mtu", String.valueOf(tunMtu), "txqueuelen", "4000");
        Shell.ok("ip", "-n", ns, "route", "add", "10.%d.0.0/16".formatted(peer), "dev", tun);
        Shell.ok("ip", "-n", ns, "-6", "route", "add", "fd00:%d::/32".formatted(peer), "dev", tun);
    }

    @Override
    public void close() {
        // Deleting a namespace removes its veth end and TUN device with it.
        Shell.run(10, java.util.List.of("ip", "netns", "del", nsA));
        Shell.run(10, java.util.List.of("ip", "netns", "del", nsB));
    }
}
