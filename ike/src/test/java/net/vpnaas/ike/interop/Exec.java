package net.vpnaas.ike.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands (ip, swanctl, ping) with a timeout. Output goes to temporary files rather
 * than pipes so a chatty command can never block on a full pipe while we wait for it.
 */
public final class Exec {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private Exec() {}

    public static ExecResult run(String... command) {
        return run(Map.of(), DEFAULT_TIMEOUT, List.of(command));
    }

    public static ExecResult run(Map<String, String> env, Duration timeout, List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("io-exec", ".out");
            err = Files.createTempFile("io-exec", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
                return new ExecResult(command, -1, Files.readString(out),
                        Files.readString(err) + "\n(timed out after " + timeout + ")");
            }
            return new ExecResult(command, p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
