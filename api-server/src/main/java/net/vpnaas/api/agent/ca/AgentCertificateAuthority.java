package net.vpnaas.api.agent.ca;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.vpnaas.api.agent.GatewayIdentity;
import net.vpnaas.api.pki.IssuingCa;
import net.vpnaas.api.pki.Pem;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The control plane's CA for agent connections. It signs short-lived client certificates whose
 * only identity is the gateway id (a URI subjectAltName), so a certificate can never be presented
 * for another gateway, and the server certificate of the agent endpoint.
 */
public final class AgentCertificateAuthority {
    private final IssuingCa ca;
    private final Clock clock;

    public AgentCertificateAuthority(IssuingCa ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    /** A new CA with a fresh P-256 key, valid for ten years. */
    public static AgentCertificateAuthority create(String name, Clock clock) throws GeneralSecurityException {
        Instant now = clock.instant();
        return new AgentCertificateAuthority(IssuingCa.create(new X500Name("CN=" + name), now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(3650))), clock);
    }

    public static KeyPair newP256KeyPair() throws GeneralSecurityException {
        return IssuingCa.newP256KeyPair();
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** The CA certificate as PEM, for agents to trust before they enroll. */
    public String caCertificatePem() {
        return Pem.certificate(ca.certificate());
    }

    /** For {@link AgentCaStore}, which keeps it encrypted. */
    byte[] privateKeyPkcs8() {
        return ca.privateKeyPkcs8();
    }

    /**
     * Signs a client certificate for the gateway. The CSR must carry a valid self-signature (proof
     * that the agent holds the key); its subject is ignored: the identity is ours to set.
     */
    public X509Certificate issueAgentCertificate(byte[] csrDer, UUID gatewayId, Duration lifetime)
            throws InvalidCsrException, GeneralSecurityException {
        PublicKey key = verifiedCsrKey(csrDer);
        GeneralNames sans = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, GatewayIdentity.uriFor(gatewayId)));
        return issue(new X500Name("CN=gateway " + gatewayId), key, lifetime, sans, KeyPurposeId.id_kp_clientAuth);
    }

    /** The TLS server certificate of the agent endpoint, for the given host names and addresses. */
    public X509Certificate issueServerCertificate(PublicKey key, List<String> hosts, Duration lifetime) throws GeneralSecurityException {
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            names.add(looksLikeAddress(host) ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host));
        }
        return issue(new X500Name("CN=" + hosts.getFirst()), key, lifetime,
                new GeneralNames(names.toArray(GeneralName[]::new)), KeyPurposeId.id_kp_serverAuth);
    }

    private X509Certificate issue(X500Name subject, PublicKey key, Duration lifetime, GeneralNames sans, KeyPurposeId purpose)
            throws GeneralSecurityException {
        Instant now = clock.instant();
        // a minute of slack for agents whose clock runs slightly behind ours
        return ca.issue(subject, key, now.minus(Duration.ofMinutes(1)), now.plus(lifetime), sans, purpose);
    }

    private static PublicKey verifiedCsrKey(byte[] csrDer) throws InvalidCsrException {
        try {
            var csr = new JcaPKCS10CertificationRequest(csrDer);
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new InvalidCsrException("CSR signature does not verify");
            }
            return csr.getPublicKey();
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidCsrException("CSR is not valid DER PKCS#10: " + e.getMessage());
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException e) {
            throw new InvalidCsrException("CSR cannot be verified: " + e.getMessage());
        }
    }

    private static boolean looksLikeAddress(String host) {
        if (host.contains(":")) return true;
        if (!host.matches("[0-9.]+")) return false;
        try {
            InetAddress.getByName(host);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
