package net.vpnaas.api.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.web.Versioned;

/**
 * A user as the API shows it. {@code invitation} is present while the user is invited; its
 * {@code token} only in the response that created the invitation (only its hash is stored).
 */
public record UserView(UUID id, UUID tenantId, String email, String role, String status, boolean totpEnabled,
                       Invitation invitation, long version, Instant createdAt, Instant updatedAt) implements Versioned {
    static final String COLUMNS = "id, tenant_id, email, role, status, totp_enabled, invitation_expires_at, version,"
            + " created_at, updated_at";

    public record Invitation(String token, Instant expiresAt) {}

    static UserView fromRow(ResultSet rs, int row) throws SQLException {
        Instant invitationExpires = Columns.instant(rs, "invitation_expires_at");
        return new UserView(Columns.uuid(rs, "id"), Columns.uuid(rs, "tenant_id"), rs.getString("email"),
                rs.getString("role"), rs.getString("status"), rs.getBoolean("totp_enabled"),
                invitationExpires == null ? null : new Invitation(null, invitationExpires), rs.getLong("version"),
                Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"));
    }

    UserView withInvitationToken(String token) {
        return new UserView(id, tenantId, email, role, status, totpEnabled, new Invitation(token, invitation.expiresAt()),
                version, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "UserView[id=" + id + ", role=" + role + ", status=" + status + "]";
    }
}
