package net.vpnaas.agent.enroll;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.vpnaas.model.agent.v1.AgentServiceGrpc;
import net.vpnaas.model.agent.v1.EnrollRequest;
import net.vpnaas.model.agent.v1.EnrollResponse;
import net.vpnaas.model.agent.v1.RenewRequest;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Gets the agent a certificate: first with a one-time enrollment token, later by renewing with the
 * current certificate. A fresh key is made each time, so a key never outlives its certificate, and
 * the private key never leaves the agent (only the CSR does).
 */
public final class Enroller {
    private Enroller() {}

    /** Over server-authenticated TLS (the agent has no certificate yet). */
    public static AgentCredentials enroll(Channel channel, String token, String agentName) throws GeneralSecurityException {
        KeyPair keys = newKeyPair();
        EnrollResponse response = AgentServiceGrpc.newBlockingStub(channel).enroll(EnrollRequest.newBuilder()
                .setEnrollmentToken(token).setAgentName(agentName).setCsrDer(csr(keys, agentName)).build());
        return credentials(keys, response);
    }

    /** Over mutual TLS with the current certificate. */
    public static AgentCredentials renew(Channel channel, String agentName) throws GeneralSecurityException {
        KeyPair keys = newKeyPair();
        EnrollResponse response = AgentServiceGrpc.newBlockingStub(channel)
                .renew(RenewRequest.newBuilder().setCsrDer(csr(keys, agentName)).build());
        return credentials(keys, response);
    }

    private static AgentCredentials credentials(KeyPair keys, EnrollResponse response) throws GeneralSecurityException {
        X509Certificate cert = certificate(response.getCertificateDer());
        if (!cert.getPublicKey().equals(keys.getPublic())) {
            throw new GeneralSecurityException("the control plane returned a certificate for another key");
        }
        List<X509Certificate> ca = new ArrayList<>();
        for (ByteString der : response.getCaChainDerList()) ca.add(certificate(der));
        return new AgentCredentials(UUID.fromString(response.getGatewayId()), keys.getPrivate(), cert, ca);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    private static ByteString csr(KeyPair keys, String agentName) throws GeneralSecurityException {
        try {
            // The subject is informational; the CA sets the identity that counts (the gateway id).
            var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + agentName.replaceAll("[,=+<>#;\"\\\\]", "_")), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return ByteString.copyFrom(csr.getEncoded());
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new GeneralSecurityException("building the CSR failed", e);
        }
    }

    private static X509Certificate certificate(ByteString der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der.toByteArray()));
    }
}
