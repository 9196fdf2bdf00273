package net.vpnaas.dataplane.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Our data path ({@code StaticTunnelMain}) running in a child JVM inside a namespace. close()
 * closes its stdin, which makes it print its counters and exit.
 */
public final class DataPathProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Thread reader;

    public DataPathProcess(String namespace, String config) throws IOException {
        Path file = Files.createTempFile("dp-static", ".conf");
        Files.writeString(file, config);
        file.toFile().deleteOnExit();
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder("ip", "netns", "exec", namespace, java, "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"),
                "net.vpnaas.dataplane.StaticTunnelMain", file.toString())
                .redirectErrorStream(true).start();
        reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.equals("READY")) ready.complete(null);
                }
            } catch (IOException ignored) {
                // process ended
            }
            ready.completeExceptionally(new IllegalStateException("data path exited before READY: " + output()));
        });
    }

    public void awaitReady() throws Exception {
        ready.get(30, TimeUnit.SECONDS);
    }

    /** Asks the running data path for its counters; returns the report (SA and COUNTERS lines). */
    public String counters() throws Exception {
        return command("");
    }

    /** Sends one command line (see StaticTunnelMain) and returns the answer, up to its END line. */
    public String command(String line) throws Exception {
        int before;
        synchronized (lines) {
            before = lines.size();
        }
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                int end = lines.subList(before, lines.size()).indexOf("END");
                if (end >= 0) return String.join("\n", lines.subList(before, before + end));
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no answer to '" + line + "' from the data path: " + output());
    }

    /** SIGKILL, as a crash: no counters, no goodbye. */
    public void kill() throws Exception {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        reader.join(5000);
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Stops the process (counters printed) and returns its whole output. */
    public String stop() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        reader.join(5000);
        return output();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) stop();
    }
}
