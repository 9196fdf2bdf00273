package net.vpnaas.ike.interop;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.vpnaas.ike.cli.IdentityText;
import net.vpnaas.ike.cli.IkeMain;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.DefenceOptions;
import net.vpnaas.ike.engine.DefenceState;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.ike.task.IkeInitTask;
import net.vpnaas.ike.transport.Transport;
import net.vpnaas.ike.transport.UdpTransport;

/**
 * One side of {@link SpoofedFloodInteropTest}, on real UDP in a namespace: {@code n} tunnels
 * {@code t0..t<n-1>}, each its own IKE SA with its own initiator identity.
 * <ul>
 *   <li>{@code respond <local> <n> [<local6>]}: a gateway accepting the tunnels from any address, on
 *       {@code local} and, if given, on the IPv6 address {@code local6} too (so a spoofed
 *       IKE_SA_INIT from anywhere is a candidate and meets the defences), printing its
 *       {@link DefenceState} and its memory as one {@code DEFENCE} line a second: {@code live=} the heap
 *       in use right after a collection (what the flood makes it keep), {@code rss=} the process's
 *       resident memory, both in MiB. It demands puzzles from {@link #GATEWAY_OPTIONS}' threshold on,
 *       which the spoofed requests alone reach;</li>
 *   <li>{@code initiate <local> <remote> <n> <millis>}: sets all tunnels up at once and prints
 *       {@code UP t<i> <ms>} for each IKE SA established, then {@code RESULT up=<k> of=<n> within=<millis>}.</li>
 * </ul>
 */
public final class FloodTunnelMain {
    static final String PROPOSALS = "aes256gcm16-prfsha256-x25519";
    /** The PSK of every tunnel. */
    static final String SECRET = "flood test secret";
    /**
     * The defaults, except: puzzles from the COOKIE threshold (50 half-open) on, so that the half-open
     * IKE SAs the spoofed requests create before the COOKIE starts already put the gateway at PUZZLES;
     * and half-open IKE SAs time out after 5 s instead of 30, so the test sees them go after the flood.
     */
    static final EngineOptions GATEWAY_OPTIONS = new EngineOptions(4500, 50, Duration.ofSeconds(5))
            .withDefence(new DefenceOptions(50, 1000, 2000, 50, 200, 8, 20, 100, 20, Duration.ofMinutes(5), 5, Duration.ofSeconds(12)));

    private FloodTunnelMain() {}

    public static void main(String[] args) throws Exception {
        boolean respond = args[0].equals("respond");
        IkeMain.configureLogging(Level.WARNING);
        // The initiator says when it solved a puzzle (the test checks that ours did, strongSwan cannot).
        if (!respond) Logger.getLogger(IkeInitTask.class.getName()).setLevel(Level.INFO);
        InetAddress local = InetAddress.ofLiteral(args[1]);
        InetAddress remote = respond ? InetAddress.ofLiteral("0.0.0.0") : InetAddress.ofLiteral(args[2]);
        int n = Integer.parseInt(respond ? args[2] : args[3]);
        UdpTransport transport = new UdpTransport(local, 500, 4500);
        Transport both = respond && args.length > 3
                ? new TwoFamilyTransport(transport, new UdpTransport(InetAddress.ofLiteral(args[3]), 500, 4500)) : transport;
        IkeEngine engine = new IkeEngine(both, new ReportingEngineMain.SilentSaSink(), RandomSource.secure(),
                respond ? GATEWAY_OPTIONS : EngineOptions.DEFAULT);
        for (int i = 0; i < n; i++) engine.addConnection(tunnel(i, local, remote, respond));
        engine.start();
        System.out.println("LISTENING " + transport.ikeAddress());
        System.out.flush();
        if (respond) {
            while (true) {
                DefenceState s = engine.defenceState();
                System.out.printf("DEFENCE level=%s difficulty=%d halfOpen=%d cookies=%d puzzles=%d live=%d rss=%d drops=%s%n", s.level(),
                        s.difficulty(), s.halfOpen(), s.cookiesSent(), s.puzzlesSent(), liveHeapMiB(), rssMiB(), s.drops());
                System.out.flush();
                Thread.sleep(1000);
            }
        }
        long within = Long.parseLong(args[4]);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) engine.initiate("t" + i);
        boolean[] up = new boolean[n];
        int count = 0;
        while (count < n && System.nanoTime() - start < within * 1_000_000) {
            for (int i = 0; i < n; i++) {
                if (!up[i] && engine.ikeSas("t" + i).stream().anyMatch(sa -> sa.state() == IkeSa.State.ESTABLISHED)) {
                    up[i] = true;
                    count++;
                    System.out.printf("UP t%d %d%n", i, (System.nanoTime() - start) / 1_000_000);
                }
            }
            Thread.sleep(10);
        }
        System.out.printf("RESULT up=%d of=%d within=%d%n", count, n, within);
        System.out.flush();
        engine.close();
        System.exit(0);
    }

    /**
     * The heap in use right after a collection, MiB: what the gateway keeps alive (half-open IKE SAs and
     * all), not the garbage it has yet to collect. One explicit collection a second costs the test's
     * gateway a few milliseconds of its core.
     */
    private static long liveHeapMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    /** VmRSS from /proc/self/status, MiB. */
    private static long rssMiB() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
        }
        return -1;
    }

    /** Tunnel {@code i}: the initiator is {@code @t<i>.initiator.example}, each with its own inner /24. */
    private static ConnectionConfig tunnel(int i, InetAddress local, InetAddress remote, boolean respond) {
        String initiatorId = "@t" + i + ".initiator.example";
        String responderId = "@responder.example";
        List<TrafficSelector> initiatorNet = List.of(new TrafficSelector(InetAddress.ofLiteral("10.1." + i + ".0"),
                InetAddress.ofLiteral("10.1." + i + ".255"), 0, 0, 65535));
        List<TrafficSelector> responderNet = List.of(new TrafficSelector(InetAddress.ofLiteral("10.2.0.0"),
                InetAddress.ofLiteral("10.2.255.255"), 0, 0, 65535));
        return new ConnectionConfig("t" + i, new InetSocketAddress(local, 500), new InetSocketAddress(remote, 500),
                IdentityText.parse(respond ? responderId : initiatorId), IdentityText.parse(respond ? initiatorId : responderId),
                SECRET.getBytes(StandardCharsets.UTF_8), List.of(ProposalParser.ike(PROPOSALS)),
                List.of(ProposalParser.esp("aes256gcm16")), new ArrayList<>(respond ? responderNet : initiatorNet),
                new ArrayList<>(respond ? initiatorNet : responderNet), Lifetimes.NEVER, DeadPeerDetection.OFF,
                new RetransmitPolicy(Duration.ofMillis(500), 1.5, 8));
    }
}
