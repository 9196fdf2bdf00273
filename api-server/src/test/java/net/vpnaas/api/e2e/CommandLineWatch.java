package net.vpnaas.api.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import net.vpnaas.ike.interop.NetNs;

/**
 * Collects the command line of every process in one network namespace, as any local account can
 * read it from {@code /proc/<pid>/cmdline}, every 10 ms while it runs: short-lived commands (a
 * curl, an initdb) are seen too.
 */
final class CommandLineWatch implements AutoCloseable {
    private final Path namespace;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean stopped;

    private CommandLineWatch(Path namespace) {
        this.namespace = namespace;
        this.thread = Thread.ofPlatform().daemon().name("cmdline-watch").start(this::watch);
    }

    /** A process is in it when its {@code /proc/<pid>/ns/net} reads {@code net:[<inode of the namespace>]}. */
    static CommandLineWatch of(NetNs ns) throws IOException {
        Object inode = Files.getAttribute(Path.of("/run/netns", ns.name()), "unix:ino");
        return new CommandLineWatch(Path.of("net:[" + inode + "]"));
    }

    /** Every distinct command line seen so far, arguments separated by spaces, including those of the moment. */
    Set<String> seen() {
        scan();
        return new TreeSet<>(seen);
    }

    private void watch() {
        while (!stopped) {
            scan();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void scan() {
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                try {
                    if (!Files.readSymbolicLink(process.resolve("ns/net")).equals(namespace)) continue;
                    String line = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
                    if (!line.isEmpty()) seen.add(line);
                } catch (IOException gone) {
                    // the process ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join();
    }
}
