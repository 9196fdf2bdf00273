package net.vpnaas.agent.localctl;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of the control socket. Only its owner (root) may connect: the socket is mode 0600
 * in a directory no one else may write to (created 0700 when missing), so no other user can reach
 * it or put another socket in its place. Each connection carries one request and its response
 * ({@link CtlProtocol}); a client that sends nothing is dropped after {@link #READ_TIMEOUT}, and at
 * most {@link #MAX_CONNECTIONS} are served at once, so a stuck client cannot pile up work.
 */
public final class LocalCtlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalCtlServer.class);

    public static final Path DEFAULT_PATH = Path.of("/run/vpnaas-agent/control.sock");
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_CONNECTIONS = 8;
    private static final int DRAIN_BYTES = 64 * 1024;
    /** File type bits of st_mode, and the type of a socket (stat(2)). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final ServerSocketChannel server;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timeouts =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("ctl-timeouts").factory());
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);

    private LocalCtlServer(Path path, ServerSocketChannel server) {
        this.path = path;
        this.server = server;
    }

    /**
     * Binds the socket at {@code path} without serving yet, so an agent that cannot have its control
     * socket stops before it touches the network. A stale socket of an agent that is gone is replaced;
     * one an agent still answers on is not.
     */
    public static LocalCtlServer bind(Path path) throws IOException {
        Path socket = path.toAbsolutePath();
        Path dir = socket.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        checkPrivate(dir);
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) removeStale(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new LocalCtlServer(socket, server);
    }

    /** Owned by us (the agent's user, root) and writable by no one else: nobody else can swap the socket. */
    private static void checkPrivate(Path dir) throws IOException {
        int owner = (Integer) Files.getAttribute(dir, "unix:uid");
        int us = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (owner != us || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(dir + ": the control socket's directory must be owned by uid " + us
                    + " and writable by nobody else (it is uid " + owner + ", " + PosixFilePermissions.toString(perms) + ")");
        }
    }

    private static void removeStale(Path socket) throws IOException {
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) throw new FileAlreadyExistsException(socket + " exists and is not a socket");
        boolean answered;
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
            answered = true;
        } catch (IOException refused) {
            answered = false;
        }
        if (answered) throw new IOException(socket + ": another agent serves this control socket (give this one --control-socket)");
        Files.delete(socket); // nobody listens: left behind by an agent that was killed
    }

    public Path path() {
        return path;
    }

    /** Answers requests with {@code handler} from now on, on threads of its own. */
    public void serve(Function<CtlRequest, CtlResponse> handler) {
        Thread.ofPlatform().daemon().name("ctl-accept").start(() -> acceptLoop(handler));
    }

    private void acceptLoop(Function<CtlRequest, CtlResponse> handler) {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                log.warn("control socket: accept failed: {}", e.getMessage());
                continue;
            }
            if (!slots.tryAcquire()) {
                connections.execute(() -> refuseBusy(client));
                continue;
            }
            connections.execute(() -> {
                try {
                    handle(client, handler);
                } finally {
                    slots.release();
                }
            });
        }
    }

    private void handle(SocketChannel client, Function<CtlRequest, CtlResponse> handler) {
        try (client) {
            CtlResponse response;
            byte[] line = null;
            ScheduledFuture<?> deadline = timeouts.schedule(() -> closeQuietly(client), READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            InputStream in = Channels.newInputStream(client);
            try {
                line = CtlProtocol.readLine(in, CtlProtocol.MAX_REQUEST_BYTES);
            } catch (CtlProtocolException e) {
                respond(client, new CtlResponse.Failed("bad request: " + e.getMessage()));
                drain(in);
                return;
            } finally {
                deadline.cancel(false);
            }
            try {
                CtlRequest request = CtlProtocol.decodeRequest(line);
                logRequest(request);
                response = handler.apply(request);
            } catch (CtlProtocolException e) {
                response = new CtlResponse.Failed("bad request: " + e.getMessage());
            } catch (RuntimeException e) {
                log.warn("control socket: a command failed", e);
                response = new CtlResponse.Failed("the command failed inside the agent: " + e);
            }
            respond(client, response);
        } catch (IOException e) {
            log.debug("control socket: client gone: {}", e.getMessage()); // it closed early, or timed out
        }
    }

    /**
     * Reads what is left of a refused request (within the read deadline, at most {@link #DRAIN_BYTES}): a
     * socket closed with unread input resets the connection, and the client would lose the answer.
     */
    private static void drain(InputStream in) throws IOException {
        long left = DRAIN_BYTES;
        byte[] sink = new byte[4096];
        for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) left -= n;
    }

    private static void logRequest(CtlRequest request) {
        switch (request) {
            case CtlRequest.ListSas r -> log.debug("control socket: {}", r.command());
            case CtlRequest.ShowLogLevel r -> log.debug("control socket: {}", r.command());
            default -> log.info("control socket: {}", request);
        }
    }

    private void refuseBusy(SocketChannel client) {
        try (client) {
            respond(client, new CtlResponse.Failed("busy: " + MAX_CONNECTIONS + " control connections are open; try again"));
        } catch (IOException ignored) {
            // the client is gone; nothing to tell
        }
    }

    private static void respond(SocketChannel client, CtlResponse response) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(CtlProtocol.encode(response));
        while (out.hasRemaining()) client.write(out);
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing to time it out; nothing more to do
        }
    }

    /** Stops accepting, removes the socket file; commands under way finish on their own threads. */
    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("control socket: cannot remove {}: {}", path, e.getMessage());
        }
        timeouts.shutdownNow();
        connections.shutdown();
    }
}
