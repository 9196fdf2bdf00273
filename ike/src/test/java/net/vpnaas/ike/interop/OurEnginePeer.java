package net.vpnaas.ike.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our engine as a separate process ({@code net.vpnaas.ike.cli.IkeMain}) inside a namespace, so it
 * binds the real UDP 500/4500 there. Child SAs are read from the lines it prints.
 */
final class OurEnginePeer implements AutoCloseable {
    private static final Pattern CHILD_ADD = Pattern.compile("CHILD_SA add reqid=\\d+ in=([0-9a-f]{8}) out=([0-9a-f]{8})");
    private static final Pattern CHILD_DELETE = Pattern.compile("CHILD_SA delete in=([0-9a-f]{8})");

    record Child(long spiIn, long spiOut) {}

    /** A connection file for our engine in the left site, talking to the right site. */
    static String properties(NamespacePair net, String psk, String start, int rekeyIke, int rekeyChild) {
        return """
                name=site
                local=%s
                remote=%s
                local_id=left.vpn.example
                remote_id=right.vpn.example
                psk=%s
                ike=aes256gcm16-prfsha384-x25519
                esp=aes256gcm16
                local_ts=%s
                remote_ts=%s
                start=%s
                dpd=0
                jitter=0
                rekey_ike=%d
                rekey_child=%d
                """.formatted(net.left().outerAddress(), net.right().outerAddress(), psk,
                net.left().innerSubnet(), net.right().innerSubnet(), start, rekeyIke, rekeyChild);
    }

    /** strongSwan in the right site, configured as the counterpart of {@link #properties}. */
    static StrongSwanPeer strongSwanPeer(NamespacePair net, String psk) {
        StrongSwanPeer right = StrongSwanPeer.start(net.right().ns());
        Auth me = new Auth.Psk("right.vpn.example");
        Auth them = new Auth.Psk("left.vpn.example");
        right.load(SwanctlConf.of(Connection.siteToSite("site", net.right(), net.left(), me, them),
                new PskSecret(me.id(), them.id(), psk.getBytes(StandardCharsets.US_ASCII))));
        return right;
    }

    static String newPsk() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private final Path dir;
    private final Process process;

    private OurEnginePeer(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    static OurEnginePeer start(NetNs ns, String properties) {
        return start(ns, properties, "INFO");
    }

    /** @param logLevel {@code INFO} logs every message; benchmarks use {@code WARNING}, like charon at log level 0 */
    static OurEnginePeer start(NetNs ns, String properties, String logLevel) {
        return start(ns, properties, List.of("-Dike.log=" + logLevel), "net.vpnaas.ike.cli.IkeMain");
    }

    /** Runs {@link ReportingEngineMain}, whose STATUS lines {@link #status()} reads. */
    static OurEnginePeer startReporting(NetNs ns, String properties) {
        // C1 only: these engines live for seconds and do a handful of handshakes; waiting for C2 costs more than it saves.
        return start(ns, properties, List.of("-XX:TieredStopAtLevel=1"), ReportingEngineMain.class.getName());
    }

    private static OurEnginePeer start(NetNs ns, String properties, List<String> jvmOptions, String mainClass) {
        try {
            Path dir = Files.createTempDirectory("ike-engine-");
            Path conf = dir.resolve("connection.properties");
            Files.writeString(conf, properties);
            String java = ProcessHandle.current().info().command().orElse("java");
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", cp, mainClass, conf.toString()));
            Process p = ns.start(Map.of(), dir.resolve("engine.log"), command);
            return new OurEnginePeer(dir, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    String log() {
        try {
            return Files.readString(dir.resolve("engine.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Child SAs added and not deleted, in the order they were added. */
    List<Child> children() {
        String log = log();
        List<Child> out = new ArrayList<>();
        Matcher m = CHILD_ADD.matcher(log);
        while (m.find()) out.add(new Child(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16)));
        Matcher d = CHILD_DELETE.matcher(log);
        while (d.find()) {
            long spi = Long.parseLong(d.group(1), 16);
            out.removeIf(c -> c.spiIn() == spi);
        }
        return out;
    }

    Child awaitChildren(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Child> c = children();
            if (c.size() == n) return c.getLast();
            if (!process.isAlive()) break;
            NetNs.sleep(Duration.ofMillis(20));
        }
        throw new AssertionError("our engine did not reach " + n + " Child SA(s); its log:\n" + log());
    }

    /** The engine's latest view of its SAs (only with {@link #startReporting}). */
    EngineStatus status() {
        return EngineStatus.lastIn(log());
    }

    /** Polls {@link #status()} until {@code condition} holds; throws with the engine log when it times out. */
    EngineStatus awaitStatus(Predicate<EngineStatus> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        EngineStatus s;
        do {
            s = status();
            if (condition.test(s)) return s;
            if (!process.isAlive()) break;
            NetNs.sleep(Duration.ofMillis(25));
        } while (System.nanoTime() < deadline);
        throw new AssertionError("our engine did not become " + what + " within " + timeout + "; last status: " + s
                + "\n--- engine log ---\n" + log());
    }

    /**
     * Waits until this engine (only with {@link #startReporting}) and {@code swan} hold the same SAs: one
     * established IKE SA with one installed Child SA each, mirrored; returns strongSwan's. The two views
     * are read one after the other while rekeys may go on, so it reads them again until they agree.
     */
    IkeSaStatus awaitSameSasAs(StrongSwanPeer swan, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            List<IkeSaStatus> theirs = swan.listSas();
            EngineStatus mine = status();
            last = "strongSwan: " + theirs + "\nours: " + mine;
            IkeSaStatus same = sameSingleSas(theirs, mine);
            if (same != null) return same;
            NetNs.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("the two sides did not settle on one identical IKE SA and Child SA:\n" + last
                + "\n--- engine log ---\n" + log());
    }

    /**
     * strongSwan's IKE SA if both sides hold exactly one established IKE SA with one installed Child SA, the
     * same; else null. An IKE_SA_INIT charon answered but nobody completed (half-open, matched to no
     * configuration yet) is no SA of this pair.
     */
    static IkeSaStatus sameSingleSas(List<IkeSaStatus> all, EngineStatus mine) {
        List<IkeSaStatus> theirs = all.stream().filter(sa -> !(sa.state().equals("CONNECTING") && sa.name().equals("(unnamed)"))).toList();
        if (theirs.size() != 1 || mine.ikeSas().size() != 1 || !theirs.getFirst().established()
                || !mine.ikeSas().getFirst().established() || theirs.getFirst().children().size() != 1
                || mine.ikeSas().getFirst().children().size() != 1) {
            return null;
        }
        IkeSaStatus t = theirs.getFirst();
        EngineStatus.Ike o = mine.ikeSas().getFirst();
        ChildSaStatus tc = t.children().getFirst();
        EngineStatus.Child oc = o.children().getFirst();
        boolean same = tc.installed() && oc.installed() && t.initiatorSpi() == o.initiatorSpi() && t.responderSpi() == o.responderSpi()
                && tc.spiIn() == oc.spiOut() && tc.spiOut() == oc.spiIn();
        return same ? t : null;
    }

    /** ESP-in-UDP datagrams that reached our NAT-T port so far (only with {@link #startReporting}). */
    long espIn() {
        return log().lines().filter(l -> l.startsWith("ESP_IN ")).reduce((a, b) -> b)
                .map(l -> Long.parseLong(l.substring(7).strip())).orElse(0L);
    }

    /** Sends a {@link ReportingEngineMain} command ({@code rekey-child}, {@code rekey-ike}, {@code expire-child}). */
    void command(String command) {
        try {
            process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("engine process gone: " + log(), e);
        }
    }

    /** Waits until the engine listens on its UDP ports (instead of guessing the JVM's start-up time). */
    void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains("LISTENING ")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("our engine did not start listening; its log:\n" + log());
            }
            NetNs.sleep(Duration.ofMillis(20));
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the shutdown hook sends an IKE Delete
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover temp file is harmless
        }
    }
}
