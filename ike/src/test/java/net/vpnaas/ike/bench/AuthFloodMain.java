package net.vpnaas.ike.bench;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attackers that complete IKE_SA_INIT from their real addresses and then flood IKE_AUTH (RFC 8019
 * section 4.2), for the IKE_AUTH flood test: from each source address a {@link LoadGenerator} keeps
 * {@code inFlight} handshakes going, with the identity of a real tunnel and a wrong PSK. Each returns
 * the gateway's COOKIE and solves its PUZZLE when asked, completes IKE_SA_INIT (the gateway does its
 * key exchange), sends an IKE_AUTH that fails (the gateway derives the keys and checks the AUTH) and the
 * next starts at once; what the gateway drops unanswered is retransmitted and then given up as the
 * generator does.
 *
 * <p>Usage: {@code AuthFloodMain <gateway IPv4> <gateway IPv6> <sources file> <in flight per source>
 * <IKE proposals> <initiator identity>}, the sources file one address a line (IPv4 ones attack the
 * gateway's IPv4 address, IPv6 ones its IPv6 address). Prints {@code FLOODING sources=<n>} once every
 * generator runs, then each second {@code ATTACK authFailed=<n> ipv6=<of them from IPv6 sources> completed=<n>
 * failures=<by reason>}, counted since the start.
 */
public final class AuthFloodMain {
    /** The failure the gateway's refusal of our AUTH shows as ({@code Handshake}'s label). */
    public static final String AUTH_FAILED = "IKE_AUTH AUTHENTICATION_FAILED";

    private AuthFloodMain() {}

    public static void main(String[] args) throws Exception {
        InetAddress gateway4 = InetAddress.ofLiteral(args[0]);
        InetAddress gateway6 = InetAddress.ofLiteral(args[1]);
        List<InetAddress> sources = Files.readAllLines(Path.of(args[2])).stream().filter(l -> !l.isBlank())
                .map(l -> InetAddress.ofLiteral(l.strip())).toList();
        int inFlight = Integer.parseInt(args[3]);
        InitiatorProfile profile = InitiatorProfile.of(args[4], "aes256gcm16", args[5], "@responder.example", "10.1.0.0/24", "10.2.0.0/16",
                new InitiatorProfile.Credentials.Psk("not the tunnel's secret".getBytes(StandardCharsets.UTF_8)), null);
        List<LoadGenerator> generators = new ArrayList<>();
        List<LoadGenerator> overIpv6 = new ArrayList<>();
        for (InetAddress source : sources) {
            boolean v4 = source instanceof Inet4Address;
            LoadGenerator g = new LoadGenerator(profile, new InetSocketAddress(source, 0), new InetSocketAddress(v4 ? gateway4 : gateway6, 500), 1);
            generators.add(g);
            if (!v4) overIpv6.add(g);
        }
        generators.forEach(g -> g.startLoad(inFlight));
        System.out.println("FLOODING sources=" + generators.size());
        System.out.flush();
        while (true) {
            Thread.sleep(1000);
            long completed = 0;
            Map<String, Long> failures = new TreeMap<>();
            for (LoadGenerator g : generators) {
                LoadGenerator.Counts c = g.counts();
                completed += c.completed();
                c.failures().forEach((reason, n) -> failures.merge(reason, n, Long::sum));
            }
            long failedOverIpv6 = overIpv6.stream().mapToLong(g -> g.counts().failures().getOrDefault(AUTH_FAILED, 0L)).sum();
            System.out.printf("ATTACK authFailed=%d ipv6=%d completed=%d failures=%s%n", failures.getOrDefault(AUTH_FAILED, 0L), failedOverIpv6,
                    completed, failures);
            System.out.flush();
        }
    }
}
