package net.vpnaas.ike.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A strongSwan charon running inside one {@link NetNs}, with everything private to it in a temp dir:
 * strongswan.conf, swanctl.conf and credentials, its VICI socket, its log, and a /run of its own
 * (charon's pid file path is fixed, so two instances on one machine need separate /run mounts;
 * {@code ip netns exec} gives each its own mount namespace, in which we bind-mount our run/ dir).
 *
 * <p>ESP goes through the kernel-libipsec plugin (userspace ESP on a TUN device {@code ipsec0},
 * always UDP-encapsulated on port 4500) because this kernel has no ESP support.
 */
public final class StrongSwanPeer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SWANCTL_TIMEOUT = Duration.ofSeconds(30);

    private final StrongSwanBuild build;
    private final NetNs ns;
    private final Path dir;
    private final Path vici;
    private final Path log;
    private final Process charon;

    private StrongSwanPeer(StrongSwanBuild build, NetNs ns, Path dir, Process charon) {
        this.build = build;
        this.ns = ns;
        this.dir = dir;
        this.vici = dir.resolve("charon.vici");
        this.log = dir.resolve("charon.log");
        this.charon = charon;
    }

    /** Starts charon in {@code ns} with IKE/config logging at level 2 (readable, still fast). */
    public static StrongSwanPeer start(NetNs ns) {
        return start(ns, 2);
    }

    /** {@code logLevel}: strongSwan's -1..4 for the ike, cfg, knl, net and enc groups; 0 for benchmarks. */
    public static StrongSwanPeer start(NetNs ns, int logLevel) {
        return start(ns, logLevel, "");
    }

    /** {@code charonSettings}: extra lines for the charon section of strongswan.conf, e.g. {@code rsa_pss = yes}. */
    public static StrongSwanPeer start(NetNs ns, int logLevel, String charonSettings) {
        return start(StrongSwanBuild.DEBIAN_5_9, ns, logLevel, charonSettings);
    }

    /** As {@link #start(NetNs, int, String)}, with the given strongSwan installation. */
    public static StrongSwanPeer start(StrongSwanBuild build, NetNs ns, int logLevel, String charonSettings) {
        Path dir;
        try {
            dir = Files.createTempDirectory("io-swan-");
            for (String sub : List.of("run", "swanctl/x509", "swanctl/x509ca", "swanctl/private")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.writeString(dir.resolve("strongswan.conf"), strongswanConf(build, dir, logLevel, charonSettings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p = ns.start(Map.of("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString()),
                dir.resolve("charon.stdout"),
                List.of("sh", "-c", "mount --bind '" + dir.resolve("run") + "' '" + build.runDir() + "' && exec " + build.charon()));
        StrongSwanPeer peer = new StrongSwanPeer(build, ns, dir, p);
        try {
            peer.awaitVici();
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    private static String strongswanConf(StrongSwanBuild build, Path dir, int logLevel, String charonSettings) {
        return """
                charon {
                  load = %s
                  # Benchmarks send bursts of IKE_SA_INIT from one address; do not throttle them.
                  dos_protection = no
                  ikesa_table_size = 1024
                  # A test's own settings come last, so they override the ones above.
                  %s
                  plugins {
                    vici {
                      socket = unix://%s
                    }
                  }
                  filelog {
                    io {
                      path = %s
                      time_format = %%T
                      flush_line = yes
                      default = %d
                      ike = %d
                      cfg = %d
                      knl = %d
                    }
                  }
                }
                """.formatted(build.plugins(), charonSettings, dir.resolve("charon.vici"), dir.resolve("charon.log"),
                Math.min(logLevel, 1), logLevel, logLevel, logLevel);
    }

    /** charon is ready when its VICI socket accepts a connection. */
    private void awaitVici() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!charon.isAlive()) {
                throw new IllegalStateException("charon in " + ns.name() + " exited with " + charon.exitValue()
                        + ": " + read(dir.resolve("charon.stdout")) + "\n" + logTail());
            }
            if (Files.exists(vici)) {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(vici));
                    return;
                } catch (IOException notYet) {
                    // socket file exists but charon is not accepting yet
                }
            }
            NetNs.sleep(Duration.ofMillis(10));
        }
        throw new IllegalStateException("charon in " + ns.name() + " did not open " + vici + " within " + START_TIMEOUT
                + "\n" + logTail());
    }

    public NetNs ns() {
        return ns;
    }

    public long pid() {
        return charon.pid();
    }

    /** The swanctl folder: put CA certs in x509ca/, own certs in x509/, private keys in private/. */
    public Path swanctlDir() {
        return dir.resolve("swanctl");
    }

    /** Writes swanctl.conf and loads it with credentials; throws if anything fails to load. */
    public void load(SwanctlConf conf) {
        load(conf.render());
    }

    /** Writes {@code swanctlConf}, a whole swanctl.conf as text (e.g. one a product generated), and loads it likewise. */
    public void load(String swanctlConf) {
        Path file = swanctlDir().resolve("swanctl.conf");
        try {
            Files.writeString(file, swanctlConf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExecResult r = swanctl("--load-all", "--file", file.toString());
        // swanctl reports a discarded connection or key on stdout/stderr but may still exit 0.
        if (!r.ok() || (r.stdout() + r.stderr()).lines().anyMatch(l -> l.contains("failed") && !l.contains("opening directory"))) {
            throw new IllegalStateException("swanctl --load-all failed in " + ns.name() + ":\n" + r.stdout() + r.stderr()
                    + "\nconfig:\n" + swanctlConf + "\n" + logTail());
        }
    }

    /** Initiates a Child SA (and its IKE SA if needed) and waits until it is up; returns the wall time. */
    public Duration initiate(String child) {
        long t0 = System.nanoTime();
        ExecResult r = swanctl("--initiate", "--child", child, "--timeout", "20");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!r.ok()) {
            throw new IllegalStateException("initiating " + child + " from " + ns.name() + " failed:\n"
                    + r.stdout() + r.stderr() + "\n" + logTail());
        }
        return took;
    }

    /** Sends an IKE Delete for the named IKE SA configuration and waits for it to go. */
    public void terminateIke(String ike) {
        swanctl("--terminate", "--ike", ike, "--timeout", "10").orThrow();
    }

    public List<IkeSaStatus> listSas() {
        return IkeSaStatus.parseListSas(swanctl("--list-sas", "--raw").orThrow().stdout());
    }

    /** Polls {@link #listSas()} until one IKE SA matches; throws with charon's log when it times out. */
    public IkeSaStatus awaitSa(Predicate<IkeSaStatus> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<IkeSaStatus> last = List.of();
        do {
            last = listSas();
            for (IkeSaStatus sa : last) {
                if (condition.test(sa)) return sa;
            }
            NetNs.sleep(Duration.ofMillis(20));
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no IKE SA in " + ns.name() + " became " + what + " within " + timeout
                + "; last seen: " + last + "\n" + logTail());
    }

    /** Waits for an ESTABLISHED IKE SA with an INSTALLED child of that name. */
    public IkeSaStatus awaitInstalled(String child, Duration timeout) {
        return awaitSa(sa -> sa.established() && sa.installedChild(child) != null, timeout,
                "ESTABLISHED with child " + child + " INSTALLED");
    }

    /** Runs swanctl against this charon (swanctl runs outside the namespace; the socket is a file). */
    public ExecResult swanctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of(build.swanctl().toString()));
        cmd.addAll(List.of(args));
        cmd.add("--uri");
        cmd.add("unix://" + vici);
        return Exec.run(Map.of("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString()), SWANCTL_TIMEOUT, cmd);
    }

    /**
     * Runs {@code body}; if it throws, attaches the log tails of all {@code peers} to the exception
     * (a failed IKE exchange is usually explained in the other side's log, not the initiator's).
     */
    public static void withLogsOnFailure(Runnable body, StrongSwanPeer... peers) {
        try {
            body.run();
        } catch (RuntimeException | AssertionError e) {
            for (StrongSwanPeer p : peers) e.addSuppressed(new CharonLog(p.logTail()));
            throw e;
        }
    }

    /** Carries a charon log tail as a suppressed exception, so it prints with the failure's trace. */
    private static final class CharonLog extends Exception {
        CharonLog(String tail) {
            super(tail, null, false, false);
        }
    }

    /** The whole charon log, for dumping when a test fails. */
    public String log() {
        return read(log);
    }

    /** The last lines of charon's log, labelled with the namespace. */
    public String logTail() {
        List<String> lines = log().lines().toList();
        return "--- charon log of " + ns.name() + " (last 60 lines) ---\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e + ")";
        }
    }

    /**
     * SIGKILL: charon vanishes without a word to its peers, as a crashed or unplugged gateway does; a
     * new one may start in the same namespace. {@link #close()} still removes the temp dir.
     */
    public void kill() {
        charon.destroyForcibly();
        try {
            if (!charon.waitFor(5, TimeUnit.SECONDS)) throw new IllegalStateException("charon in " + ns.name() + " survived SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM (charon deletes its SAs and TUN), up to 5 s, then SIGKILL; then removes the temp dir. */
    @Override
    public void close() {
        try {
            if (charon.isAlive()) {
                charon.destroy();
                if (!charon.waitFor(5, TimeUnit.SECONDS)) {
                    charon.destroyForcibly();
                    charon.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            charon.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir does no harm to later runs: every run makes a fresh one
        }
    }
}
