package net.vpnaas.dataplane.netns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A TCP transfer that proves completeness, run as a child JVM inside a namespace: the source
 * sends N pseudo-random bytes and half-closes; the sink counts and hashes until EOF and answers
 * with its count and SHA-256; the source prints both sides. (iperf3 -n stops counting on the
 * receiver while data is still in flight, so its two totals differ by design.)
 * <pre>
 * BulkTransfer sink   BIND PORT
 * BulkTransfer source BIND DEST PORT BYTES   -> "SENT n hex RECEIVED m hex"
 * </pre>
 */
public final class BulkTransfer {
    private BulkTransfer() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("sink")) sink(InetAddress.getByName(args[1]), Integer.parseInt(args[2]));
        else source(InetAddress.getByName(args[1]), InetAddress.getByName(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
    }

    private static void sink(InetAddress bind, int port) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(bind, port));
            System.out.println("LISTENING");
            System.out.flush();
            try (Socket s = server.accept()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                InputStream in = s.getInputStream();
                byte[] buf = new byte[1 << 16];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                    total += n;
                }
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeLong(total);
                out.write(sha.digest());
                out.flush();
            }
        }
    }

    private static void source(InetAddress bind, InetAddress dest, int port, long bytes) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(bind, 0));
            s.connect(new InetSocketAddress(dest, port), 10_000);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            OutputStream out = s.getOutputStream();
            SplittableRandom random = new SplittableRandom(bytes);
            byte[] buf = new byte[1 << 16];
            long sent = 0;
            while (sent < bytes) {
                int n = (int) Math.min(buf.length, bytes - sent);
                for (int i = 0; i < n; i += 8) {
                    long r = random.nextLong();
                    for (int j = 0; j < 8 && i + j < n; j++) buf[i + j] = (byte) (r >>> (8 * j));
                }
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
                sent += n;
            }
            s.shutdownOutput();
            DataInputStream in = new DataInputStream(s.getInputStream());
            long received = in.readLong();
            byte[] digest = new byte[32];
            in.readFully(digest);
            HexFormat hex = HexFormat.of();
            System.out.println("SENT " + sent + " " + hex.formatHex(sha.digest()) + " RECEIVED " + received + " " + hex.formatHex(digest));
        }
    }
}
