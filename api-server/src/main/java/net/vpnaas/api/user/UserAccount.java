package net.vpnaas.api.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import net.vpnaas.api.support.Columns;
import net.vpnaas.model.Role;

/** What signing in and a user's own settings need of a user row, secrets included; never sent to clients. */
public record UserAccount(UUID id, UUID tenantId, String email, Role role, String passwordHash,
                          byte[] totpSecretCiphertext, boolean totpEnabled, Long totpLastStep) {
    static final String COLUMNS = "id, tenant_id, email, role, password_hash, totp_secret_ciphertext, totp_enabled,"
            + " totp_last_step";

    static UserAccount fromRow(ResultSet rs, int row) throws SQLException {
        long lastStep = rs.getLong("totp_last_step");
        boolean noStepUsed = rs.wasNull();
        return new UserAccount(Columns.uuid(rs, "id"), Columns.uuid(rs, "tenant_id"), rs.getString("email"),
                Role.fromWireName(rs.getString("role")).orElseThrow(), rs.getString("password_hash"),
                rs.getBytes("totp_secret_ciphertext"), rs.getBoolean("totp_enabled"), noStepUsed ? null : lastStep);
    }

    @Override
    public String toString() {
        return "UserAccount[id=" + id + ", role=" + role + "]";
    }
}
