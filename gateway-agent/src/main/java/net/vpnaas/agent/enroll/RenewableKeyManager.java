package net.vpnaas.agent.enroll;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The agent's TLS key and certificate, replaceable while the channel lives: after a renewal,
 * new TLS handshakes (reconnects) present the new certificate, and nothing has to rebuild the gRPC
 * channel or the objects holding it. A client's towards the control plane; on a cluster's sync channel
 * (see {@code net.vpnaas.agent.cluster}) the member that listens presents it as a server.
 */
public final class RenewableKeyManager extends X509ExtendedKeyManager {
    private volatile X509KeyManager current;

    public RenewableKeyManager(AgentCredentials credentials) throws GeneralSecurityException {
        use(credentials);
    }

    public void use(AgentCredentials credentials) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        X509Certificate[] chain = new X509Certificate[1 + credentials.caChain().size()];
        chain[0] = credentials.certificate();
        for (int i = 0; i < credentials.caChain().size(); i++) chain[i + 1] = credentials.caChain().get(i);
        store.setKeyEntry("agent", credentials.key(), new char[0], chain);
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        current = (X509KeyManager) factory.getKeyManagers()[0];
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return current.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return current.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return current instanceof X509ExtendedKeyManager x
                ? x.chooseEngineClientAlias(keyType, issuers, engine) : current.chooseClientAlias(keyType, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return current.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return current instanceof X509ExtendedKeyManager x
                ? x.chooseEngineServerAlias(keyType, issuers, engine) : current.chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return current.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return current.getPrivateKey(alias);
    }
}
