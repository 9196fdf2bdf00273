package net.vpnaas.api.agent;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.agent.ca.TlsKeyMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the agent gRPC server with this replica's lifecycle: a fresh server certificate from the
 * shared CA, client certificates optional at the TLS layer (enrollment has none) and required by
 * {@link GatewayIdentityInterceptor} for everything else, LISTEN for changes (from any replica,
 * this one included) with snapshot builds on the {@link GatewayPushQueue}, and keepalives on idle streams.
 */
public final class AgentEndpoint implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AgentEndpoint.class);

    private final AgentEndpointProperties props;
    private final AgentCertificateAuthority ca;
    private final AgentService service;
    private final AgentStreams streams;
    private final DataSource dataSource;
    // Created anew on each start: Spring may stop and restart this bean (e.g. paused test contexts).
    private GatewayChangeListener listener;
    private GatewayPushQueue pushes;
    private ScheduledExecutorService timer;
    private Server server;

    public AgentEndpoint(AgentEndpointProperties props, AgentCertificateAuthority ca, AgentService service,
                         AgentStreams streams, DataSource dataSource) {
        this.props = props;
        this.ca = ca;
        this.service = service;
        this.streams = streams;
        this.dataSource = dataSource;
    }

    @Override
    public void start() {
        try {
            KeyPair keys = AgentCertificateAuthority.newP256KeyPair();
            X509Certificate cert = ca.issueServerCertificate(keys.getPublic(), props.hostnames(), Duration.ofDays(30));
            var credentials = TlsServerCredentials.newBuilder()
                    .keyManager(TlsKeyMaterial.keyManagers(keys.getPrivate(), cert, ca.caCertificate()))
                    .trustManager(TlsKeyMaterial.trustManagers(ca.caCertificate()))
                    .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
                    .build();
            pushes = new GatewayPushQueue(props.pushThreads(), streams::gatewayChanged);
            listener = new GatewayChangeListener(dataSource, pushes::changed, () -> streams.connectedGateways().forEach(pushes::changed));
            listener.start();
            server = Grpc.newServerBuilderForPort(props.port(), credentials)
                    .addService(ServerInterceptors.intercept(service, new GatewayIdentityInterceptor()))
                    .permitKeepAliveTime(10, TimeUnit.SECONDS)
                    .build().start();
            long every = props.keepalive().toMillis();
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("agent-keepalive").factory());
            timer.scheduleAtFixedRate(streams::keepaliveAll, every, every, TimeUnit.MILLISECONDS);
            log.info("agent endpoint listening on port {} (TLS, names {})", server.getPort(), props.hostnames());
        } catch (GeneralSecurityException | SQLException e) {
            throw new IllegalStateException("cannot start the agent endpoint", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void stop() {
        if (timer != null) timer.shutdownNow();
        if (listener != null) listener.close();
        if (pushes != null) pushes.close();
        if (server != null) server.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return server != null && !server.isShutdown();
    }
}
