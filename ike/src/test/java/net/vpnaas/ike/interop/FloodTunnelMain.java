package net.vpnaas.ike.interop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import net.vpnaas.ike.cli.IdentityText;
import net.vpnaas.ike.cli.IkeMain;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.DefenceState;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.ike.transport.UdpTransport;

/**
 * One side of {@link SpoofedFloodInteropTest}, on real UDP in a namespace: {@code n} tunnels
 * {@code t0..t<n-1>}, each its own IKE SA with its own initiator identity.
 * <ul>
 *   <li>{@code respond <local> <n>}: a gateway accepting the tunnels from any address (so a spoofed
 *       IKE_SA_INIT from anywhere is a candidate and meets the defences), printing its
 *       {@link DefenceState} as one {@code DEFENCE} line a second;</li>
 *   <li>{@code initiate <local> <remote> <n> <millis>}: sets all tunnels up at once and prints
 *       {@code UP t<i> <ms>} for each IKE SA established, then {@code RESULT up=<k> of=<n> within=<millis>}.</li>
 * </ul>
 */
public final class FloodTunnelMain {
    static final String PROPOSALS = "aes256gcm16-prfsha256-x25519";

    private FloodTunnelMain() {}

    public static void main(String[] args) throws Exception {
        IkeMain.configureLogging(Level.WARNING);
        boolean respond = args[0].equals("respond");
        InetAddress local = InetAddress.ofLiteral(args[1]);
        InetAddress remote = respond ? InetAddress.ofLiteral("0.0.0.0") : InetAddress.ofLiteral(args[2]);
        int n = Integer.parseInt(respond ? args[2] : args[3]);
        UdpTransport transport = new UdpTransport(local, 500, 4500);
        IkeEngine engine = new IkeEngine(transport, new ReportingEngineMain.SilentSaSink(), RandomSource.secure(), EngineOptions.DEFAULT);
        for (int i = 0; i < n; i++) engine.addConnection(tunnel(i, local, remote, respond));
        engine.start();
        System.out.println("LISTENING " + transport.ikeAddress());
        System.out.flush();
        if (respond) {
            while (true) {
                DefenceState s = engine.defenceState();
                System.out.printf("DEFENCE level=%s difficulty=%d halfOpen=%d cookies=%d puzzles=%d drops=%s%n", s.level(), s.difficulty(),
                        s.halfOpen(), s.cookiesSent(), s.puzzlesSent(), s.drops());
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
                "flood test secret".getBytes(StandardCharsets.UTF_8), List.of(ProposalParser.ike(PROPOSALS)),
                List.of(ProposalParser.esp("aes256gcm16")), new ArrayList<>(respond ? responderNet : initiatorNet),
                new ArrayList<>(respond ? initiatorNet : responderNet), Lifetimes.NEVER, DeadPeerDetection.OFF,
                new RetransmitPolicy(Duration.ofMillis(500), 1.5, 8));
    }
}
