package net.vpnaas.ike.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iperf3 between two {@link Site}s' inner addresses. Both ends bind to the inner address so the
 * traffic cannot bypass the tunnel over the outer veth.
 */
public final class Iperf3 {

    /** UDP datagrams per second the sender offered and the receiver got, and the share that got lost. */
    public record UdpResult(double offeredPacketsPerSecond, double deliveredPacketsPerSecond, double lostPercent) {}

    private static final int PORT = 5201;

    private Iperf3() {}

    /** TCP goodput in bit/s measured at the receiver. */
    public static double tcpBitsPerSecond(Site server, Site client, Duration time) {
        return tcpBitsPerSecond(server.ns(), server.innerAddress(), client.ns(), client.innerAddress(), time);
    }

    public static double tcpBitsPerSecond(NetNs serverNs, String serverAddr, NetNs clientNs, String clientAddr, Duration time) {
        String json = run(serverNs, serverAddr, clientNs, clientAddr, time, List.of());
        return number(section(json, "sum_received"), "bits_per_second");
    }

    /** UDP at unlimited offered rate with {@code payload}-byte datagrams: what arrives per second. */
    public static UdpResult udp(Site server, Site client, int payload, Duration time) {
        return udp(server, client, payload, time, 0);
    }

    /**
     * UDP with {@code payload}-byte datagrams offered at {@code packetsPerSecond} (0: as fast as the
     * sender can). iperf3 paces by payload bits; the receiver counts losses by sequence gaps, and a
     * datagram that merely arrives out of order is not counted lost. Both iperf3 sockets get a 4 MB
     * buffer: the default 208 KB holds about 200 small datagrams, 3 ms at 70k/s, less than a
     * scheduling delay on a busy 2-core machine, so the receiving iperf3's own socket would decide
     * the loss instead of the tunnel.
     */
    public static UdpResult udp(Site server, Site client, int payload, Duration time, double packetsPerSecond) {
        long bitsPerSecond = Math.round(packetsPerSecond * payload * 8);
        String json = run(server.ns(), server.innerAddress(), client.ns(), client.innerAddress(), time,
                List.of("-u", "-b", Long.toString(bitsPerSecond), "-l", Integer.toString(payload), "-w", "4M"));
        String sum = section(json, "sum_received");
        double seconds = number(sum, "seconds");
        double packets = number(sum, "packets");
        double lost = number(sum, "lost_packets");
        return new UdpResult(packets / seconds, (packets - lost) / seconds, number(sum, "lost_percent"));
    }

    private static String run(NetNs serverNs, String serverAddr, NetNs clientNs, String clientAddr, Duration time,
                              List<String> extra) {
        Path serverLog;
        try {
            serverLog = Files.createTempFile("io-iperf3", ".log");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Process server = serverNs.start(Map.of(), serverLog,
                List.of("iperf3", "-s", "-1", "-B", serverAddr, "-p", Integer.toString(PORT)));
        try {
            List<String> cmd = new ArrayList<>(List.of("iperf3", "-c", serverAddr, "-B", clientAddr,
                    "-p", Integer.toString(PORT), "-t", Long.toString(time.toSeconds()), "-J"));
            cmd.addAll(extra);
            Duration timeout = time.plusSeconds(15);
            ExecResult r = null;
            // The server needs a moment to listen: a refused connection is retried briefly. With -J
            // iperf3 exits 0 even on errors and reports them in an "error" member instead.
            for (int attempt = 0; attempt < 50; attempt++) {
                r = clientNs.tryExec(Map.of(), timeout, cmd);
                if (!r.stdout().contains("Connection refused")) break;
                NetNs.sleep(Duration.ofMillis(100));
            }
            if (!r.ok() || r.stdout().contains("\"error\"")) {
                throw new IllegalStateException("iperf3 failed: " + r.stdout() + r.stderr() + "\nserver: " + read(serverLog));
            }
            return r.stdout();
        } finally {
            server.destroy();
            try {
                Files.deleteIfExists(serverLog);
            } catch (java.io.IOException ignored) {
                // temp file
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }

    static String section(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\\{([^}]*)}").matcher(json);
        if (!m.find()) throw new IllegalStateException("iperf3 output has no " + name + ": " + json);
        return m.group(1);
    }

    static double number(String section, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE+]+)").matcher(section);
        if (!m.find()) throw new IllegalStateException("no " + key + " in " + section);
        return Double.parseDouble(m.group(1));
    }
}
