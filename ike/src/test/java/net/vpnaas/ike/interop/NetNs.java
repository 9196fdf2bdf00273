package net.vpnaas.ike.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network namespace named {@code io<random>} for one test. {@link #close()} first ends every
 * process still inside (a charon survives {@code ip netns del} and would keep its sockets and TUN),
 * then deletes the namespace, which also removes the veth ends and addresses in it. A JVM shutdown
 * hook closes namespaces a killed test run left open.
 */
public final class NetNs implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<NetNs> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(NetNs::close), "io-netns-cleanup"));
    }

    private final String name;
    private volatile boolean closed;

    private NetNs(String name) {
        this.name = name;
    }

    /** Creates a namespace {@code io<random>} with loopback up. */
    public static NetNs create() {
        return create("io");
    }

    /** Creates a namespace {@code <prefix><8 random hex digits>} with loopback up (each test suite owns a prefix). */
    public static NetNs create(String prefix) {
        NetNs ns = new NetNs(uniqueName(prefix, 8));
        Exec.run("ip", "netns", "add", ns.name).orThrow();
        OPEN.add(ns);
        try {
            ns.exec("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** {@code prefix} followed by {@code hexDigits} random hex digits. */
    static String uniqueName(String prefix, int hexDigits) {
        byte[] b = new byte[(hexDigits + 1) / 2];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b).substring(0, hexDigits);
    }

    public String name() {
        return name;
    }

    /** Runs a command inside the namespace; throws if it exits non-zero. */
    public ExecResult exec(String... command) {
        return tryExec(command).orThrow();
    }

    /** Runs a command inside the namespace and returns whatever happened. */
    public ExecResult tryExec(String... command) {
        return tryExec(Map.of(), Exec.DEFAULT_TIMEOUT, List.of(command));
    }

    public ExecResult tryExec(Map<String, String> env, Duration timeout, List<String> command) {
        return Exec.run(env, timeout, inside(command));
    }

    /**
     * Starts a long-running command inside the namespace; stdout and stderr go to {@code log}.
     * {@code ip netns exec} execs the command, so the returned process is the command itself.
     */
    public Process start(Map<String, String> env, Path log, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(inside(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " in " + name, e);
        }
    }

    private List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /**
     * Adds an address (CIDR notation) to a device. IPv6 addresses skip duplicate address detection
     * so they are usable at once instead of after about two seconds of "tentative".
     */
    public void addAddress(String device, String cidr) {
        if (cidr.contains(":")) exec("ip", "-6", "addr", "add", cidr, "dev", device, "nodad");
        else exec("ip", "addr", "add", cidr, "dev", device);
    }

    /** Process ids of everything running inside the namespace. */
    public List<Long> pids() {
        ExecResult r = Exec.run("ip", "netns", "pids", name);
        if (!r.ok()) return List.of();
        return r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            stopAllProcesses();
        } finally {
            Exec.run("ip", "netns", "del", name);
            OPEN.remove(this);
        }
    }

    /** SIGTERM to everything inside, up to 5 s for them to go, then SIGKILL. Only our own children live here. */
    private void stopAllProcesses() {
        List<Long> pids = pids();
        if (pids.isEmpty()) return;
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && pids.stream().anyMatch(NetNs::alive)) {
            sleep(Duration.ofMillis(20));
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Thread.sleep that turns an interrupt into an exception the test reports. */
    public static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "NetNs[" + name + "]";
    }
}
