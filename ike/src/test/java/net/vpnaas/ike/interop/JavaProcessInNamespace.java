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

/**
 * A Java main class of ours as a real process inside a namespace (e.g. the gateway agent), started
 * with this test JVM's own java and class path, its output in a log file for failure reports. It
 * counts as started once a line of its output begins with the ready marker.
 */
public final class JavaProcessInNamespace implements AutoCloseable {
    private final Process process;
    private final Path log;

    private JavaProcessInNamespace(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static JavaProcessInNamespace start(NetNs ns, Path log, List<String> jvmOptions, String mainClass,
                                               List<String> args, String readyMarker, Duration timeout) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        JavaProcessInNamespace p = new JavaProcessInNamespace(ns.start(Map.of(), log, cmd), log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (p.log().lines().noneMatch(l -> l.startsWith(readyMarker))) {
            if (!p.process.isAlive()) {
                throw new IllegalStateException(mainClass + " exited with " + p.process.exitValue() + ":\n" + p.log());
            }
            if (System.nanoTime() > deadline) {
                p.close();
                throw new IllegalStateException(mainClass + " not " + readyMarker + " within " + timeout + ":\n" + p.log());
            }
            NetNs.sleep(Duration.ofMillis(50));
        }
        return p;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM (our mains clean up on it), then SIGKILL if it hangs. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
