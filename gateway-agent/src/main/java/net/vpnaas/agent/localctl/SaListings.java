package net.vpnaas.agent.localctl;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import net.vpnaas.agent.wiring.GatewayRuntime;
import net.vpnaas.ike.engine.ChildSaView;
import net.vpnaas.ike.engine.IkeSaView;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.model.DpdSettings;
import net.vpnaas.model.gateway.ResolvedTunnel;

/** The {@link SaListing} of a running gateway: the engine's view of each tunnel's SAs, with the data path's counters. */
final class SaListings {

    private SaListings() {}

    static SaListing of(GatewayRuntime runtime) {
        return new SaListing(runtime.tunnelNames().stream()
                .flatMap(name -> runtime.tunnel(name).map(t -> tunnel(runtime, t)).stream()).toList());
    }

    /** The peer as configured: an IP address or a DNS name (the IKE SAs show the address it resolved to). */
    private static SaListing.Tunnel tunnel(GatewayRuntime runtime, ResolvedTunnel t) {
        DpdSettings dpd = t.cryptoPolicy().dpd();
        return new SaListing.Tunnel(t.name(), t.peer().address(), t.cryptoPolicy().startAction(),
                new SaListing.Dpd(dpd.intervalSeconds(), dpd.timeoutSeconds(), dpd.action()), t.cryptoPolicy().encapsulation(),
                runtime.saViews(t.name()).stream().map(v -> ikeSa(runtime, v)).toList());
    }

    private static SaListing.IkeSa ikeSa(GatewayRuntime runtime, IkeSaView v) {
        return new SaListing.IkeSa(v.state().name(), v.originalInitiator(), ikeSpi(v.initiatorSpi()), ikeSpi(v.responderSpi()),
                endpoint(v.local()), endpoint(v.remote()), v.localId(), v.remoteId(), v.algorithms(), v.quantumSafety().toString(), v.natDetected(),
                v.udpEncapsulationForced(), v.carrier().name().toLowerCase(java.util.Locale.ROOT), v.lastHeardAt(), v.establishedAt(), v.rekeyAt(), v.expiresAt(),
                v.children().stream().map(c -> childSa(runtime.usage(c.inboundSpi()), c)).toList());
    }

    private static SaListing.ChildSa childSa(Optional<ChildSaUsage> usage, ChildSaView c) {
        return new SaListing.ChildSa(c.reqid(), c.state().name(), childSpi(c.inboundSpi()), childSpi(c.outboundSpi()),
                c.algorithms(), selectors(c.localSelectors()), selectors(c.remoteSelectors()), c.installedAt(), c.rekeyAt(),
                c.expiresAt(), usage.map(u -> new SaListing.Counters(u.bytesIn(), u.packetsIn(), u.bytesOut(), u.packetsOut(),
                        u.replayDrops(), u.integrityFailures(), u.selectorDrops(), u.lastInbound())).orElse(null));
    }

    static String ikeSpi(long spi) {
        return "%016x".formatted(spi);
    }

    static String childSpi(long spi) {
        return "%08x".formatted(spi);
    }

    /** {@code 192.0.2.1[500]}, {@code 2001:db8::1[4500]}: as strongSwan writes them, unambiguous for IPv6. */
    static String endpoint(InetSocketAddress a) {
        return address(a.getAddress()) + "[" + a.getPort() + "]";
    }

    /** IPv6 in its short form (RFC 5952: the longest run of two or more zero groups as "::"); Java writes every group. */
    static String address(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) return a.getHostAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') out.append(':');
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** A range that is a prefix as {@code 10.1.0.0/24}, else {@code start-end}; protocol and ports when not "any". */
    static List<String> selectors(List<TrafficSelector> selectors) {
        return selectors.stream().map(SaListings::selector).toList();
    }

    static String selector(TrafficSelector ts) {
        String range = prefix(ts.start(), ts.end()).orElseGet(() -> address(ts.start()) + "-" + address(ts.end()));
        boolean anyPort = ts.startPort() == 0 && ts.endPort() == 65535;
        if (ts.ipProtocol() == 0 && anyPort) return range;
        String ports = anyPort ? "" : "/" + (ts.startPort() == ts.endPort() ? ts.startPort() : ts.startPort() + "-" + ts.endPort());
        return range + "[" + protocol(ts.ipProtocol()) + ports + "]";
    }

    private static String protocol(int number) {
        return switch (number) {
            case 0 -> "any";
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "ipv6-icmp";
            default -> Integer.toString(number);
        };
    }

    private static Optional<String> prefix(InetAddress start, InetAddress end) {
        byte[] s = start.getAddress();
        byte[] e = end.getAddress();
        if (s.length != e.length) return Optional.empty();
        BigInteger first = new BigInteger(1, s);
        BigInteger size = new BigInteger(1, e).subtract(first).add(BigInteger.ONE);
        // A prefix: the size is a power of two and the start is aligned to it.
        if (size.signum() <= 0 || size.bitCount() != 1 || first.mod(size).signum() != 0) return Optional.empty();
        int length = s.length * 8 - size.bitLength() + 1;
        return Optional.of(address(start) + "/" + length);
    }
}
