package net.vpnaas.ike.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    private final Path dir;
    private final Process process;

    private OurEnginePeer(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    static OurEnginePeer start(NetNs ns, String properties) {
        try {
            Path dir = Files.createTempDirectory("ike-engine-");
            Path conf = dir.resolve("connection.properties");
            Files.writeString(conf, properties);
            String java = ProcessHandle.current().info().command().orElse("java");
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process p = ns.start(Map.of(), dir.resolve("engine.log"), List.of(java, "-cp", cp, "net.vpnaas.ike.cli.IkeMain", conf.toString()));
            return new OurEnginePeer(dir, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
