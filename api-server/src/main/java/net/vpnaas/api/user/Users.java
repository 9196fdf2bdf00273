package net.vpnaas.api.user;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.vpnaas.api.secret.EncryptedColumn;
import net.vpnaas.api.support.NewRow;
import net.vpnaas.api.support.ViewReads;
import net.vpnaas.api.web.ListFilter;
import net.vpnaas.api.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The users table, with plain JDBC like the other reads (see ViewReads). Every change bumps the
 * row's version (the ETag) and its updated_at; changes a concurrent request could race with (an
 * invitation accepted twice, a TOTP code used twice) are one conditional UPDATE each.
 */
@Repository
public class Users {
    /** TOTP secrets are bound to their user's id, so one copied into another row does not decrypt. */
    public static final EncryptedColumn TOTP_SECRETS = new EncryptedColumn("user TOTP secrets", "users", List.of("id"),
            "totp_secret_ciphertext", key -> associatedData((UUID) key.getFirst()));
    private static final String BUMP = "version = version + 1, updated_at = now()";

    private final JdbcClient jdbc;
    private final ViewReads<UserView> reads;

    Users(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.reads = new ViewReads<>(jdbc, "users", UserView.COLUMNS, UserView::fromRow);
    }

    static byte[] associatedData(UUID userId) {
        return ("users.totp_secret_ciphertext:" + userId).getBytes(StandardCharsets.US_ASCII);
    }

    /** The row of a new invited user, for AuditLog#insertCreated (which inserts it with its event). */
    static NewRow invitedRow(UserView user, byte[] invitationHash) {
        var columns = new LinkedHashMap<String, Object>();
        columns.put("id", user.id());
        columns.put("tenant_id", user.tenantId());
        columns.put("email", user.email());
        columns.put("role", user.role());
        columns.put("status", user.status());
        columns.put("invitation_hash", invitationHash);
        columns.put("invitation_expires_at", user.invitation().expiresAt().atOffset(ZoneOffset.UTC));
        columns.put("version", user.version());
        columns.put("created_at", user.createdAt().atOffset(ZoneOffset.UTC));
        columns.put("updated_at", user.updatedAt().atOffset(ZoneOffset.UTC));
        return new NewRow("users", columns);
    }

    Optional<UserView> find(UUID tenantId, UUID id) {
        return reads.find(tenantId, id);
    }

    List<UserView> page(UUID tenantId, PageRequest page) {
        return reads.page(tenantId, page, ListFilter.of(null, null));
    }

    /** An account that may sign in (its invitation accepted), by its normalized email. */
    public Optional<UserAccount> activeByEmail(String email) {
        return jdbc.sql("select " + UserAccount.COLUMNS + " from users where email = ? and status = 'active'")
                .param(email).query(UserAccount::fromRow).optional();
    }

    public Optional<UserAccount> account(UUID id) {
        return jdbc.sql("select " + UserAccount.COLUMNS + " from users where id = ?").param(id)
                .query(UserAccount::fromRow).optional();
    }

    /** Role changes are compared with the version read, so a concurrent change is not overwritten. */
    boolean updateRole(UUID tenantId, UUID id, long version, String role) {
        return jdbc.sql("update users set role = ?, " + BUMP + " where id = ? and tenant_id = ? and version = ?")
                .params(role, id, tenantId, version).update() == 1;
    }

    boolean delete(UUID tenantId, UUID id, long version) {
        return jdbc.sql("delete from users where id = ? and tenant_id = ? and version = ?")
                .params(id, tenantId, version).update() == 1;
    }

    /** Redeems an unexpired invitation once; the id of the user now active, or empty. */
    Optional<UUID> acceptInvitation(byte[] invitationHash, String passwordHash) {
        return jdbc.sql("""
                        update users set status = 'active', password_hash = ?, invitation_hash = null,
                               invitation_expires_at = null, """ + BUMP + """
                         where invitation_hash = ? and status = 'invited' and invitation_expires_at > now()
                        returning id""")
                .params(passwordHash, invitationHash).query(UUID.class).optional();
    }

    /** The email an invitation token was issued for, expired or not (for the password policy's check). */
    Optional<String> invitedEmail(byte[] invitationHash) {
        return jdbc.sql("select email from users where invitation_hash = ?").param(invitationHash)
                .query(String.class).optional();
    }

    void setPassword(UUID id, String passwordHash) {
        jdbc.sql("update users set password_hash = ?, " + BUMP + " where id = ?").params(passwordHash, id).update();
    }

    /** A new TOTP secret awaiting confirmation; refused (false) while one is enabled. */
    boolean startTotp(UUID id, byte[] secretCiphertext) {
        return jdbc.sql("update users set totp_secret_ciphertext = ?, totp_last_step = null, " + BUMP
                        + " where id = ? and not totp_enabled")
                .params(secretCiphertext, id).update() == 1;
    }

    /**
     * Marks {@code step} used unless it or a later step already was: the one place a code is
     * consumed, so two requests with one code (on any replicas) cannot both pass.
     */
    public boolean useTotpStep(UUID id, long step) {
        return jdbc.sql("update users set totp_last_step = ? where id = ? and (totp_last_step is null or totp_last_step < ?)")
                .params(step, id, step).update() == 1;
    }

    void setTotpEnabled(UUID id, boolean enabled) {
        jdbc.sql("update users set totp_enabled = ?, " + (enabled ? "" : "totp_secret_ciphertext = null, ") + BUMP
                        + " where id = ?")
                .params(enabled, id).update();
    }

    /** Inserts an active user with a password (the bootstrap admin); false if the email exists. */
    boolean insertActive(UUID id, UUID tenantId, String email, String role, String passwordHash) {
        return jdbc.sql("""
                        insert into users (id, tenant_id, email, role, status, password_hash, version, created_at, updated_at)
                        values (?, ?, ?, ?, 'active', ?, 0, now(), now())
                        on conflict (email) do nothing""")
                .params(id, tenantId, email, role, passwordHash).update() == 1;
    }
}
