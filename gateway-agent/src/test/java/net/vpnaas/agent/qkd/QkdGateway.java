package net.vpnaas.agent.qkd;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.vpnaas.agent.config.StandaloneConfig;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import net.vpnaas.agent.wiring.EngineConnections;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.engine.EngineEvent;
import net.vpnaas.ike.engine.EngineOptions;
import net.vpnaas.ike.engine.IkeEngine;
import net.vpnaas.ike.engine.IkeSaView;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.ChildSaUsage;
import net.vpnaas.ike.sasink.Endpoints;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficPolicy;
import net.vpnaas.ike.transport.UdpTransport;

/**
 * One gateway of a QKD test: a standalone config file's text, read by the agent's loader, mapped by
 * the agent's {@link EngineConnections} (with its KME from the file's {@code qkd} section), run by an
 * {@link IkeEngine} over a real UDP socket on a loopback address; no data path (the Child SAs are
 * recorded). The file names documentation addresses, which the sockets' real ones replace.
 */
final class QkdGateway implements AutoCloseable {
    final UdpTransport transport;
    final IkeEngine engine;
    final List<ChildSaInstall> installed = new ArrayList<>();
    final Set<Long> deleted = new HashSet<>();
    final List<EngineEvent> events = new ArrayList<>();
    final String tunnel;
    /** The tunnel as the agent maps it (the file's addresses). */
    final ConnectionConfig connection;

    /**
     * @param file the config file's JSON (one tunnel, whose peer's address is {@code peerInFile})
     */
    QkdGateway(InetAddress socket, String file, String peerInFile) throws Exception {
        StandaloneConfig config = StandaloneConfigLoader.parse(file, Path.of("/"), "test");
        var t = config.configuration().resolvedTunnels().getFirst();
        var mapped = EngineConnections.of(config.configuration().gateway(), t, InetAddress.ofLiteral(peerInFile));
        mapped = EngineConnections.withQkd(mapped, config.qkd() == null ? null : config.qkd().client(),
                config.qkd() == null ? 0 : config.qkd().keySizeBits());
        this.tunnel = t.name();
        this.connection = mapped.connection();
        this.transport = new UdpTransport(socket, 0, 0);
        this.engine = new IkeEngine(transport, new Sink(), RandomSource.secure(),
                EngineOptions.DEFAULT.withNattPort(transport.nattAddress().getPort()));
        engine.onEvent(e -> {
            synchronized (events) {
                events.add(e);
            }
        });
    }

    /** Adds the tunnel, talking to {@code peer}'s socket, and starts receiving. */
    void start(QkdGateway peer) {
        ConnectionConfig c = connection;
        engine.addConnection(new ConnectionConfig(c.name(), transport.ikeAddress(), peer.transport.ikeAddress(), c.localId(),
                c.remoteId(), c.authentication(), c.ikeProposals(), c.espProposals(), c.localSelectors(), c.remoteSelectors(),
                c.lifetimes(), c.dpd(), c.retransmit(), c.natTraversal(), c.fragmentSize(), c.ppk(), c.qkd()));
        engine.start();
    }

    InetSocketAddress ikeAddress() {
        return transport.ikeAddress();
    }

    Optional<IkeSaView> ikeSa() {
        return engine.saViews(tunnel, Duration.ofSeconds(2)).stream().findFirst();
    }

    synchronized int childSasInstalled() {
        return installed.size();
    }

    synchronized List<ChildSaInstall> current() {
        return installed.stream().filter(c -> !deleted.contains(c.inbound().spi())).toList();
    }

    List<EngineEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() {
        engine.close();
        transport.close();
    }

    /** Records the Child SAs the engine would hand to the data path. */
    private final class Sink implements SaSink {
        @Override
        public void addChildSa(ChildSaInstall sa) {
            synchronized (QkdGateway.this) {
                installed.add(sa);
            }
        }

        @Override
        public void updateEndpoints(long inboundSpi, Endpoints endpoints) {}

        @Override
        public void deleteChildSa(long inboundSpi) {
            synchronized (QkdGateway.this) {
                deleted.add(inboundSpi);
            }
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
        public void setListener(SaEventListener listener) {}
    }

    /**
     * A gateway's config file: its name, the peer's, the SAE ID of the peer, the fallback, the KME
     * settings (URL and PEM file names), and the Child SA rekey time.
     */
    static String file(String self, String selfAddress, String peer, String peerAddress, String peerSae, String fallback,
                       StandInKmeFiles kme, int childRekeySeconds) {
        return """
                {"gateway": {"name": "%1$s", "ikeIdentity": "%1$s.example", "publicAddresses": ["%2$s"]},
                 "peers": [{"name": "%3$s", "address": "%4$s", "ikeIdentity": "%3$s.example",
                            "auth": {"type": "psk", "psk": "a-long-enough-test-psk"},
                            "qkd": {"saeId": "%5$s", "fallback": "%6$s"}}],
                 "cryptoPolicies": [{"name": "qkd", "ikeProposals": ["aes256gcm16-prfsha384-x25519-ke1_qkd"],
                                     "espProposals": ["aes256gcm16"], "pfsGroup": "qkd",
                                     "childLifetimeSeconds": 300, "childRekeySeconds": %7$d, "rekeyFuzzPercent": 0}],
                 "tunnels": [{"name": "to-%3$s", "peer": "%3$s", "cryptoPolicy": "qkd",
                              "localTrafficSelectors": ["%8$s"], "remoteTrafficSelectors": ["%9$s"]}],
                 "qkd": {"kmeUrl": "%10$s", "certificateFile": "%11$s", "privateKeyFile": "%12$s",
                         "caCertificateFile": "%13$s", "timeoutMillis": 3000}}
                """.formatted(self, selfAddress, peer, peerAddress, peerSae, fallback, childRekeySeconds,
                self.equals("a") ? "10.1.0.0/16" : "10.2.0.0/16", self.equals("a") ? "10.2.0.0/16" : "10.1.0.0/16",
                kme.url(), kme.certificate(), kme.key(), kme.ca());
    }

    /** Where a gateway's KME is and the PEM files it authenticates with. */
    record StandInKmeFiles(String url, String certificate, String key, String ca) {}
}
