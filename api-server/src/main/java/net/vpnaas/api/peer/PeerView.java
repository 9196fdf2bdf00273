package net.vpnaas.api.peer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.web.Versioned;
import net.vpnaas.model.PeerQkd;

/**
 * A peer as the API shows it: the PSK is write-only and never appears, except once as
 * {@code generatedPsk} in the response that created it when the client sent none. Of its PPKs
 * only the ids appear, never a secret. {@code qkd}: its QKD SAE ID and fallback, absent without QKD.
 */
public record PeerView(UUID id, UUID tenantId, String name, Map<String, String> labels, String address,
                       String ikeIdentity, AuthView auth, List<PpkView> ppks, boolean ppkRequired, PeerQkd qkd, String generatedPsk,
                       long version, Instant createdAt, Instant updatedAt) implements Versioned {

    /** A PPK without its secret. */
    public record PpkView(String id) {}

    /**
     * {@code type} is psk, certificate, null or password (a password is never shown); the certificate fields are null but for certificate;
     * {@code gatewayPsk} (never the PSK itself) only for null: whether our gateway proves a PSK to the peer.
     */
    public record AuthView(String type, String caBundlePem, String expectedIdentity, Boolean gatewayPsk) {
        static AuthView of(String type, String caBundlePem, String expectedIdentity, boolean hasPsk) {
            return new AuthView(type, caBundlePem, expectedIdentity, PeerEntity.NULL.equals(type) ? hasPsk : null);
        }
    }

    /** What {@link #fromRow} reads; never the PSK. */
    static final String COLUMNS = "id, tenant_id, name, labels, address, ike_identity, auth_method, ca_bundle_pem,"
            + " expected_identity, psk_ciphertext is not null as has_psk, ppk_ids, ppk_required, qkd_sae_id, qkd_fallback, version, created_at, updated_at";

    static PeerView fromRow(ResultSet rs, int row) throws SQLException {
        return new PeerView(Columns.uuid(rs, "id"), Columns.uuid(rs, "tenant_id"), rs.getString("name"),
                Columns.stringMap(rs, "labels"), rs.getString("address"), rs.getString("ike_identity"),
                AuthView.of(rs.getString("auth_method"), rs.getString("ca_bundle_pem"), rs.getString("expected_identity"),
                        rs.getBoolean("has_psk")),
                ppks(Columns.stringList(rs, "ppk_ids")), rs.getBoolean("ppk_required"),
                rs.getString("qkd_sae_id") == null ? null : new PeerQkd(rs.getString("qkd_sae_id"), rs.getString("qkd_fallback")),
                null, rs.getLong("version"), Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"));
    }

    static PeerView of(PeerEntity e) {
        return withGeneratedPsk(e, null);
    }

    static PeerView withGeneratedPsk(PeerEntity e, String generatedPsk) {
        return new PeerView(e.getId(), e.getTenantId(), e.getName(), e.getLabels(), e.getAddress(), e.getIkeIdentity(),
                AuthView.of(e.getAuthMethod(), e.getCaBundlePem(), e.getExpectedIdentity(), e.getPskCiphertext() != null),
                ppks(e.getPpkIds()),
                e.isPpkRequired(), e.getQkd(), generatedPsk,
                e.getVersion(), e.getCreatedAt(), e.getUpdatedAt());
    }

    /** The same view without the one-time secret, for the audit log. */
    PeerView withoutSecret() {
        return new PeerView(id, tenantId, name, labels, address, ikeIdentity, auth, ppks, ppkRequired, qkd, null, version,
                createdAt, updatedAt);
    }

    private static List<PpkView> ppks(List<String> ids) {
        return ids.stream().map(PpkView::new).toList();
    }

    @Override
    public String toString() {
        return "PeerView[id=" + id + ", name=" + name + "]";
    }
}
