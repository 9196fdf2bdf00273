package net.vpnaas.agent.localctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket over a real Unix domain socket, with the CLI as its client. */
class LocalCtlServerTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private static Run ctl(Path socket, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--socket", socket.toString()));
        all.addAll(List.of(args));
        int status = CtlMain.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Sends raw bytes as a client would, returns the raw answer. */
    private static String raw(Path socket, byte[] request) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap(request));
            c.shutdownOutput();
            return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSocketIsOnlyForItsOwnerInADirectoryCreatedPrivate() throws Exception {
        Path socket = dir.resolve("run/vpnaas-agent/control.sock");
        try (LocalCtlServer server = LocalCtlServer.bind(socket)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
            assertThat(Files.getAttribute(socket, "unix:uid")).isEqualTo(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
            assertThat(server.path()).isEqualTo(socket);
        }
        assertThat(socket).as("removed on close").doesNotExist();
    }

    @Test
    void aDirectoryOthersMayWriteToIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> LocalCtlServer.bind(shared.resolve("control.sock"))).isInstanceOf(IOException.class)
                .hasMessageContaining("writable by nobody else").hasMessageContaining("rwxrwxrwx");
    }

    @Test
    void aStaleSocketIsReplacedButALiveAgentsIsNotAndNeitherIsAFile() throws Exception {
        Path socket = dir.resolve("control.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        dead.close(); // the file stays, as after a killed agent
        assertThat(socket).exists();
        try (LocalCtlServer live = LocalCtlServer.bind(socket)) {
            live.serve(r -> new CtlResponse.Done("first"));
            assertThatThrownBy(() -> LocalCtlServer.bind(socket)).isInstanceOf(IOException.class)
                    .hasMessageContaining("another agent serves this control socket");
            assertThat(ctl(socket, "reload").out()).isEqualTo("first\n");
        }
        Path file = Files.writeString(dir.resolve("not-a-socket"), "x");
        assertThatThrownBy(() -> LocalCtlServer.bind(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(file).hasContent("x");
    }

    @Test
    void badRequestsAreAnsweredWithAnErrorAndTheServerGoesOn() throws Exception {
        Path socket = dir.resolve("control.sock");
        List<CtlRequest> seen = new CopyOnWriteArrayList<>();
        try (LocalCtlServer server = LocalCtlServer.bind(socket)) {
            server.serve(r -> {
                seen.add(r);
                if (r instanceof CtlRequest.Reload) throw new IllegalStateException("boom");
                return new CtlResponse.Done("ok");
            });
            assertThat(raw(socket, "garbage\n".getBytes(StandardCharsets.UTF_8)))
                    .startsWith("{\"ok\":false,\"error\":\"bad request: not a JSON request").endsWith("}\n");
            assertThat(raw(socket, "{\"command\":\"list-sas\"}".getBytes(StandardCharsets.UTF_8)))
                    .contains("bad request: the line did not end");
            assertThat(raw(socket, ("{\"command\":\"initiate\",\"tunnel\":\"" + "x".repeat(5000) + "\"}\n").getBytes(StandardCharsets.UTF_8)))
                    .contains("bad request: the line is longer than 4096 bytes");
            assertThat(raw(socket, new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n'})).contains("\"ok\":false");
            assertThat(raw(socket, "{\"command\":\"reload\"}\n".getBytes(StandardCharsets.UTF_8)))
                    .contains("the command failed inside the agent: java.lang.IllegalStateException: boom");
            assertThat(raw(socket, "{\"command\":\"list-sas\"}\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("{\"ok\":true,\"message\":\"ok\"}\n");
            assertThat(seen).containsExactly(new CtlRequest.Reload(), new CtlRequest.ListSas());
        }
    }

    @Test
    void aClientThatSendsNothingIsDropped() throws Exception {
        Path socket = dir.resolve("control.sock");
        try (LocalCtlServer server = LocalCtlServer.bind(socket);
             SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            server.serve(r -> new CtlResponse.Done("ok"));
            long t0 = System.nanoTime();
            assertThat(Channels.newInputStream(idle).readAllBytes()).as("closed without an answer").isEmpty();
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(LocalCtlServer.READ_TIMEOUT.toMillis() - 100);
            assertThat(ctl(socket, "list-sas").status()).as("still serving").isZero();
        }
    }

    @Test
    void underTheControlPlaneInitiateAndReloadAreRefusedAndTheRestWorks() throws Exception {
        Path socket = dir.resolve("control.sock");
        try (LocalCtlServer server = LocalCtlServer.bind(socket)) {
            server.serve(CtlCommands.managed(Optional::empty)::execute);
            Run initiate = ctl(socket, "initiate", "site");
            assertThat(initiate.status()).isEqualTo(CtlMain.FAILED);
            assertThat(initiate.err()).contains("initiate is refused: this agent runs under the control plane");
            assertThat(ctl(socket, "reload").err()).contains("reload is refused: this agent runs under the control plane");
            Run terminate = ctl(socket, "terminate", "site");
            assertThat(terminate.status()).isEqualTo(CtlMain.FAILED);
            assertThat(terminate.err()).isEqualTo("tunnel: no tunnel named 'site'; this agent runs []\n");
            assertThat(ctl(socket, "list-sas")).isEqualTo(new Run(CtlMain.OK, "no tunnels\n", ""));
            assertThat(ctl(socket, "--json", "list-sas")).isEqualTo(new Run(CtlMain.OK, "{\"ok\":true,\"tunnels\":[]}\n", ""));
            assertThat(ctl(socket, "log-level").status()).isZero();
        }
    }

    @Test
    void theCliSaysWhenItCannotReachTheAgentOrIsMisused() {
        Run none = ctl(dir.resolve("nobody.sock"), "list-sas");
        assertThat(none.status()).isEqualTo(CtlMain.UNREACHABLE);
        assertThat(none.err()).contains("cannot reach the agent at " + dir.resolve("nobody.sock"));
        assertThat(ctl(dir.resolve("x"), "rekey").status()).isEqualTo(CtlMain.USAGE);
        assertThat(ctl(dir.resolve("x"), "rekey", "t", "--ike", "--child").err()).startsWith("give one of --ike and --child");
        assertThat(ctl(dir.resolve("x"), "list-sas", "--ike").err()).startsWith("--ike and --child go with rekey");
        assertThat(ctl(dir.resolve("x"), "stop").err()).startsWith("unknown command stop");
        assertThat(ctl(dir.resolve("x"), "--help").out()).contains("list-sas").contains("/run/vpnaas-agent/control.sock");
    }
}
