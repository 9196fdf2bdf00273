package net.vpnaas.api.ikeca;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.gateway.GatewayRevisions;
import net.vpnaas.api.pki.IssuingCa;
import net.vpnaas.api.pki.Pem;
import net.vpnaas.api.secret.EncryptedColumn;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.secret.UndecryptableSecretException;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.model.net.AddressRange;
import net.vpnaas.model.validation.Violation;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The IKE certificate each gateway authenticates itself with towards certificate peers, one per
 * gateway: issued by the tenant's IKE CA, or uploaded by the tenant. Its private key is encrypted
 * at rest and leaves only in the gateway's own snapshot (see SnapshotBuilder). Every change bumps the
 * gateway's config revision, so its agents get the new certificate at once.
 * <p>
 * A gateway identifies itself in IKE by its first public address, so its certificate must name that
 * address as an iPAddress subjectAltName: an issued one names all its public addresses (and is issued
 * anew when they change); an uploaded one must name the first, checked on upload and on every change
 * of the addresses. Issued certificates have a fresh P-256 key each time and are renewed at two
 * thirds of their lifetime.
 * <p>
 * Every write locks the gateway's row first, then the certificate's, so a PUT, a change of the
 * gateway and a renewal of the same gateway take their turns and never deadlock.
 */
@Service
public class GatewayCertificates {
    public static final EncryptedColumn PRIVATE_KEYS = new EncryptedColumn("gateway IKE private keys", "gateway_certificate",
            List.of("gateway_id"), "private_key_ciphertext", key -> keyAssociatedData((UUID) key.getFirst()));
    private static final Logger log = LoggerFactory.getLogger(GatewayCertificates.class);
    private static final String COLUMNS = "gateway_id, source, certificate_chain_pem, private_key_ciphertext, renew_after,"
            + " version, created_at, updated_at";
    /** Renewals per run of {@link #renewDue}; the next run takes the rest. */
    private static final int RENEWALS_PER_RUN = 100;

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;
    private final TenantIkeCas cas;
    private final IkeCaProperties properties;
    private final GatewayRevisions revisions;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    GatewayCertificates(JdbcTemplate jdbc, SecretCipher cipher, TenantIkeCas cas, IkeCaProperties properties,
                        GatewayRevisions revisions, AuditLog audit, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.cas = cas;
        this.properties = properties;
        this.revisions = revisions;
        this.audit = audit;
        this.tx = tx;
    }

    /** The result of a PUT: the certificate, and whether the gateway had none before. */
    public record Put(GatewayCertificateView view, boolean created) {}

    /** The gateway's row as far as its certificate is concerned. */
    private record Gateway(UUID id, UUID tenantId, String name, List<String> publicAddresses) {
        InetAddress identity() {
            return AddressRange.parseAddress(publicAddresses.getFirst());
        }
    }

    private record Stored(UUID gatewayId, String source, String chainPem, byte[] keyCiphertext, Instant renewAfter, long version,
                          Instant createdAt, Instant updatedAt) {
        GatewayCertificateView view() {
            return GatewayCertificateView.of(gatewayId, source, chainPem, renewAfter, version, createdAt, updatedAt);
        }

        List<X509Certificate> chain() {
            return GatewayCertificateView.chain(chainPem);
        }
    }

    /** A certificate to store: its chain, its key (PKCS#8) and, when issued, when to renew it. */
    private record Content(String source, List<X509Certificate> chain, byte[] keyPkcs8, Instant renewAfter) {}

    public IkeCaView ikeCa(Caller caller) {
        X509Certificate ca = cas.of(caller.tenantId()).certificate();
        CertificateFacts facts = CertificateFacts.of(ca);
        return new IkeCaView(caller.tenantId(), Pem.certificate(ca), facts.subject(), facts.serialNumber(), facts.notBefore(),
                facts.notAfter(), facts.sha256Fingerprint());
    }

    public GatewayCertificateView get(Caller caller, UUID gatewayId) {
        List<Boolean> owned = jdbc.queryForList("select true from gateway where id = ? and tenant_id = ?", Boolean.class,
                gatewayId, caller.tenantId());
        if (owned.isEmpty()) throw ApiException.notFound("gateway");
        return stored(gatewayId, false).map(Stored::view).orElseThrow(() -> ApiException.notFound("gateway certificate"));
    }

    @Transactional
    public Put put(Caller caller, UUID gatewayId, String ifMatch, GatewayCertificateRequest request) {
        Gateway gateway = lockGateway(caller.tenantId(), gatewayId);
        Optional<Stored> current = stored(gatewayId, true);
        if (current.isPresent()) {
            ETags.checkIfMatch(ifMatch, current.get().version());
        } else if (ifMatch != null) {
            // RFC 9110: If-Match, even "*", fails when there is no current representation
            throw new ApiException(ProblemType.PRECONDITION_FAILED, "If-Match " + ifMatch + ": the gateway has no certificate yet");
        }
        List<Violation> shape = request.validate();
        if (!shape.isEmpty()) throw ApiException.invalid(shape);
        Instant now = now();
        Content content;
        if (request.source().equals(GatewayCertificateRequest.TENANT_CA)) {
            if (current.isPresent() && current.get().source().equals(GatewayCertificateRequest.TENANT_CA)
                    && namesAll(current.get().chain().getFirst(), gateway.publicAddresses())) {
                return new Put(current.get().view(), false); // it has one already: PUT again changes nothing
            }
            content = issue(gateway, now);
        } else {
            content = switch (UploadedCertificate.check(request.certificateChainPem(), request.privateKeyPem(), gateway.identity(), now)) {
                case UploadedCertificate.Result.Invalid(List<Violation> violations) -> throw ApiException.invalid(violations);
                case UploadedCertificate.Result.Valid(UploadedCertificate upload) ->
                        new Content(GatewayCertificateRequest.UPLOADED, upload.chain(), upload.privateKeyPkcs8(), null);
            };
            if (current.isPresent() && current.get().source().equals(GatewayCertificateRequest.UPLOADED)
                    && current.get().chain().equals(content.chain()) && Arrays.equals(key(current.get()), content.keyPkcs8())) {
                return new Put(current.get().view(), false);
            }
        }
        Stored written = write(gatewayId, current, content, now);
        if (current.isEmpty()) {
            audit.created(caller, ResourceType.GATEWAY_CERTIFICATE, gatewayId, written.view());
        } else {
            boolean keyChanged = !Arrays.equals(key(current.get()), content.keyPkcs8());
            audit.updated(caller, ResourceType.GATEWAY_CERTIFICATE, gatewayId, current.get().view(), written.view(),
                    keyChanged ? List.of(UploadedCertificate.KEY) : List.of());
        }
        revisions.bump(Set.of(gatewayId));
        return new Put(written.view(), current.isEmpty());
    }

    @Transactional
    public void delete(Caller caller, UUID gatewayId, String ifMatch) {
        lockGateway(caller.tenantId(), gatewayId);
        Stored current = stored(gatewayId, true).orElseThrow(() -> ApiException.notFound("gateway certificate"));
        ETags.checkIfMatch(ifMatch, current.version());
        List<String> tunnels = jdbc.queryForList("""
                select t.name from tunnel t join peer p on p.id = t.peer_id
                where t.gateway_id = ? and p.auth_method = 'certificate' order by t.name""", String.class, gatewayId);
        if (!tunnels.isEmpty()) {
            throw new ApiException(ProblemType.RESOURCE_IN_USE, "tunnels to certificate peers authenticate the gateway with it: "
                    + String.join(", ", tunnels) + "; delete them first");
        }
        jdbc.update("delete from gateway_certificate where gateway_id = ?", gatewayId);
        audit.deleted(caller, ResourceType.GATEWAY_CERTIFICATE, gatewayId, current.view());
        revisions.bump(Set.of(gatewayId));
    }

    /**
     * The gateway is about to take this name and these addresses (in the caller's transaction, which
     * bumps its revision): an issued certificate that does not name every address is issued anew;
     * an uploaded one must name the new first address, or the change is refused naming publicAddresses[0].
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void gatewayChanging(UUID gatewayId, String name, List<String> publicAddresses) {
        Gateway gateway = lockGateway(null, gatewayId);
        Optional<Stored> current = stored(gatewayId, true);
        if (current.isEmpty()) return;
        Gateway moved = new Gateway(gateway.id(), gateway.tenantId(), name, publicAddresses);
        X509Certificate own = current.get().chain().getFirst();
        if (current.get().source().equals(GatewayCertificateRequest.UPLOADED)) {
            if (!CertificateFacts.namesAddress(own, moved.identity())) {
                throw ApiException.invalid(List.of(new Violation("publicAddresses[0]", "the gateway's uploaded IKE certificate does not"
                        + " name " + moved.identity().getHostAddress() + ", which would become its IKE identity; upload a certificate"
                        + " that names it first (it may name both addresses), or switch the certificate to source tenant-ca")));
            }
        } else if (!namesAll(own, publicAddresses)) {
            write(gatewayId, current, issue(moved, now()), now());
        }
    }

    /**
     * Renews the issued certificates due for renewal, each in a transaction of its own that bumps
     * its gateway's revision (the agents get it at once and keep their tunnels). Replicas share the
     * work: a certificate another replica is renewing is skipped.
     */
    @Scheduled(fixedDelayString = "${vpnaas.ike-ca.renewal-check-interval}", initialDelayString = "${vpnaas.ike-ca.renewal-check-interval}")
    void renewDueOnSchedule() {
        renewDue();
    }

    /** The work of {@link #renewDueOnSchedule}, for tests that do not wait for the schedule: how many it renewed. */
    public int renewDue() {
        int renewed = 0;
        while (renewed < RENEWALS_PER_RUN && Boolean.TRUE.equals(tx.execute(status -> renewNextDue()))) {
            renewed++;
        }
        return renewed;
    }

    private boolean renewNextDue() {
        Instant now = now();
        List<Gateway> due = jdbc.query("""
                select g.id, g.tenant_id, g.name, g.public_addresses from gateway g join gateway_certificate c on c.gateway_id = g.id
                where c.renew_after <= ? order by c.renew_after limit 1 for no key update of g skip locked""",
                (rs, i) -> gateway(rs), timestamp(now));
        if (due.isEmpty()) return false;
        Gateway gateway = due.getFirst();
        Optional<Stored> current = stored(gateway.id(), true);
        if (current.isEmpty() || current.get().renewAfter() == null || current.get().renewAfter().isAfter(now)) {
            return true; // changed by a PUT meanwhile: nothing to renew any more
        }
        Stored renewed = write(gateway.id(), current, issue(gateway, now), now);
        revisions.bump(Set.of(gateway.id()));
        GatewayCertificateView view = renewed.view();
        log.info("renewed the IKE certificate of gateway {}: serial {}, valid until {}", gateway.id(), view.serialNumber(), view.notAfter());
        return true;
    }

    /** What a gateway's agents get: its certificate chain and private key, both PEM. */
    public record Credentials(String certificateChainPem, String privateKeyPem) {
        @Override
        public String toString() {
            return "Credentials[(private key hidden)]";
        }
    }

    /**
     * The gateway's certificate and key for its snapshot, the one place they are decrypted for
     * delivery; empty when it has none. A key that does not decrypt fails the snapshot, as a PSK does.
     */
    public Optional<Credentials> forSnapshot(UUID gatewayId) {
        return stored(gatewayId, false).map(s -> new Credentials(s.chainPem(),
                Pem.privateKey(cipher.decrypt(s.keyCiphertext(), keyAssociatedData(gatewayId)))));
    }

    public static byte[] keyAssociatedData(UUID gatewayId) {
        return ("gateway-ike-key:" + gatewayId).getBytes(StandardCharsets.UTF_8);
    }

    private Content issue(Gateway gateway, Instant now) {
        IssuingCa ca = cas.of(gateway.tenantId());
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "vpnaas")
                .addRDN(BCStyle.OU, "tenant " + gateway.tenantId()).addRDN(BCStyle.CN, gateway.name()).build();
        GeneralNames names = new GeneralNames(gateway.publicAddresses().stream()
                .map(a -> new GeneralName(GeneralName.iPAddress, AddressRange.parseAddress(a).getHostAddress()))
                .toArray(GeneralName[]::new));
        try {
            KeyPair keys = IssuingCa.newP256KeyPair();
            // a minute of slack for peers whose clock runs slightly behind ours; IKE peers check EKUs
            // differently (Windows wants serverAuth, some ipsecIKE), so the certificate has all of them
            X509Certificate certificate = ca.issue(subject, keys.getPublic(), now.minus(Duration.ofMinutes(1)),
                    now.plus(properties.certificateLifetime()), names, KeyPurposeId.id_kp_ipsecIKE, KeyPurposeId.id_kp_serverAuth,
                    KeyPurposeId.id_kp_clientAuth);
            return new Content(GatewayCertificateRequest.TENANT_CA, List.of(certificate), keys.getPrivate().getEncoded(),
                    now.plus(properties.renewalAge()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a gateway certificate", e);
        }
    }

    private Stored write(UUID gatewayId, Optional<Stored> current, Content content, Instant now) {
        String chainPem = Pem.certificates(content.chain());
        byte[] key = cipher.encrypt(content.keyPkcs8(), keyAssociatedData(gatewayId));
        Instant notAfter = content.chain().getFirst().getNotAfter().toInstant();
        if (current.isEmpty()) {
            jdbc.update("insert into gateway_certificate (" + COLUMNS + ", not_after) values (?, ?, ?, ?, ?, 1, ?, ?, ?)",
                    gatewayId, content.source(), chainPem, key, timestamp(content.renewAfter()), timestamp(now), timestamp(now),
                    timestamp(notAfter));
            return new Stored(gatewayId, content.source(), chainPem, key, content.renewAfter(), 1, now, now);
        }
        long version = current.get().version() + 1;
        jdbc.update("""
                update gateway_certificate set source = ?, certificate_chain_pem = ?, private_key_ciphertext = ?, not_after = ?,
                renew_after = ?, version = ?, updated_at = ? where gateway_id = ?""",
                content.source(), chainPem, key, timestamp(notAfter), timestamp(content.renewAfter()), version, timestamp(now), gatewayId);
        return new Stored(gatewayId, content.source(), chainPem, key, content.renewAfter(), version, current.get().createdAt(), now);
    }

    /** The stored key, or null when it cannot be decrypted (then any key counts as a change). */
    private byte[] key(Stored stored) {
        try {
            return cipher.decrypt(stored.keyCiphertext(), keyAssociatedData(stored.gatewayId()));
        } catch (UndecryptableSecretException e) {
            return null;
        }
    }

    /**
     * Locks the gateway's row against other certificate writes (FOR NO KEY UPDATE: tunnels may
     * still be created for it); 404 unless it belongs to {@code tenantId} (null: any tenant).
     */
    private Gateway lockGateway(UUID tenantId, UUID gatewayId) {
        String sql = "select id, tenant_id, name, public_addresses from gateway where id = ?"
                + (tenantId == null ? "" : " and tenant_id = ?") + " for no key update";
        Object[] args = tenantId == null ? new Object[] {gatewayId} : new Object[] {gatewayId, tenantId};
        List<Gateway> rows = jdbc.query(sql, (rs, i) -> gateway(rs), args);
        if (rows.isEmpty()) throw ApiException.notFound("gateway");
        return rows.getFirst();
    }

    private Optional<Stored> stored(UUID gatewayId, boolean forUpdate) {
        return jdbc.query("select " + COLUMNS + " from gateway_certificate where gateway_id = ?" + (forUpdate ? " for update" : ""),
                (rs, i) -> new Stored(Columns.uuid(rs, "gateway_id"), rs.getString("source"), rs.getString("certificate_chain_pem"),
                        rs.getBytes("private_key_ciphertext"), Columns.instant(rs, "renew_after"), rs.getLong("version"),
                        Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at")), gatewayId).stream().findFirst();
    }

    private static Gateway gateway(ResultSet rs) throws SQLException {
        return new Gateway(Columns.uuid(rs, "id"), Columns.uuid(rs, "tenant_id"), rs.getString("name"),
                Columns.stringList(rs, "public_addresses"));
    }

    private static boolean namesAll(X509Certificate certificate, List<String> addresses) {
        return addresses.stream().allMatch(a -> CertificateFacts.namesAddress(certificate, AddressRange.parseAddress(a)));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS); // PostgreSQL's precision, so a view equals its row read back
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
