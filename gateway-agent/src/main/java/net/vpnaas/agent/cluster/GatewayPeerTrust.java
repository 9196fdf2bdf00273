package net.vpnaas.agent.cluster;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Who may join a gateway's sync channel, checked in both directions: a certificate our control plane's CA
 * signed for an agent (client authentication in its extended key usage) whose only identity, the URI
 * {@code urn:vpnaas:gateway:<id>} (as the api-server's {@code GatewayIdentity} writes it), names our
 * gateway. An agent of another gateway, or any other certificate of that CA, is refused in the handshake.
 *
 * <p>Agent certificates carry client authentication only, so the member that listens presents one as a TLS
 * server: this check replaces the JDK's (which would want server authentication), it does not add to it.
 */
final class GatewayPeerTrust extends X509ExtendedTrustManager {
    static final String GATEWAY_URI_PREFIX = "urn:vpnaas:gateway:";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int URI_NAME = 6;

    private final UUID gatewayId;
    private final Set<TrustAnchor> anchors;
    private final X509Certificate[] accepted;

    GatewayPeerTrust(UUID gatewayId, List<X509Certificate> caChain) {
        if (caChain.isEmpty()) throw new IllegalArgumentException("no CA certificate");
        this.gatewayId = gatewayId;
        this.anchors = caChain.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
        this.accepted = caChain.toArray(X509Certificate[]::new);
    }

    /** The gateway an agent certificate is for, if it names one. */
    static Optional<UUID> gatewayIdOf(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) return Optional.empty();
        for (List<?> name : names) {
            if (name.size() == 2 && Integer.valueOf(URI_NAME).equals(name.get(0)) && name.get(1) instanceof String uri
                    && uri.startsWith(GATEWAY_URI_PREFIX)) {
                try {
                    return Optional.of(UUID.fromString(uri.substring(GATEWAY_URI_PREFIX.length())));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) throw new CertificateException("no certificate");
        X509Certificate leaf = chain[0];
        List<String> usages = leaf.getExtendedKeyUsage();
        if (usages == null || !usages.contains(CLIENT_AUTH)) throw new CertificateException("not an agent certificate (no clientAuth usage)");
        Optional<UUID> id = gatewayIdOf(leaf);
        if (id.isEmpty()) throw new CertificateException("the certificate names no gateway");
        if (!id.get().equals(gatewayId)) throw new CertificateException("an agent of gateway " + id.get() + ", not of " + gatewayId);
        List<X509Certificate> path = Arrays.stream(chain).filter(c -> anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c))).toList();
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false); // short-lived certificates instead, as on the control-plane stream
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("not signed by our control plane's CA: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return accepted.clone();
    }
}
