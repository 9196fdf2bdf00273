package net.vpnaas.api.ikeca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.agent.SnapshotBuilder;
import net.vpnaas.api.pki.IssuingCa;
import net.vpnaas.api.pki.Pem;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.GatewaySnapshot;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Gateway IKE certificates through the REST API on embedded PostgreSQL: issued by the tenant's own
 * IKE CA or uploaded; the private key is never returned, is stored encrypted, and reaches only the
 * gateway's snapshot; uploads are checked field by field; renewal and address changes issue anew;
 * another tenant's gateway is a 404.
 */
class GatewayCertificateApiTest extends ApiTestBase {
    private static final String FIRST = "192.0.2.10";

    @Autowired SecretCipher cipher;
    @Autowired SnapshotBuilder snapshots;
    @Autowired GatewayCertificates certificates;

    private String gateway(ApiClient api) {
        return created(api.post("/v1/gateways", gatewayBody(unique("gw"))));
    }

    private static String path(String gateway) {
        return "/v1/gateways/" + gateway + "/certificate";
    }

    private static Map<String, Object> tenantCa() {
        return body("source", "tenant-ca");
    }

    private static Map<String, Object> uploaded(String chainPem, String keyPem) {
        return body("source", "uploaded", "certificateChainPem", chainPem, "privateKeyPem", keyPem);
    }

    private long revision(ApiClient api, String gateway) {
        return api.get("/v1/gateways/" + gateway).json().get("configRevision").asLong();
    }

    @Test
    void theTenantCaIssuesACertificateNamingTheGatewaysAddressesAndTheKeyStaysSecret() throws Exception {
        TenantFixture t = newTenant("customer");
        String gw = gateway(t.admin());
        long before = revision(t.admin(), gw);

        HttpResult put = t.admin().put(path(gw), tenantCa());
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.header("Location")).isEqualTo(path(gw));
        assertThat(put.etag()).isEqualTo("\"1\"");
        JsonNode cert = put.json();
        assertThat(cert.get("source").asText()).isEqualTo("tenant-ca");
        assertThat(cert.get("subjectAltNames")).extracting(JsonNode::asText).containsExactly("IP:192.0.2.10", "IP:2001:db8:0:0:0:0:0:10");
        assertThat(put.body()).doesNotContain("PRIVATE KEY").doesNotContain("privateKey");

        // Issued by the tenant's CA, which the API hands out for the tenant's peers to trust.
        JsonNode ca = t.admin().get("/v1/ike-ca").json();
        X509Certificate caCert = certificate(ca.get("certificatePem").asText());
        X509Certificate own = certificate(cert.get("certificateChainPem").asText());
        own.verify(caCert.getPublicKey());
        assertThat(cert.get("issuer").asText()).isEqualTo(ca.get("subject").asText()).contains("tenant " + t.id());
        assertThat(own.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(own.getExtendedKeyUsage()).contains(KeyPurposeId.id_kp_ipsecIKE.getId());
        Instant notAfter = Instant.parse(cert.get("notAfter").asText());
        assertThat(Duration.between(Instant.now(), notAfter)).isBetween(Duration.ofDays(89), Duration.ofDays(91));
        assertThat(Duration.between(Instant.now(), Instant.parse(cert.get("renewAfter").asText())))
                .as("renewed at two thirds of the lifetime").isBetween(Duration.ofDays(59), Duration.ofDays(61));
        assertThat(revision(t.admin(), gw)).as("the agents must get it").isGreaterThan(before);

        // Stored encrypted: the row's ciphertext is no key, and only the cipher opens it to the certificate's key.
        byte[] stored = jdbc.queryForObject("select private_key_ciphertext from gateway_certificate where gateway_id = ?::uuid",
                byte[].class, gw);
        byte[] pkcs8 = cipher.decrypt(stored, GatewayCertificates.keyAssociatedData(UUID.fromString(gw)));
        assertThat(indexOf(stored, pkcs8)).as("no plaintext key in the row").isNegative();
        assertThat(belongs(privateKey(pkcs8), own)).isTrue();

        // The gateway's snapshot carries the certificate and its key: the agent signs with it.
        GatewaySnapshot snapshot = snapshots.current(UUID.fromString(gw)).orElseThrow();
        assertThat(snapshot.getLocalCertificate().getCertificateChainPem()).isEqualTo(cert.get("certificateChainPem").asText());
        assertThat(snapshot.getLocalCertificate().getPrivateKeyPem()).isEqualTo(Pem.privateKey(pkcs8));
        String otherGateway = gateway(t.admin());
        assertThat(snapshots.current(UUID.fromString(otherGateway)).orElseThrow().hasLocalCertificate())
                .as("another gateway of the tenant gets none").isFalse();

        // GET shows it (no key either); a PUT of tenant-ca again changes nothing.
        HttpResult get = t.admin().get(path(gw));
        assertThat(get.json()).isEqualTo(cert);
        assertThat(get.etag()).isEqualTo("\"1\"");
        long now = revision(t.admin(), gw);
        HttpResult again = t.admin().put(path(gw), tenantCa());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("serialNumber")).isEqualTo(cert.get("serialNumber"));
        assertThat(revision(t.admin(), gw)).isEqualTo(now);

        // A viewer reads, but may not change it.
        ApiClient viewer = as(createKey(t.admin(), "viewer"));
        assertThat(viewer.get(path(gw)).status()).isEqualTo(200);
        assertThat(viewer.get("/v1/ike-ca").json().get("certificatePem")).isEqualTo(ca.get("certificatePem"));
        assertThat(viewer.put(path(gw), tenantCa()).status()).isEqualTo(403);
        assertThat(viewer.delete(path(gw)).status()).isEqualTo(403);
    }

    @Test
    void anUploadedCertificateIsKeptWithItsKeyEncryptedAndNeverShown() throws Exception {
        TenantFixture t = newTenant("customer");
        String gw = gateway(t.admin());
        Upload upload = Upload.issued(FIRST, Instant.now().plus(Duration.ofDays(30)));

        HttpResult put = t.admin().put(path(gw), uploaded(upload.chainPem(), upload.keyPem()));
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.json().get("source").asText()).isEqualTo("uploaded");
        assertThat(put.json().has("renewAfter")).as("the tenant renews it").isFalse();
        assertThat(put.json().get("serialNumber").asText()).isEqualTo(upload.leaf().getSerialNumber().toString(16));
        assertThat(put.json().get("certificateChainPem").asText()).isEqualTo(upload.chainPem());
        assertThat(put.body()).doesNotContain("PRIVATE KEY");
        assertThat(t.admin().get(path(gw)).body()).doesNotContain("PRIVATE KEY");
        assertThat(jdbc.queryForObject("select private_key_ciphertext from gateway_certificate where gateway_id = ?::uuid",
                byte[].class, gw)).satisfies(stored -> {
                    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
                    assertThat(indexOf(stored, upload.keys().getPrivate().getEncoded())).isNegative();
                    assertThat(cipher.decrypt(stored, GatewayCertificates.keyAssociatedData(UUID.fromString(gw))))
                            .isEqualTo(upload.keys().getPrivate().getEncoded());
                });
        // The audit trail names the key as changed, never shows it.
        String audit = t.admin().get("/v1/audit-events?limit=200").body();
        assertThat(audit).contains("gateway_certificate.create").doesNotContain("PRIVATE KEY");

        // Replacing it by an issued one, and back: 200 each, with If-Match on the current ETag.
        HttpResult issued = t.admin().put(path(gw), tenantCa(), "If-Match", "\"1\"");
        assertThat(issued.status()).isEqualTo(200);
        assertThat(issued.etag()).isEqualTo("\"2\"");
        assertThat(t.admin().put(path(gw), uploaded(upload.chainPem(), upload.keyPem()), "If-Match", "\"1\"").status())
                .as("stale ETag").isEqualTo(412);
        assertThat(t.admin().get("/v1/audit-events?limit=200").body()).contains("\"secretsChanged\":[\"privateKeyPem\"]");
    }

    @Test
    void uploadsAreCheckedAndEachProblemNamesItsField() throws Exception {
        TenantFixture t = newTenant("customer");
        String gw = gateway(t.admin());
        Upload good = Upload.issued(FIRST, Instant.now().plus(Duration.ofDays(30)));
        Upload other = Upload.issued(FIRST, Instant.now().plus(Duration.ofDays(30)));

        assertRefused(t.admin().put(path(gw), body()), "source", "is required");
        assertRefused(t.admin().put(path(gw), body("source", "self-signed")), "source", "must be tenant-ca or uploaded");
        assertRefused(t.admin().put(path(gw), body("source", "tenant-ca", "privateKeyPem", good.keyPem())), "privateKeyPem", "must be absent");
        assertRefused(t.admin().put(path(gw), body("source", "uploaded", "privateKeyPem", good.keyPem())), "certificateChainPem", "is required");
        assertRefused(t.admin().put(path(gw), uploaded("not a certificate", good.keyPem())), "certificateChainPem", "holds no PEM certificate");
        assertRefused(t.admin().put(path(gw), uploaded(good.chainPem().replace("MII", "MIJ"), good.keyPem())), "certificateChainPem", "");
        assertRefused(t.admin().put(path(gw), uploaded(good.keyPem(), good.keyPem())), "certificateChainPem",
                "holds a private key; only certificates belong here");
        assertRefused(t.admin().put(path(gw), uploaded(good.chainPem(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")),
                "privateKeyPem", "");
        assertRefused(t.admin().put(path(gw), uploaded(good.chainPem(), good.chainPem())), "privateKeyPem",
                "holds a certificate; only the private key belongs here");
        assertRefused(t.admin().put(path(gw), uploaded(good.chainPem(), other.keyPem())), "privateKeyPem",
                "does not belong to the gateway's certificate");
        assertRefused(t.admin().put(path(gw), uploaded(Upload.issued(FIRST, Instant.now().minusSeconds(60)).chainPem(), good.keyPem())),
                "certificateChainPem", "expired at");
        assertRefused(t.admin().put(path(gw), uploaded(Upload.issued("192.0.2.99", Instant.now().plus(Duration.ofDays(1))).chainPem(),
                good.keyPem())), "certificateChainPem", "must name its IKE identity, its first public address 192.0.2.10");
        assertRefused(t.admin().put(path(gw), uploaded(good.caPem() + good.chainPem(), good.keyPem())),
                "certificateChainPem", "the first certificate is a CA certificate");
        assertRefused(t.admin().put(path(gw), uploaded(good.chainPem() + other.caPem(), good.keyPem())),
                "certificateChainPem", "certificate 2 did not issue certificate 1");
        assertThat(t.admin().get(path(gw)).status()).as("nothing was stored").isEqualTo(404);

        // The right key in another PEM form (SEC1) is fine; the intermediate may follow the certificate.
        var sec1 = new StringWriter(); // OpenSSL's traditional "EC PRIVATE KEY", naming its curve
        try (var writer = new JcaPEMWriter(sec1)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", new ECPrivateKey(256,
                    ((java.security.interfaces.ECPrivateKey) good.keys().getPrivate()).getS(), SECObjectIdentifiers.secp256r1).getEncoded()));
        }
        HttpResult ok = t.admin().put(path(gw), uploaded(good.chainPem() + good.caPem(), sec1.toString()));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("certificateChainPem").asText()).isEqualTo(good.chainPem() + good.caPem());
    }

    @Test
    void renewalIssuesANewKeyAndCertificateAndTellsTheAgents() throws Exception {
        TenantFixture t = newTenant("customer");
        String gw = gateway(t.admin());
        JsonNode first = t.admin().put(path(gw), tenantCa()).json();
        byte[] firstKey = jdbc.queryForObject("select private_key_ciphertext from gateway_certificate where gateway_id = ?::uuid",
                byte[].class, gw);
        long revision = revision(t.admin(), gw);
        assertThat(certificates.renewDue()).as("not due yet").isZero();

        jdbc.update("update gateway_certificate set renew_after = now() - interval '1 second' where gateway_id = ?::uuid", gw);
        assertThat(certificates.renewDue()).isEqualTo(1);

        HttpResult renewed = t.admin().get(path(gw));
        assertThat(renewed.etag()).isEqualTo("\"2\"");
        assertThat(renewed.json().get("serialNumber")).isNotEqualTo(first.get("serialNumber"));
        assertThat(renewed.json().get("subjectAltNames")).isEqualTo(first.get("subjectAltNames"));
        assertThat(Instant.parse(renewed.json().get("renewAfter").asText())).isAfter(Instant.now().plus(Duration.ofDays(59)));
        X509Certificate own = certificate(renewed.json().get("certificateChainPem").asText());
        assertThat(own.getPublicKey()).as("a new key").isNotEqualTo(certificate(first.get("certificateChainPem").asText()).getPublicKey());
        assertThat(jdbc.queryForObject("select private_key_ciphertext from gateway_certificate where gateway_id = ?::uuid",
                byte[].class, gw)).isNotEqualTo(firstKey);
        assertThat(revision(t.admin(), gw)).isEqualTo(revision + 1);
        assertThat(certificates.renewDue()).isZero();
    }

    @Test
    void theCertificateFollowsTheGatewaysAddresses() throws Exception {
        TenantFixture t = newTenant("customer");
        String issuedGw = gateway(t.admin());
        t.admin().put(path(issuedGw), tenantCa());
        HttpResult moved = t.admin().patch("/v1/gateways/" + issuedGw, body("publicAddresses", List.of("192.0.2.77")));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        JsonNode reissued = t.admin().get(path(issuedGw)).json();
        assertThat(reissued.get("subjectAltNames")).extracting(JsonNode::asText).containsExactly("IP:192.0.2.77");
        assertThat(reissued.get("version").asLong()).isEqualTo(2);

        String uploadedGw = gateway(t.admin());
        Upload upload = Upload.issued(FIRST, Instant.now().plus(Duration.ofDays(30)));
        assertThat(t.admin().put(path(uploadedGw), uploaded(upload.chainPem(), upload.keyPem())).status()).isEqualTo(201);
        HttpResult refused = t.admin().patch("/v1/gateways/" + uploadedGw, body("publicAddresses", List.of("192.0.2.78")));
        assertRefused(refused, "publicAddresses[0]", "does not name 192.0.2.78");
        assertThat(t.admin().get("/v1/gateways/" + uploadedGw).json().get("publicAddresses").get(0).asText()).isEqualTo(FIRST);
        assertThat(t.admin().patch("/v1/gateways/" + uploadedGw, body("publicAddresses", List.of(FIRST, "192.0.2.78"))).status())
                .as("the first address stays the identity").isEqualTo(200);
    }

    @Test
    void aCertificateLetsTheGatewayRunCertificateTunnelsAndIsKeptWhileTheyDo() {
        TenantFixture t = newTenant("customer");
        String gw = gateway(t.admin());
        assertThat(t.admin().delete(path(gw)).status()).isEqualTo(404);
        String ca = t.admin().get("/v1/ike-ca").json().get("certificatePem").asText();
        String peer = created(t.admin().post("/v1/peers", body("name", unique("peer"), "address", "198.51.100.20",
                "ikeIdentity", "branch.example.com", "auth", body("type", "certificate", "caBundlePem", ca,
                        "expectedIdentity", "branch.example.com"))));
        String policy = created(t.admin().post("/v1/crypto-policies", policyBody(unique("pol"))));
        Map<String, Object> tunnelBody = body("name", unique("tun"), "gatewayId", gw, "peerId", peer, "policyId", policy,
                "localTrafficSelectors", List.of("10.1.0.0/16"), "remoteTrafficSelectors", List.of("10.2.0.0/16"));
        assertRefused(t.admin().post("/v1/tunnels", tunnelBody), "peerId", "has no IKE certificate");

        assertThat(t.admin().put(path(gw), tenantCa(), "If-Match", "*").status()).as("If-Match without a certificate").isEqualTo(412);
        String etag = t.admin().put(path(gw), tenantCa()).etag();
        String tunnel = created(t.admin().post("/v1/tunnels", tunnelBody));

        HttpResult inUse = t.admin().delete(path(gw), "If-Match", etag);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.problemType()).endsWith("/resource-in-use");
        assertThat(t.admin().delete("/v1/tunnels/" + tunnel).status()).isEqualTo(204);
        long revision = revision(t.admin(), gw);
        assertThat(t.admin().delete(path(gw), "If-Match", "\"7\"").status()).isEqualTo(412);
        assertThat(t.admin().delete(path(gw), "If-Match", etag).status()).isEqualTo(204);
        assertThat(t.admin().get(path(gw)).status()).isEqualTo(404);
        assertThat(revision(t.admin(), gw)).isGreaterThan(revision);
        assertThat(snapshots.current(UUID.fromString(gw)).orElseThrow().hasLocalCertificate()).isFalse();
    }

    @Test
    void anotherTenantsGatewayIsNotFoundAndEachTenantHasItsOwnCa() {
        TenantFixture a = newTenant("customer");
        TenantFixture b = newTenant("customer");
        String gw = gateway(a.admin());
        String etag = a.admin().put(path(gw), tenantCa()).etag();

        for (HttpResult r : List.of(b.admin().get(path(gw)), b.admin().put(path(gw), tenantCa()),
                b.admin().put(path(gw), tenantCa(), "If-Match", etag), b.admin().delete(path(gw), "If-Match", etag))) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.json().get("detail").asText()).isEqualTo("no such gateway");
        }
        assertThat(a.admin().get(path(gw)).etag()).as("untouched").isEqualTo(etag);
        JsonNode caA = a.admin().get("/v1/ike-ca").json();
        JsonNode caB = b.admin().get("/v1/ike-ca").json();
        assertThat(caA.get("certificatePem")).isNotEqualTo(caB.get("certificatePem"));
        assertThat(caA.get("subject").asText()).contains(a.id());
        assertThat(a.admin().get("/v1/ike-ca").json()).as("made once, then the same").isEqualTo(caA);

        // An MSP acting on its customer sees the customer's CA and gateway, not its own.
        TenantFixture msp = newTenant("msp");
        TenantFixture child = newChild(msp, "customer");
        String childGw = gateway(child.admin());
        child.admin().put(path(childGw), tenantCa());
        ApiClient onChild = msp.admin().onTenant(child.id());
        assertThat(onChild.get(path(childGw)).status()).isEqualTo(200);
        assertThat(onChild.get("/v1/ike-ca").json()).isEqualTo(child.admin().get("/v1/ike-ca").json());
        assertThat(msp.admin().get(path(childGw)).status()).isEqualTo(404);
    }

    private static void assertRefused(HttpResult r, String field, String detail) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.errorFields()).as(r.body()).contains(field);
        assertThat(r.json().get("errors").findValuesAsText("detail")).as(r.body()).anyMatch(d -> d.contains(detail));
    }

    /** A certificate the tenant got elsewhere: from a CA of its own, with a P-256 key. */
    record Upload(X509Certificate ca, X509Certificate leaf, KeyPair keys) {
        static Upload issued(String address, Instant notAfter) throws Exception {
            Instant now = Instant.now();
            IssuingCa ca = IssuingCa.create(new X500Name("CN=Tenant's own CA " + UUID.randomUUID()), now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(365)));
            KeyPair keys = IssuingCa.newP256KeyPair();
            X509Certificate leaf = ca.issue(new X500Name("CN=gateway"), keys.getPublic(), now.minus(Duration.ofHours(1)), notAfter,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, address)), KeyPurposeId.id_kp_ipsecIKE);
            return new Upload(ca.certificate(), leaf, keys);
        }

        String chainPem() {
            return Pem.certificate(leaf);
        }

        String caPem() {
            return Pem.certificate(ca);
        }

        String keyPem() {
            return Pem.privateKey(keys.getPrivate().getEncoded());
        }
    }

    static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static PrivateKey privateKey(byte[] pkcs8) throws Exception {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    private static boolean belongs(PrivateKey key, X509Certificate certificate) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] signature = s.sign();
        s.initVerify(certificate.getPublicKey());
        s.update(new byte[] {1, 2, 3});
        return s.verify(signature);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
