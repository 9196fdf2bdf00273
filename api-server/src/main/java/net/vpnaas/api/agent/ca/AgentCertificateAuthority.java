package net.vpnaas.api.agent.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import net.vpnaas.api.agent.GatewayIdentity;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The control plane's CA for agent connections. It signs short-lived client certificates whose
 * only identity is the gateway id (a URI subjectAltName), so a certificate can never be presented
 * for another gateway, and the server certificate of the agent endpoint.
 */
public final class AgentCertificateAuthority {
    private static final String SIGNATURE = "SHA256withECDSA";

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AgentCertificateAuthority(KeyPair caKeys, X509Certificate caCertificate, Clock clock) {
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
        this.clock = clock;
    }

    /** A new CA with a fresh P-256 key, valid for ten years. */
    public static AgentCertificateAuthority create(String name, Clock clock) throws GeneralSecurityException {
        KeyPair keys = newP256KeyPair();
        Instant now = clock.instant();
        X500Name subject = new X500Name("CN=" + name);
        try {
            var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic());
            var ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new AgentCertificateAuthority(keys, sign(builder, keys), clock);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    public static KeyPair newP256KeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The CA certificate as PEM, for agents to trust before they enroll. */
    public String caCertificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(caCertificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For {@link AgentCaStore}, which keeps it encrypted. */
    byte[] privateKeyPkcs8() {
        return caKeys.getPrivate().getEncoded();
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
        try {
            var builder = new JcaX509v3CertificateBuilder(caCertificate, new BigInteger(127, random),
                    // a minute of slack for agents whose clock runs slightly behind ours
                    Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(lifetime)), subject, key);
            var ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.subjectAlternativeName, false, sans);
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
            return sign(builder, caKeys);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
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

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
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
