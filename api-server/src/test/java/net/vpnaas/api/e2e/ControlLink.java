package net.vpnaas.api.e2e;

import java.security.SecureRandom;
import net.vpnaas.ike.interop.Exec;
import net.vpnaas.ike.interop.NetNs;

/**
 * A veth pair from the root namespace (where the api-server runs, in the test JVM) into the agent's
 * namespace: the agent reaches the control plane over it, as over a management network. A random
 * /30 of 198.18.0.0/15 (the benchmarking range), so parallel runs on one machine do not collide.
 */
final class ControlLink implements AutoCloseable {
    private final String rootDevice;
    private final String rootAddress;
    private final String nsAddress;

    private ControlLink(String rootDevice, String rootAddress, String nsAddress) {
        this.rootDevice = rootDevice;
        this.rootAddress = rootAddress;
        this.nsAddress = nsAddress;
    }

    static ControlLink create(NetNs agentNs) {
        SecureRandom random = new SecureRandom();
        String suffix = Integer.toHexString(0x100000 + random.nextInt(0xf00000));
        String rootDevice = "e2r" + suffix, nsDevice = "e2n" + suffix;
        int third = random.nextInt(256), fourth = random.nextInt(64) * 4;
        String net = "198.18." + third + ".";
        String rootAddress = net + (fourth + 1), nsAddress = net + (fourth + 2);
        Exec.run("ip", "link", "add", rootDevice, "type", "veth", "peer", "name", nsDevice).orThrow();
        ControlLink link = new ControlLink(rootDevice, rootAddress, nsAddress);
        try {
            Exec.run("ip", "link", "set", nsDevice, "netns", agentNs.name()).orThrow();
            Exec.run("ip", "addr", "add", rootAddress + "/30", "dev", rootDevice).orThrow();
            Exec.run("ip", "link", "set", rootDevice, "up").orThrow();
            agentNs.addAddress(nsDevice, nsAddress + "/30");
            agentNs.exec("ip", "link", "set", nsDevice, "up");
            return link;
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    String rootAddress() {
        return rootAddress;
    }

    /** The namespace's end: how the test JVM reaches a server that runs inside. */
    String nsAddress() {
        return nsAddress;
    }

    /** Deleting one end deletes the pair (and the namespace's end goes with the namespace anyway). */
    @Override
    public void close() {
        Exec.run("ip", "link", "del", rootDevice);
    }
}
