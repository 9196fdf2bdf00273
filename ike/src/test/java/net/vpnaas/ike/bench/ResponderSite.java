package net.vpnaas.ike.bench;

import java.security.SecureRandom;
import java.util.HexFormat;
import net.vpnaas.ike.interop.Exec;

/**
 * A network namespace {@code ib<hex>} for one responder, joined by a veth pair to the namespace this
 * JVM runs in (the generator's, created by bin/bench-ike). {@code generatorAddress} is our end,
 * {@code responderAddress} the responder's; both in a /24 of a TEST-NET range. {@link #close()} deletes
 * the namespace (which removes the veth); the processes started inside must be stopped before.
 */
record ResponderSite(String ns, String generatorAddress, String responderAddress) implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code net24} like "192.0.2": the generator gets .1, the responder .2. */
    static ResponderSite create(String net24) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        String name = "ib" + HexFormat.of().formatHex(b); // 10 characters; veth ends add one letter
        Exec.run("ip", "netns", "add", name).orThrow();
        ResponderSite site = new ResponderSite(name, net24 + ".1", net24 + ".2");
        try {
            Exec.run("ip", "link", "add", name + "g", "type", "veth", "peer", "name", name + "r").orThrow();
            Exec.run("ip", "link", "set", name + "r", "netns", name).orThrow();
            Exec.run("ip", "addr", "add", site.generatorAddress + "/24", "dev", name + "g").orThrow();
            Exec.run("ip", "link", "set", name + "g", "up").orThrow();
            site.exec("ip", "link", "set", "lo", "up");
            // strongSwan's kernel-libipsec routes each Child SA via an address inside its local selector.
            site.exec("ip", "addr", "add", BenchCase.RESPONDER_TS.replace(".0/24", ".1/32"), "dev", "lo");
            site.exec("ip", "addr", "add", site.responderAddress + "/24", "dev", name + "r");
            site.exec("ip", "link", "set", name + "r", "up");
            return site;
        } catch (RuntimeException e) {
            site.close();
            throw e;
        }
    }

    void exec(String... command) {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = ns;
        System.arraycopy(command, 0, full, 4, command.length);
        Exec.run(full).orThrow();
    }

    @Override
    public void close() {
        Exec.run("ip", "netns", "del", ns);
    }
}
