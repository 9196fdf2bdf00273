package net.vpnaas.agent.wiring;

import net.vpnaas.agent.host.HostCommands;
import net.vpnaas.model.net.Prefix;

/**
 * Brings the data path's TUN device up and routes the tunnels' remote subnets into it, with the
 * {@code ip} tool (the agent runs as root, like any IPsec gateway). Packets the kernel routes there
 * reach the data path, whose policies pick the SA.
 */
final class TunRoutes {

    private TunRoutes() {}

    /** A longer queue than the default 500 absorbs TCP bursts while a data-path worker is descheduled. */
    static void up(String tun, int mtu) {
        ip("link", "set", "dev", tun, "mtu", Integer.toString(mtu), "txqueuelen", "4000", "up");
    }

    /** {@code replace}, so a route left by an earlier run of the agent does not make this fail. */
    static void route(Prefix prefix, String tun) {
        ip(prefix.isIpv4() ? "-4" : "-6", "route", "replace", prefix.toString(), "dev", tun);
    }

    /** A route that is already gone is fine: the goal is that it is not there. */
    static void unroute(Prefix prefix, String tun) {
        try {
            ip(prefix.isIpv4() ? "-4" : "-6", "route", "del", prefix.toString(), "dev", tun);
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("No such process")) throw e;
        }
    }

    private static void ip(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        HostCommands.LOCAL.run(10, command);
    }
}
