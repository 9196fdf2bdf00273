package net.vpnaas.api.ikeca;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import net.vpnaas.api.pki.IssuingCa;
import net.vpnaas.api.secret.EncryptedColumn;
import net.vpnaas.api.secret.SecretCipher;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each tenant's IKE CA, kept in PostgreSQL with its key encrypted under the master key, so every
 * replica issues under the same CA. It is made the first time the tenant needs it (its certificate
 * is asked for, or a gateway certificate is issued); two replicas making it at once insert one row.
 */
@Component
public class TenantIkeCas {
    public static final EncryptedColumn PRIVATE_KEYS = new EncryptedColumn("tenant IKE CA private keys", "ike_ca",
            List.of("tenant_id"), "private_key_ciphertext", key -> keyAssociatedData((UUID) key.getFirst()));

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;
    private final IkeCaProperties properties;

    TenantIkeCas(JdbcTemplate jdbc, SecretCipher cipher, IkeCaProperties properties) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.properties = properties;
    }

    /** The tenant's CA, made now if it has none yet. */
    public IssuingCa of(UUID tenantId) {
        List<IssuingCa> stored = load(tenantId);
        if (!stored.isEmpty()) return stored.getFirst();
        IssuingCa fresh = create(tenantId);
        jdbc.update("insert into ike_ca (tenant_id, certificate_der, private_key_ciphertext, created_at) values (?, ?, ?, now()) "
                        + "on conflict (tenant_id) do nothing", tenantId, encoded(fresh),
                cipher.encrypt(fresh.privateKeyPkcs8(), keyAssociatedData(tenantId)));
        return load(tenantId).getFirst();
    }

    private List<IssuingCa> load(UUID tenantId) {
        return jdbc.query("select certificate_der, private_key_ciphertext from ike_ca where tenant_id = ?", (rs, i) -> {
            try {
                return IssuingCa.load(rs.getBytes(1), cipher.decrypt(rs.getBytes(2), keyAssociatedData(tenantId)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the IKE CA of tenant " + tenantId + " cannot be read", e);
            }
        }, tenantId);
    }

    /** Named after the tenant's id, which never changes (its name may). */
    private IssuingCa create(UUID tenantId) {
        Instant now = Instant.now();
        var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "vpnaas")
                .addRDN(BCStyle.OU, "tenant " + tenantId).addRDN(BCStyle.CN, "IKE CA").build();
        try {
            return IssuingCa.create(subject, now.minus(Duration.ofMinutes(5)), now.plus(properties.caLifetime()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create an IKE CA", e);
        }
    }

    private static byte[] encoded(IssuingCa ca) {
        try {
            return ca.certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] keyAssociatedData(UUID tenantId) {
        return ("ike-ca-key:" + tenantId).getBytes(StandardCharsets.UTF_8);
    }
}
