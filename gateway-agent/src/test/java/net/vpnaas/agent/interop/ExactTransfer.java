package net.vpnaas.agent.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.vpnaas.ike.interop.Site;

/**
 * A TCP transfer whose completeness is proven: the sender streams pseudo-random bytes and prints
 * their count and SHA-256, the receiver reads to EOF and prints its own. (iperf3 -n stops counting
 * at the receiver before the last bytes in flight have landed, so it cannot show equal counts.)
 * Both ends bind the inner addresses, so the bytes can only travel through the tunnel.
 */
final class ExactTransfer {
    record Result(long sentBytes, String sentSha256, long receivedBytes, String receivedSha256) {}

    private static final int PORT = 5301;
    private static final String RECEIVER = """
            import hashlib, socket, sys
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(1)
            print("LISTENING", flush=True)
            c, _ = s.accept(); h = hashlib.sha256(); n = 0
            while True:
                b = c.recv(1 << 20)
                if not b: break
                h.update(b); n += len(b)
            print(n, h.hexdigest(), flush=True)
            """;
    private static final String SENDER = """
            import hashlib, os, random, socket, sys
            s = socket.create_connection((sys.argv[2], int(sys.argv[3])), source_address=(sys.argv[1], 0))
            total = int(sys.argv[4]); rnd = random.Random(7); h = hashlib.sha256(); n = 0
            block = rnd.randbytes(1 << 20)
            while n < total:
                b = block[: min(len(block), total - n)]
                s.sendall(b); h.update(b); n += len(b)
                block = block[1:] + block[:1]
            s.shutdown(socket.SHUT_WR); s.recv(1); s.close()
            print(n, h.hexdigest(), flush=True)
            """;

    private ExactTransfer() {}

    static Result send(Site from, Site to, long bytes, int timeoutSeconds) {
        try {
            Path log = Files.createTempFile("io-transfer", ".log");
            Process receiver = to.ns().start(Map.of(), log, List.of("python3", "-c", RECEIVER, to.innerAddress(), Integer.toString(PORT)));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!Files.readString(log).contains("LISTENING")) {
                    if (System.nanoTime() > deadline) throw new AssertionError("receiver did not listen: " + Files.readString(log));
                    Thread.sleep(50);
                }
                String[] sent = from.ns().exec("timeout", Integer.toString(timeoutSeconds),
                        "python3", "-c", SENDER, from.innerAddress(), to.innerAddress(), Integer.toString(PORT),
                        Long.toString(bytes)).stdout().strip().split(" ");
                if (!receiver.waitFor(timeoutSeconds, TimeUnit.SECONDS)) throw new AssertionError("receiver did not finish");
                String[] lines = Files.readString(log).strip().split("\n");
                String[] received = lines[lines.length - 1].strip().split(" ");
                return new Result(Long.parseLong(sent[0]), sent[1], Long.parseLong(received[0]), received[1]);
            } finally {
                receiver.destroyForcibly();
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
