package net.vpnaas.ike.interop;

import java.nio.file.Path;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.logging.Level;
import net.vpnaas.ike.cli.ConnectionFile;
import net.vpnaas.ike.cli.IkeMain;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.sa.AdditionalKeyExchange;
import net.vpnaas.ike.sa.ChildAlgorithms;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeAlgorithms;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.sasink.Endpoints;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficPolicy;
import net.vpnaas.ike.transport.UdpTransport;

/**
 * Our engine for one connection file, like {@code IkeMain}, that also prints its own view of the SAs
 * whenever it changes, as one {@code STATUS} line on stdout ({@link EngineStatus#parse} reads it):
 * every IKE SA with SPIs, state and algorithms, and its Child SAs with SPIs and algorithms (a key exchange
 * followed by RFC 9370 additional ones as {@code CURVE25519+ML_KEM_768}). The
 * interop tests compare that line with {@code swanctl --list-sas}, so "same SPIs and algorithms" is
 * checked against what the engine holds, not against what it logged while negotiating. An
 * {@code ESP_IN n} line counts the ESP-in-UDP datagrams that reached our NAT-T port so far.
 *
 * <p>A {@code rekey-child} line on stdin makes our side rekey its Child SAs at a moment the test chooses
 * ({@code rekey-ike} its IKE SA);
 * {@code expire-child} reports the hard limit of every Child SA, as a data path does when an SA's
 * lifetime ends (the engine then deletes them).
 */
public final class ReportingEngineMain {

    private ReportingEngineMain() {}

    public static void main(String[] args) throws Exception {
        IkeMain.configureLogging(Level.INFO);
        ConnectionFile file = ConnectionFile.read(Path.of(args[0]));
        var c = file.connection();
        UdpTransport transport = new UdpTransport(c.local().getAddress(), c.local().getPort(), file.options().nattPort());
        SilentSaSink sink = new SilentSaSink();
        IkeEngine engine = new IkeEngine(transport, sink, RandomSource.secure(), file.options());
        engine.addConnection(c);
        engine.start();
        System.out.println("LISTENING " + transport.ikeAddress());
        if (file.initiate()) engine.initiate(c.name());
        Thread.ofPlatform().daemon().name("commands").start(() -> readCommands(engine, sink, c.name()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.deleteIke(c.name());
            sleep(300); // let the Delete leave
            engine.close();
        }));
        String last = "";
        long espSeen = 0;
        while (true) {
            // ESP-in-UDP reaching our port 4500 (no data path here to decrypt it, the transport counts and drops it)
            if (transport.droppedNonIke() != espSeen) {
                espSeen = transport.droppedNonIke();
                System.out.println("ESP_IN " + espSeen);
            }
            Optional<String> now = status(engine.ikeSas(c.name()));
            if (now.isPresent() && !now.get().equals(last)) {
                last = now.get();
                System.out.println("STATUS " + last);
                System.out.flush();
            }
            sleep(25);
        }
    }

    /**
     * The SAs live on their mailbox threads; this observer reads them from outside, so a snapshot taken
     * while a Child SA is being added can fail or be half-updated. It is simply retaken on the next tick.
     */
    /** The key exchange and the RFC 9370 additional ones after it, e.g. {@code CURVE25519+ML_KEM_768}. */
    private static String keyExchanges(KeyExchangeMethod first, List<AdditionalKeyExchange> additional) {
        StringJoiner all = new StringJoiner("+");
        all.add(first.name());
        additional.forEach(x -> all.add(x.method().name()));
        return all.toString();
    }

    private static Optional<String> status(List<IkeSa> sas) {
        try {
            StringJoiner all = new StringJoiner(" ; ", "[", "]");
            for (IkeSa sa : sas) {
                IkeAlgorithms a = sa.algorithms();
                StringJoiner children = new StringJoiner(",");
                for (ChildSa ch : List.copyOf(sa.children())) {
                    ChildAlgorithms ca = ch.algorithms();
                    children.add("%08x/%08x/%s/%d/%s/%s/%s".formatted(ch.inboundSpi(), ch.outboundSpi(),
                            ca.cipher().algorithm(), ca.cipher().keyBits(), ca.integrity() == null ? "NONE" : ca.integrity(),
                            ca.pfsGroup() == null ? "NONE" : keyExchanges(ca.pfsGroup(), ca.additional()), ch.state()));
                }
                all.add("%016x %016x %s %s %s %d %s %s %s {%s}".formatted(sa.initiatorSpi(), sa.responderSpi(), sa.state(),
                        sa.originalInitiator() ? "I" : "R",
                        a == null ? "NONE" : a.cipher().algorithm(), a == null ? 0 : a.cipher().keyBits(),
                        a == null || a.integrity() == null ? "NONE" : a.integrity(), a == null ? "NONE" : a.prf(),
                        a == null ? "NONE" : keyExchanges(a.keyExchange(), a.additional()), children));
            }
            return Optional.of(all.toString());
        } catch (ConcurrentModificationException | NullPointerException | IndexOutOfBoundsException raced) {
            return Optional.empty();
        }
    }

    private static void readCommands(IkeEngine engine, SilentSaSink sink, String name) {
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                switch (line.strip()) {
                    case "rekey-child" -> engine.rekeyChildren(name);
                    case "rekey-ike" -> engine.rekeyIke(name);
                    case "expire-child" -> sink.expireAll();
                    default -> System.out.println("UNKNOWN COMMAND " + line);
                }
            }
        } catch (java.io.IOException e) {
            System.out.println("COMMANDS CLOSED " + e);
        }
    }

    /**
     * No data path here: Child SAs are visible through the STATUS lines. It keeps their inbound SPIs
     * only to report their hard limit when told to.
     */
    static final class SilentSaSink implements SaSink {
        private final java.util.Set<Long> installed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private volatile SaEventListener listener;

        void expireAll() {
            for (long spi : List.copyOf(installed)) listener.expired(spi, SaEventListener.Limit.HARD);
        }

        @Override
        public void addChildSa(ChildSaInstall sa) {
            installed.add(sa.inbound().spi());
        }

        @Override
        public void updateEndpoints(long inboundSpi, Endpoints endpoints) {}

        @Override
        public void deleteChildSa(long inboundSpi) {
            installed.remove(inboundSpi);
        }

        @Override
        public void installPolicy(TrafficPolicy policy) {}

        @Override
        public void removePolicy(TrafficPolicy policy) {}

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
            this.listener = listener;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
