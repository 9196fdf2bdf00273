package net.vpnaas.ike.bench;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.vpnaas.ike.cli.ConnectionFile;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.DefenceOptions;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.sasink.Endpoints;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficPolicy;
import net.vpnaas.ike.transport.UdpTransport;

/**
 * Our responder for the benchmark: {@link IkeEngine} on {@link UdpTransport}, configured from the same
 * connection file as {@code net.vpnaas.ike.cli.IkeMain}. Differences from IkeMain, each to match the
 * strongSwan side of the comparison: no COOKIE threshold, puzzles or half-open limits (charon runs with
 * {@code dos_protection = no}; 64 handshakes in flight from one address would pass our per-address
 * limit), warnings-only logging (charon logs at level 0), and a sink that counts Child SAs instead of
 * printing a line per SA. With a second argument {@code defended} it keeps the defences an agent runs
 * ({@link EngineOptions#DEFAULT}), for the flood benchmark. Prints {@code ready} once listening, answers
 * {@code list} on stdin.
 */
public final class EngineResponderMain {

    private EngineResponderMain() {}

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        var c = ConnectionFile.read(Path.of(args[0])).connection();
        CountingSink sink = new CountingSink();
        UdpTransport transport = new UdpTransport(c.local().getAddress(), c.local().getPort(), 4500);
        boolean defended = args.length > 1 && args[1].equals("defended");
        IkeEngine engine = new IkeEngine(transport, sink, RandomSource.secure(), defended ? EngineOptions.DEFAULT
                : EngineOptions.DEFAULT.withDefence(DefenceOptions.NONE).withCookieThreshold(Integer.MAX_VALUE));
        engine.addConnection(c);
        engine.start();
        System.out.println("ready " + transport.ikeAddress());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }));
        answerListRequests(engine, c.name(), sink);
        stopped.await();
    }

    /**
     * Each line "list" on stdin prints our IKE SAs, one line each ("IKE ispi rspi state CHILD in-spi ..."),
     * the sink's counts, the defence state ("defence level=... halfOpen=... cookies=... drops=..."), then
     * "end": how the bench learns from the responder itself that a handshake is established, how many
     * Child SAs it made and what its defences did.
     */
    private static void answerListRequests(IkeEngine engine, String connection, CountingSink sink) throws java.io.IOException {
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.strip().equals("list")) continue;
            for (var sa : engine.ikeSas(connection)) {
                StringBuilder sb = new StringBuilder(String.format("IKE %016x %016x %s CHILD", sa.initiatorSpi(), sa.responderSpi(), sa.state()));
                sa.children().forEach(ch -> sb.append(String.format(" %08x", ch.inboundSpi())));
                System.out.println(sb);
            }
            System.out.println("child SAs added " + sink.added.get() + ", deleted " + sink.deleted.get()
                    + "; datagrams dropped " + engine.droppedCount());
            var d = engine.defenceState();
            System.out.println("defence level=" + d.level() + " halfOpen=" + d.halfOpen() + " cookies=" + d.cookiesSent()
                    + " puzzles=" + d.puzzlesSent() + " drops=" + d.drops());
            System.out.println("end");
            System.out.flush();
        }
    }

    /** No data path: Child SAs are counted, as the generator's completed handshakes must be. */
    private static final class CountingSink implements SaSink {
        final AtomicLong added = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();

        @Override
        public void addChildSa(ChildSaInstall sa) {
            added.incrementAndGet();
        }

        @Override
        public void updateEndpoints(long inboundSpi, Endpoints endpoints) {
            // no data path to move
        }

        @Override
        public void deleteChildSa(long inboundSpi) {
            deleted.incrementAndGet();
        }

        @Override
        public void installPolicy(TrafficPolicy policy) {
            // no data path
        }

        @Override
        public void removePolicy(TrafficPolicy policy) {
            // no data path
        }

        @Override
        public void advanceOutboundSequence(long inboundSpi, long delta) {}

        @Override
        public void advanceReplayWindow(long inboundSpi, long delta) {}

        @Override
        public Optional<ChildSaUsage> usage(long inboundSpi) {
            return Optional.empty();
        }

        @Override
        public void setListener(SaEventListener listener) {
            // without a data path there are no expiries to report
        }
    }
}
