package net.vpnaas.agent.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system tools the agent uses ({@code ip} for its TUN device and routes; {@code sysctl} and
 * {@code arping} for a floating address), each to its end; a failure is an {@link IllegalStateException}
 * with the tool's output. {@code prefix} goes before each command: empty for the agent itself,
 * {@code ip netns exec NS} to act inside another network namespace.
 */
public record HostCommands(List<String> prefix) {
    public static final HostCommands LOCAL = new HostCommands(List.of());

    public HostCommands {
        prefix = List.copyOf(prefix);
    }

    public static HostCommands inNamespace(String namespace) {
        return new HostCommands(List.of("ip", "netns", "exec", namespace));
    }

    /** {@link #run} on a thread of its own: for what may finish after the caller goes on. */
    public CompletableFuture<String> start(long timeoutSeconds, String... command) {
        CompletableFuture<String> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                done.complete(run(timeoutSeconds, command));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Runs the command; its output when it exits 0 within {@code timeoutSeconds}. */
    public String run(long timeoutSeconds, String... command) {
        return runWithInput(timeoutSeconds, "", command);
    }

    /** Runs the command with {@code input} on its standard input (e.g. {@code ip -batch -}). */
    public String runWithInput(long timeoutSeconds, String input, String... command) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + cmd, e);
        }
    }
}
