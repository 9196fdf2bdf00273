package net.vpnaas.agent.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import net.vpnaas.agent.enroll.AgentCredentials;
import net.vpnaas.agent.enroll.RenewableKeyManager;

/**
 * TLS 1.3 with mutual authentication between the agents of one gateway, by the certificates they hold for
 * the control plane ({@link AgentCredentials}): each side presents its own and accepts the other's only as
 * {@link GatewayPeerTrust} says. A renewed certificate is taken by {@link #use} for the next handshakes.
 */
public final class SyncTls {
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    private final RenewableKeyManager keys;
    private final SSLContext context;

    public SyncTls(AgentCredentials credentials) throws GeneralSecurityException {
        keys = new RenewableKeyManager(credentials);
        context = SSLContext.getInstance("TLSv1.3");
        context.init(new javax.net.ssl.KeyManager[] {keys},
                new javax.net.ssl.TrustManager[] {new GatewayPeerTrust(credentials.gatewayId(), credentials.caChain())}, null);
    }

    public void use(AgentCredentials renewed) throws GeneralSecurityException {
        keys.use(renewed);
    }

    SSLServerSocket listen(InetSocketAddress address) throws IOException {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.bind(address);
        server.setEnabledProtocols(PROTOCOLS);
        server.setNeedClientAuth(true);
        return server;
    }

    /** Connects and completes the handshake (which fails for a member of another gateway). */
    SSLSocket connect(InetSocketAddress address, Duration timeout) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.connect(address, (int) timeout.toMillis());
            socket.setEnabledProtocols(PROTOCOLS);
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
