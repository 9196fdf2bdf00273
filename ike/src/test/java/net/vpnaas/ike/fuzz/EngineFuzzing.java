package net.vpnaas.ike.fuzz;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.vpnaas.ike.cli.IdentityText;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.DeadPeerDetection;
import net.vpnaas.ike.config.Lifetimes;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.engine.ScriptedInitiator;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.PayloadProtector;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.sasink.Endpoints;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficPolicy;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.ike.transport.Datagram;
import net.vpnaas.ike.transport.Transport;

/**
 * What the fuzz targets over a real engine share: quiet logs in which an exception of an IKE SA job
 * becomes a finding, a transport that only records, a data path no Child SA may reach, and the
 * connection "fuzz" between two addresses.
 */
final class EngineFuzzing {
    private static final AtomicReference<Throwable> JOB_FAILURE = new AtomicReference<>();
    static final AtomicLong JOB_FAILURES = new AtomicLong();

    private EngineFuzzing() {}

    /** The engine logs every message at INFO and negotiation failures at WARNING: keep only what a finding is. */
    static void quietLogsCatchingJobFailures() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getThrown() != null) {
                    JOB_FAILURES.incrementAndGet();
                    JOB_FAILURE.compareAndSet(null, r.getThrown());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        Logger.getLogger("net.vpnaas.ike").setLevel(Level.WARNING);
    }

    /** Throws if an IKE SA job failed with an exception since the last call (on an earlier input). */
    static void rethrowJobFailure() {
        Throwable failed = JOB_FAILURE.getAndSet(null);
        if (failed != null) throw new IllegalStateException("an IKE SA job failed (on an earlier input)", failed);
    }

    static ConnectionConfig config(String proposals, InetAddress local, InetAddress remote, String localId, String remoteId,
                                   String ls, String le, String rs, String re) {
        return new ConnectionConfig("fuzz", new InetSocketAddress(local, 500), new InetSocketAddress(remote, 500),
                IdentityText.parse(localId), IdentityText.parse(remoteId), "fuzzing is not a secret".getBytes(StandardCharsets.UTF_8),
                List.of(ProposalParser.ike(proposals)), List.of(ProposalParser.esp("aes256gcm16")),
                List.of(new TrafficSelector(InetAddress.ofLiteral(ls), InetAddress.ofLiteral(le), 0, 0, 65535)),
                List.of(new TrafficSelector(InetAddress.ofLiteral(rs), InetAddress.ofLiteral(re), 0, 0, 65535)),
                Lifetimes.NEVER, DeadPeerDetection.OFF, new RetransmitPolicy(Duration.ofMillis(500), 2, 1));
    }

    /**
     * After the responder counted a drop, how long an answer may still follow: a request that breaks the
     * payload rules is counted as dropped and then answered with INVALID_SYNTAX in the same job.
     */
    private static final Duration SILENCE = Duration.ofMillis(5);

    /** The responder's answer to a scripted request, or null once it dropped the request (or stayed silent for {@code wait}). */
    static Datagram awaitAnswer(ScriptedInitiator initiator, IkeEngine responder, long droppedBefore, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long silentSince = -1;
        while (System.nanoTime() < deadline) {
            Datagram d = initiator.answer(Duration.ofMillis(1));
            if (d != null) return d;
            if (responder.droppedCount() != droppedBefore) {
                if (silentSince < 0) silentSince = System.nanoTime();
                if (System.nanoTime() - silentSince > SILENCE.toNanos()) return null;
            }
        }
        return null;
    }

    /** Protects {@code chain} as the inner payloads, whatever they are, under an SK header naming {@code firstType}. */
    static PayloadProtector rawChainProtector(PayloadProtector protector, int firstType, byte[] chain) {
        return new PayloadProtector() {
            @Override
            public int protectedLength(int ignored) {
                return protector.protectedLength(chain.length);
            }

            @Override
            public void protect(byte[] message, int contentOffset, Bytes ignored) {
                message[contentOffset - 4] = (byte) firstType; // the SK header's next payload, before it is authenticated
                protector.protect(message, contentOffset, Bytes.wrap(chain));
            }
        };
    }

    /** Delivers nothing: everything the engine sends goes to {@code sent}. */
    record RecordingTransport(Consumer<Datagram> sent) implements Transport {
        @Override
        public void start(Consumer<Datagram> receiver) {}

        @Override
        public void send(Datagram datagram) {
            sent.accept(datagram);
        }

        @Override
        public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {}

        @Override
        public void close() {}
    }

    /**
     * No data path. Where the fuzzer cannot authenticate no Child SA may reach it; a target whose scripted
     * initiator authenticates first ({@link #acceptingChildren}) may set some up, and they go nowhere.
     */
    static final class NoDataPath implements SaSink {
        private final boolean childrenExpected;

        NoDataPath() {
            this(false);
        }

        private NoDataPath(boolean childrenExpected) {
            this.childrenExpected = childrenExpected;
        }

        static NoDataPath acceptingChildren() {
            return new NoDataPath(true);
        }

        @Override
        public void addChildSa(ChildSaInstall sa) {
            if (!childrenExpected) throw new IllegalStateException("a Child SA from fuzzed input: " + sa);
        }

        @Override
        public void updateEndpoints(long inboundSpi, Endpoints endpoints) {}

        @Override
        public void deleteChildSa(long inboundSpi) {}

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
        public void setListener(SaEventListener listener) {}
    }
}
