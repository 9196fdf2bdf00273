package net.vpnaas.agent;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import net.vpnaas.agent.config.ConfigException;
import net.vpnaas.agent.config.DataPathConfig;
import net.vpnaas.agent.config.StandaloneConfigLoader;
import net.vpnaas.agent.qkd.KmeSettings;
import net.vpnaas.agent.control.Backoff;
import net.vpnaas.agent.control.ControlPlaneClient;
import net.vpnaas.agent.enroll.AgentCredentials;
import net.vpnaas.agent.enroll.CredentialStore;
import net.vpnaas.agent.enroll.Enroller;
import net.vpnaas.agent.enroll.RenewableKeyManager;
import net.vpnaas.agent.localctl.CtlCommands;
import net.vpnaas.agent.localctl.LocalCtlServer;
import net.vpnaas.agent.logging.AgentLogging;
import net.vpnaas.agent.managed.ManagedGateway;
import net.vpnaas.agent.managed.RemoteAccessSessionReporter;
import net.vpnaas.agent.managed.TelemetryReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent under a control plane. The first start enrolls with a one-time token (trusting the
 * control plane's CA from {@code --ca-file}) and keeps the credentials in the state directory; later
 * starts reuse them. Then it holds one mTLS stream: snapshots in, ACK/NACK and telemetry out. The
 * certificate is renewed at two thirds of its life. Tunnels keep running on the last configuration
 * whenever the control plane is away. SIGTERM deletes the tunnels' SAs (IKE Deletes) and exits.
 *
 * <pre>
 * ManagedAgent --control-plane HOST:PORT --state-dir DIR
 *              [--enrollment-token-file FILE --ca-file CA.pem]   (first start only)
 *              [--server-name NAME] [--agent-name NAME]
 *              [--tun NAME] [--tun-mtu N] [--queues N] [--telemetry-seconds N]
 *              [--control-socket PATH]                           (default /run/vpnaas-agent/control.sock)
 *              [--qkd-file FILE]                                 (this gateway's QKD KME, README "QKD keys")
 * </pre>
 *
 * On the control socket ({@code bin/agent ctl}) it lists SAs, terminates and rekeys; initiate and
 * reload are refused, the control plane owns the configuration.
 */
public final class ManagedAgent {
    private static final Logger log = LoggerFactory.getLogger(ManagedAgent.class);
    static final int USAGE = 64;
    static final int ENROLLMENT_FAILED = 4;
    /** Sending without receiving for this long is reported (NO_INCOMING_PACKETS): DPD would not notice it. */
    private static final Duration QUIET_INBOUND = Duration.ofSeconds(30);
    static final int CONTROL_SOCKET_UNAVAILABLE = 5;
    // The token comes in a file, not as an argument: every local account can read a process's arguments.
    private static final Set<String> OPTIONS = Set.of("control-plane", "state-dir", "enrollment-token-file", "ca-file",
            "server-name", "agent-name", "tun", "tun-mtu", "queues", "telemetry-seconds", "control-socket", "qkd-file");

    private ManagedAgent() {}

    public static void main(String[] args) {
        AgentLogging.routeJavaUtilLogging();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) return usage(err, "unexpected '" + args[i] + "'");
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) return usage(err, "'" + args[args.length - 1] + "' needs a value");
        for (String k : opts.keySet()) {
            if (!OPTIONS.contains(k)) return usage(err, "unknown option --" + k);
        }
        if (!opts.containsKey("control-plane") || !opts.containsKey("state-dir")) {
            return usage(err, "--control-plane and --state-dir are required");
        }
        String target = opts.get("control-plane");
        int colon = target.lastIndexOf(':');
        if (colon < 1) return usage(err, "--control-plane must be HOST:PORT");
        String host = target.substring(0, colon);
        Optional<String> serverName = Optional.ofNullable(opts.get("server-name"));
        String agentName = opts.getOrDefault("agent-name", hostname());
        CredentialStore store = new CredentialStore(Path.of(opts.get("state-dir")));
        int port;
        DataPathConfig dataPath;
        Duration telemetryEvery;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
            dataPath = new DataPathConfig(opts.getOrDefault("tun", DataPathConfig.DEFAULT.tunName()),
                    Integer.parseInt(opts.getOrDefault("tun-mtu", Integer.toString(DataPathConfig.DEFAULT.tunMtu()))),
                    Integer.parseInt(opts.getOrDefault("queues", Integer.toString(DataPathConfig.DEFAULT.queues()))));
            telemetryEvery = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("telemetry-seconds", "5")));
        } catch (NumberFormatException e) {
            return usage(err, "not a number: " + e.getMessage());
        }
        KmeSettings qkd = null;
        if (opts.containsKey("qkd-file")) {
            try {
                qkd = StandaloneConfigLoader.loadKme(Path.of(opts.get("qkd-file")));
            } catch (ConfigException e) {
                return usage(err, "--qkd-file: " + e.getMessage());
            }
        }

        // Before enrolling (which spends the one-time token): an agent that cannot have its socket stops here.
        LocalCtlServer ctl;
        try {
            ctl = LocalCtlServer.bind(Path.of(opts.getOrDefault("control-socket", LocalCtlServer.DEFAULT_PATH.toString())));
        } catch (IOException e) {
            err.println("cannot open the control socket: " + e.getMessage());
            return CONTROL_SOCKET_UNAVAILABLE;
        }
        try {
            return enrollAndRun(opts, host, port, serverName, agentName, store, dataPath, qkd, telemetryEvery, ctl, out, err);
        } finally {
            ctl.close();
        }
    }

    /** Enrolls if not enrolled yet, then runs until a termination signal; the control socket is bound already. */
    private static int enrollAndRun(Map<String, String> opts, String host, int port, Optional<String> serverName,
                                    String agentName, CredentialStore store, DataPathConfig dataPath, KmeSettings qkd,
                                    Duration telemetryEvery, LocalCtlServer ctl, PrintStream out, PrintStream err) {
        AgentCredentials credentials;
        try {
            Optional<AgentCredentials> saved = store.load();
            if (saved.isPresent()) {
                credentials = saved.get();
            } else {
                if (!opts.containsKey("enrollment-token-file") || !opts.containsKey("ca-file")) {
                    return usage(err, "not enrolled yet: give --enrollment-token-file and --ca-file");
                }
                String token = Files.readString(Path.of(opts.get("enrollment-token-file"))).strip();
                ManagedChannel anonymous = channel(host, port, serverName, TlsChannelCredentials.newBuilder()
                        .trustManager(Path.of(opts.get("ca-file")).toFile()).build());
                try {
                    credentials = Enroller.enroll(anonymous, token, agentName);
                } finally {
                    anonymous.shutdownNow();
                }
                store.save(credentials);
                out.println("enrolled for gateway " + credentials.gatewayId());
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            err.println("enrollment failed: " + e.getMessage());
            return ENROLLMENT_FAILED;
        }

        ManagedChannel channel;
        RenewableKeyManager keys;
        try {
            keys = new RenewableKeyManager(credentials);
            channel = channel(host, port, serverName, TlsChannelCredentials.newBuilder()
                    .keyManager(keys).trustManager(trustManagers(credentials)).build());
        } catch (GeneralSecurityException e) {
            err.println("cannot use the saved credentials: " + e.getMessage());
            return ENROLLMENT_FAILED;
        }
        ManagedGateway gateway = new ManagedGateway(dataPath, qkd);
        ControlPlaneClient client = new ControlPlaneClient(channel, agentName, gateway,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        TelemetryReporter reporter = new TelemetryReporter(gateway::tunnelId, gateway::usage, client::sendTelemetry,
                telemetryEvery, QUIET_INBOUND, gateway::defenceState);
        gateway.reportTo(reporter);
        RemoteAccessSessionReporter sessions = new RemoteAccessSessionReporter(gateway::remoteAccessSessions, client::sendTelemetry,
                telemetryEvery);
        client.onStreamStarted(() -> {
            reporter.resendState();
            sessions.resend();
        });
        client.start();
        ctl.serve(CtlCommands.managed(gateway::runtime)::execute);
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("renewal").factory());
        scheduleRenewal(renewals, channel, agentName, store, keys, credentials);

        TerminationSignal signal = TerminationSignal.install();
        out.println("READY gateway " + credentials.gatewayId());
        out.flush();
        log.info("{}: stopping", signal.await());
        ctl.close();
        renewals.shutdownNow();
        client.close();
        reporter.close();
        sessions.close();
        gateway.close();
        channel.shutdownNow();
        log.info("stopped");
        return 0;
    }

    /** Renews at two thirds of the certificate's life; on failure retries (at most a minute apart) until it works. */
    private static void scheduleRenewal(ScheduledExecutorService timer, ManagedChannel channel, String agentName,
                                        CredentialStore store, RenewableKeyManager keys, AgentCredentials current) {
        long delay = Math.max(0, Duration.between(Instant.now(), current.renewAt()).toMillis());
        timer.schedule(() -> {
            try {
                AgentCredentials renewed = Enroller.renew(channel, agentName);
                store.save(renewed);
                keys.use(renewed);
                log.info("certificate renewed until {}", renewed.certificate().getNotAfter().toInstant());
                scheduleRenewal(timer, channel, agentName, store, keys, renewed);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                // Often enough to succeed soon after the control plane is back, well before expiry.
                Duration left = Duration.between(Instant.now(), current.certificate().getNotAfter().toInstant());
                Duration retry = Duration.ofMillis(Math.clamp(left.toMillis() / 10, 1_000, 60_000));
                log.warn("certificate renewal failed ({}); retrying in {} s", e.getMessage(), retry.toSeconds());
                timer.schedule(() -> scheduleRenewal(timer, channel, agentName, store, keys, current),
                        retry.toMillis(), TimeUnit.MILLISECONDS);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private static ManagedChannel channel(String host, int port, Optional<String> serverName, ChannelCredentials creds) {
        var builder = Grpc.newChannelBuilderForAddress(host, port, creds).keepAliveTime(30, TimeUnit.SECONDS);
        serverName.ifPresent(builder::overrideAuthority);
        return builder.build();
    }

    private static TrustManager[] trustManagers(AgentCredentials credentials) throws GeneralSecurityException {
        var store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (X509Certificate ca : credentials.caChain()) store.setCertificateEntry("ca" + i++, ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "agent";
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println("usage: ManagedAgent --control-plane HOST:PORT --state-dir DIR [--enrollment-token-file FILE --ca-file CA.pem]"
                + " [--server-name NAME] [--agent-name NAME] [--tun NAME] [--tun-mtu N] [--queues N] [--telemetry-seconds N]"
                + " [--control-socket PATH] [--qkd-file FILE]");
        return USAGE;
    }
}
