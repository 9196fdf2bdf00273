package net.vpnaas.api.peer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.support.TenantOwnedEntity;
import net.vpnaas.model.PeerQkd;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Updates write only the columns that changed: reencrypt-secrets rewrites psk_ciphertext (and ppk_ciphertext) while
 * replicas serve, and an update of, say, the name loaded before that must not write the old
 * ciphertext back (the version does not guard it: re-encryption leaves the resource unchanged).
 */
@Entity
@Table(name = "peer")
@DynamicUpdate
public class PeerEntity extends TenantOwnedEntity {
    static final String PSK = "psk";
    static final String CERTIFICATE = "certificate";
    static final String NULL = "null";
    static final String PASSWORD = "password";

    @Column(nullable = false)
    private String address;
    @Column(name = "ike_identity", nullable = false)
    private String ikeIdentity;
    @Column(name = "auth_method", nullable = false)
    private String authMethod;
    /**
     * AES-GCM ciphertext of the PSK (see SecretCipher); null for certificate authentication. With NULL
     * authentication the PSK our gateway proves itself with, null when neither side authenticates.
     */
    @Column(name = "psk_ciphertext")
    private byte[] pskCiphertext;
    /** AES-GCM ciphertext of the password (PACE), under associated data of its own; null unless auth_method is password. */
    @Column(name = "password_ciphertext")
    private byte[] passwordCiphertext;
    @Column(name = "ca_bundle_pem")
    private String caBundlePem;
    @Column(name = "expected_identity")
    private String expectedIdentity;
    /** The ids of the peer's PPKs (RFC 8784), in order; their secrets are in ppkCiphertext. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "ppk_ids", nullable = false)
    private List<String> ppkIds = List.of();
    @Column(name = "ppk_required", nullable = false)
    private boolean ppkRequired;
    /** AES-GCM ciphertext of the PPKs (see PeerPpkSecrets); null without PPKs. */
    @Column(name = "ppk_ciphertext")
    private byte[] ppkCiphertext;
    /** The peer's SAE ID for QKD keys (ETSI GS QKD 014) and the fallback; both null without QKD. */
    @Column(name = "qkd_sae_id")
    private String qkdSaeId;
    @Column(name = "qkd_fallback")
    private String qkdFallback;

    protected PeerEntity() {}

    PeerEntity(UUID tenantId) {
        super(tenantId);
    }

    void setEndpoint(String name, java.util.Map<String, String> labels, String address, String ikeIdentity) {
        setNameAndLabels(name, labels);
        this.address = address;
        this.ikeIdentity = ikeIdentity;
    }

    void usePsk(byte[] ciphertext) {
        this.authMethod = PSK;
        this.pskCiphertext = ciphertext;
        this.passwordCiphertext = null;
        this.caBundlePem = null;
        this.expectedIdentity = null;
    }

    /** NULL authentication (RFC 7619); {@code gatewayPskCiphertext} is null when the gateway proves nothing either. */
    void useNull(byte[] gatewayPskCiphertext) {
        this.authMethod = NULL;
        this.pskCiphertext = gatewayPskCiphertext;
        this.passwordCiphertext = null;
        this.caBundlePem = null;
        this.expectedIdentity = null;
    }

    void useCertificate(String caBundlePem, String expectedIdentity) {
        this.authMethod = CERTIFICATE;
        this.pskCiphertext = null;
        this.passwordCiphertext = null;
        this.caBundlePem = caBundlePem;
        this.expectedIdentity = expectedIdentity;
    }

    void usePassword(byte[] ciphertext) {
        this.authMethod = PASSWORD;
        this.pskCiphertext = null;
        this.passwordCiphertext = ciphertext;
        this.caBundlePem = null;
        this.expectedIdentity = null;
    }

    void usePpks(List<String> ids, boolean required, byte[] ciphertext) {
        this.ppkIds = List.copyOf(ids);
        this.ppkRequired = required;
        this.ppkCiphertext = ciphertext;
    }

    void useQkd(PeerQkd qkd) {
        this.qkdSaeId = qkd == null ? null : qkd.saeId();
        this.qkdFallback = qkd == null ? null : qkd.fallback();
    }

    @Override
    protected void addColumns(Map<String, Object> columns) {
        columns.put("address", address);
        columns.put("ike_identity", ikeIdentity);
        columns.put("auth_method", authMethod);
        columns.put("psk_ciphertext", pskCiphertext);
        columns.put("password_ciphertext", passwordCiphertext);
        columns.put("ca_bundle_pem", caBundlePem);
        columns.put("expected_identity", expectedIdentity);
        columns.put("ppk_ids", Columns.jsonb(ppkIds));
        columns.put("ppk_required", ppkRequired);
        columns.put("ppk_ciphertext", ppkCiphertext);
        columns.put("qkd_sae_id", qkdSaeId);
        columns.put("qkd_fallback", qkdFallback);
    }

    public String getAddress() { return address; }
    public String getIkeIdentity() { return ikeIdentity; }
    public String getAuthMethod() { return authMethod; }
    public byte[] getPskCiphertext() { return pskCiphertext; }
    public byte[] getPasswordCiphertext() { return passwordCiphertext; }
    public String getCaBundlePem() { return caBundlePem; }
    public String getExpectedIdentity() { return expectedIdentity; }
    public List<String> getPpkIds() { return ppkIds; }
    public boolean isPpkRequired() { return ppkRequired; }
    public byte[] getPpkCiphertext() { return ppkCiphertext; }
    public PeerQkd getQkd() { return qkdSaeId == null ? null : new PeerQkd(qkdSaeId, qkdFallback); }
}
