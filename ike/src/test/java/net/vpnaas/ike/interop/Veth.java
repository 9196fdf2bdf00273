package net.vpnaas.ike.interop;

/**
 * A veth pair joining two namespaces; {@code leftDevice} lives in the left namespace. Both ends are
 * up. Deleting either namespace removes the pair, so it needs no cleanup of its own.
 */
public record Veth(NetNs left, String leftDevice, NetNs right, String rightDevice) {

    public static Veth connect(NetNs left, NetNs right) {
        return connect(left, right, "io");
    }

    /** Devices {@code <prefix><8 hex>l} and {@code ...r}; a two-letter prefix keeps them at 11 of the 15 characters allowed. */
    public static Veth connect(NetNs left, NetNs right, String prefix) {
        String base = NetNs.uniqueName(prefix, 8);
        String l = base + "l";
        String r = base + "r";
        Exec.run("ip", "link", "add", l, "type", "veth", "peer", "name", r).orThrow();
        try {
            Exec.run("ip", "link", "set", l, "netns", left.name()).orThrow();
            Exec.run("ip", "link", "set", r, "netns", right.name()).orThrow();
        } catch (RuntimeException e) {
            Exec.run("ip", "link", "del", l); // still in the root namespace
            throw e;
        }
        left.exec("ip", "link", "set", l, "up");
        right.exec("ip", "link", "set", r, "up");
        return new Veth(left, l, right, r);
    }
}
