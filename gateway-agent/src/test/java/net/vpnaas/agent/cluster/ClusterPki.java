package net.vpnaas.agent.cluster;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import net.vpnaas.agent.enroll.AgentCredentials;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A control plane's agent CA for tests, issuing certificates shaped as the api-server's
 * {@code AgentCertificateAuthority} does: P-256, digitalSignature, clientAuth only, and the gateway id as
 * the one URI subjectAltName {@code urn:vpnaas:gateway:<id>}.
 */
final class ClusterPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair caKeys;
    private final X509Certificate ca;

    ClusterPki() throws Exception {
        caKeys = keyPair();
        X500Name name = new X500Name("CN=test agent CA");
        var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(127, RANDOM), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(1))), name, caKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca = sign(builder);
    }

    /** An enrolled agent of {@code gatewayId}. */
    AgentCredentials agent(UUID gatewayId) throws Exception {
        return agent(gatewayId, KeyPurposeId.id_kp_clientAuth);
    }

    AgentCredentials agent(UUID gatewayId, KeyPurposeId purpose) throws Exception {
        KeyPair keys = keyPair();
        var builder = new JcaX509v3CertificateBuilder(ca, new BigInteger(127, RANDOM), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofHours(1))), new X500Name("CN=gateway " + gatewayId), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, GatewayPeerTrust.GATEWAY_URI_PREFIX + gatewayId)));
        return new AgentCredentials(gatewayId, keys.getPrivate(), sign(builder), List.of(ca));
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder builder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(caKeys.getPrivate())));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }
}
