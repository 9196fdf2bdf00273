package net.vpnaas.agent.qkd;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import net.vpnaas.ike.auth.PemFiles;
import net.vpnaas.ike.auth.PemFormatException;

/**
 * This gateway's key management entity, an agent-local setting (the standalone file's {@code qkd}
 * section): where it is, the client certificate and key this gateway (its SAE) authenticates with,
 * the CA of the KME's server certificate, how long a call may take and the size of the keys asked
 * for. Secrets stay on the gateway's machine: the control plane's API never carries them.
 */
public record KmeSettings(URI kmeUrl, String certificatePem, String privateKeyPem, String caCertificatePem,
                          Duration timeout, int keySizeBits) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** 256-bit keys: what a KME commonly serves and what AES-256 and the PRFs want. */
    public static final int DEFAULT_KEY_SIZE_BITS = 256;

    @Override
    public String toString() {
        return "KmeSettings[" + kmeUrl + ", timeout " + timeout + ", " + keySizeBits + "-bit keys]";
    }

    /** A client for this KME; refuses PEM it cannot read, naming what. */
    public KmeClient client() throws GeneralSecurityException, PemFormatException {
        return new KmeClient(kmeUrl, tls(certificatePem, privateKeyPem, caCertificatePem), timeout);
    }

    /** A TLS context that presents {@code certificatePem} with its key and trusts only the CAs in {@code caPem}. */
    public static SSLContext tls(String certificatePem, String privateKeyPem, String caPem)
            throws GeneralSecurityException, PemFormatException {
        List<X509Certificate> chain = PemFiles.certificates(certificatePem);
        PrivateKey key = PemFiles.privateKey(privateKeyPem);
        char[] password = new char[0];
        KeyStore keys = emptyStore();
        keys.setKeyEntry("client", key, password, chain.toArray(Certificate[]::new));
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, password);
        KeyStore trusted = emptyStore();
        int i = 0;
        for (X509Certificate ca : PemFiles.certificates(caPem)) trusted.setCertificateEntry("ca-" + i++, ca);
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(km.getKeyManagers(), tm.getTrustManagers(), null);
        return tls;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an empty key store reads nothing", e);
        }
        return store;
    }
}
