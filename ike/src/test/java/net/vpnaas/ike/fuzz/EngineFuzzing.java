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
import net.vpnaas.ike.exchange.RetransmitPolicy;
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

    /** The fuzzer cannot authenticate, so no Child SA can reach this sink. */
    static final class NoDataPath implements SaSink {
        @Override
        public void addChildSa(ChildSaInstall sa) {
            throw new IllegalStateException("a Child SA from fuzzed input: " + sa);
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
        public Optional<ChildSaUsage> usage(long inboundSpi) {
            return Optional.empty();
        }

        @Override
        public void setListener(SaEventListener listener) {}
    }
}
