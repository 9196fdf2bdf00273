package net.vpnaas.api.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.session.SessionProperties;
import net.vpnaas.api.session.Sessions;
import net.vpnaas.api.session.SignInThrottle;
import net.vpnaas.api.support.Ids;
import net.vpnaas.api.support.RandomTokens;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.MergePatch;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.model.PasswordPolicy;
import net.vpnaas.model.Role;
import net.vpnaas.model.UserSpec;
import net.vpnaas.model.validation.Violation;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Users of a tenant (invited by an admin, managed like API keys) and a signed-in user's own
 * password and TOTP. Password hashing is slow on purpose, so it runs before the transaction that
 * stores its result, never inside one holding a connection.
 */
@Service
public class UserService {
    private static final String INVITATION_PREFIX = "vpi_";
    private static final String TOTP_ISSUER = "vpnaas";

    private final Users users;
    private final Sessions sessions;
    private final PasswordHasher hasher;
    private final SecretCipher cipher;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final MergePatch mergePatch;
    private final TransactionTemplate transactions;
    private final SessionProperties properties;

    UserService(Users users, Sessions sessions, PasswordHasher hasher, SecretCipher cipher, SignInThrottle throttle,
                AuditLog audit, MergePatch mergePatch, TransactionTemplate transactions, SessionProperties properties) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.cipher = cipher;
        this.throttle = throttle;
        this.audit = audit;
        this.mergePatch = mergePatch;
        this.transactions = transactions;
        this.properties = properties;
    }

    /** Invites a person: the user is created "invited", with a one-time token to set a password with. */
    public UserView invite(Caller caller, UserSpec request) {
        UserSpec spec = request.normalized();
        List<Violation> violations = spec.validate();
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        String token = RandomTokens.generate(INVITATION_PREFIX);
        UUID id = Ids.newId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant expires = now.plus(properties.invitationLifetime());
        var view = new UserView(id, caller.tenantId(), spec.email(), spec.role(), "invited", false,
                new UserView.Invitation(null, expires), 0, now, now);
        // the email's UNIQUE constraint answers a taken address (409 naming email), see DuplicateNames
        audit.insertCreated(caller, ResourceType.USER, Users.invitedRow(view, RandomTokens.hash(token)), view);
        return view.withInvitationToken(token);
    }

    public UserView get(Caller caller, UUID id) {
        return users.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("user"));
    }

    public Page<UserView> list(Caller caller, PageRequest page) {
        return Page.of(users.page(caller.tenantId(), page), page, ResourceType.USER);
    }

    /** Only the role changes; the email is the person's identity (invite the new address instead). */
    public UserView patch(Caller caller, UUID id, String ifMatch, JsonNode patch) {
        return transactions.execute(tx -> {
            UserView before = get(caller, id);
            UserSpec spec = mergePatch.apply(new UserSpec(before.email(), before.role()), patch, UserSpec.class).normalized();
            List<Violation> violations = new ArrayList<>(spec.validate());
            if (spec.email() != null && !spec.email().equals(before.email())) {
                violations.add(new Violation("email", "cannot be changed; invite the new address as a new user"));
            }
            if (!violations.isEmpty()) {
                throw ApiException.invalid(violations);
            }
            ETags.checkIfMatch(ifMatch, before.version());
            if (spec.role().equals(before.role())) {
                return before;
            }
            if (!users.updateRole(caller.tenantId(), id, before.version(), spec.role())) {
                throw new ApiException(ProblemType.PRECONDITION_FAILED, "the user was changed concurrently; read it again");
            }
            UserView after = get(caller, id);
            audit.updated(caller, ResourceType.USER, id, before, after, List.of());
            return after;
        });
    }

    /** Deleting a user ends its sessions (ON DELETE CASCADE): it is signed out everywhere at once. */
    public void delete(Caller caller, UUID id, String ifMatch) {
        transactions.executeWithoutResult(tx -> {
            UserView before = get(caller, id);
            ETags.checkIfMatch(ifMatch, before.version());
            if (!users.delete(caller.tenantId(), id, before.version())) {
                throw new ApiException(ProblemType.PRECONDITION_FAILED, "the user was changed concurrently; read it again");
            }
            audit.deleted(caller, ResourceType.USER, id, before);
        });
    }

    /** Sets the invited user's password from the invitation's token; the user becomes active. */
    public UserView acceptInvitation(String token, String password) {
        List<Violation> violations = new ArrayList<>();
        if (token == null || token.isBlank()) {
            violations.add(new Violation("token", "is required"));
        }
        byte[] tokenHash = token == null ? null : RandomTokens.hash(token);
        String email = tokenHash == null ? null : users.invitedEmail(tokenHash).orElse(null);
        violations.addAll(PasswordPolicy.check("password", password, email));
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        String hash = hasher.hash(password);
        return transactions.execute(tx -> {
            UUID id = users.acceptInvitation(tokenHash, hash).orElseThrow(() -> ApiException.invalid(List.of(
                    new Violation("token", "is not a valid invitation: unknown, already accepted or expired"))));
            UserAccount account = users.account(id).orElseThrow();
            Caller self = asSelf(account, null);
            audit.record(self, ResourceType.USER, id, "accept_invitation", Map.of());
            return get(self, id);
        });
    }

    /** The signed-in user's password; every session of the user ends, the caller's too. */
    public void changePassword(Caller caller, String currentPassword, String newPassword, String clientAddress) {
        UserAccount account = self(caller);
        List<Violation> violations = new ArrayList<>();
        if (currentPassword == null) {
            violations.add(new Violation("currentPassword", "is required"));
        }
        violations.addAll(PasswordPolicy.check("newPassword", newPassword, account.email()));
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        // a stolen session must not make guessing the password (for persistence) free: the sign-in throttle counts
        // these guesses against the account too
        throttle.retryAfter(account.email(), clientAddress).ifPresent(wait -> {
            throw tooManyAttempts(wait.toSeconds());
        });
        if (!hasher.verify(currentPassword, account.passwordHash())) {
            throttle.recordFailure(account.email(), clientAddress);
            throw ApiException.invalid(List.of(new Violation("currentPassword", "is not the current password")));
        }
        String hash = hasher.hash(newPassword);
        transactions.executeWithoutResult(tx -> {
            users.setPassword(account.id(), hash);
            int ended = sessions.endAllOf(account.id());
            audit.record(caller, ResourceType.USER, account.id(), "change_password", Map.of("sessionsEnded", ended));
        });
    }

    public record TotpEnrollment(String secret, String otpauthUri) {}

    /** Starts TOTP enrollment: a new secret, used only once a code of it is confirmed. */
    public TotpEnrollment startTotp(Caller caller) {
        UserAccount account = self(caller);
        byte[] secret = Totp.newSecret();
        transactions.executeWithoutResult(tx -> {
            if (!users.startTotp(account.id(), cipher.encrypt(secret, Users.associatedData(account.id())))) {
                throw new ApiException(ProblemType.CONFLICT, "TOTP is already enabled; disable it first",
                        List.of(new Violation("totp", "already enabled")));
            }
            audit.record(caller, ResourceType.USER, account.id(), "start_totp", Map.of());
        });
        return new TotpEnrollment(Totp.base32(secret), Totp.otpauthUri(TOTP_ISSUER, account.email(), secret));
    }

    public void confirmTotp(Caller caller, String code) {
        UserAccount account = self(caller);
        if (account.totpEnabled()) {
            throw new ApiException(ProblemType.CONFLICT, "TOTP is already enabled", List.of(new Violation("totp", "already enabled")));
        }
        if (account.totpSecretCiphertext() == null) {
            throw new ApiException(ProblemType.CONFLICT, "start with POST /v1/users/me/totp",
                    List.of(new Violation("totp", "no enrollment started")));
        }
        requireCode(account, code);
        transactions.executeWithoutResult(tx -> {
            users.setTotpEnabled(account.id(), true);
            audit.record(caller, ResourceType.USER, account.id(), "enable_totp", Map.of());
        });
    }

    public void disableTotp(Caller caller, String code) {
        UserAccount account = self(caller);
        if (!account.totpEnabled()) {
            throw new ApiException(ProblemType.CONFLICT, "TOTP is not enabled", List.of(new Violation("totp", "not enabled")));
        }
        requireCode(account, code);
        transactions.executeWithoutResult(tx -> {
            users.setTotpEnabled(account.id(), false);
            audit.record(caller, ResourceType.USER, account.id(), "disable_totp", Map.of());
        });
    }

    private void requireCode(UserAccount account, String code) {
        if (code == null) {
            throw ApiException.invalid(List.of(new Violation("code", "is required")));
        }
        if (!totpCodeAccepted(account, code)) {
            throw ApiException.invalid(List.of(new Violation("code", "is not a current code of the authenticator, or was used already")));
        }
    }

    /** Whether {@code code} is a current, unused code of the account's secret; if so it is now used. */
    public boolean totpCodeAccepted(UserAccount account, String code) {
        byte[] secret = cipher.decrypt(account.totpSecretCiphertext(), Users.associatedData(account.id()));
        var step = Totp.match(secret, code, Instant.now(), account.totpLastStep());
        return step.isPresent() && users.useTotpStep(account.id(), step.getAsLong());
    }

    /** The user who is calling; an API key is no user, so "me" names no one for it. */
    private UserAccount self(Caller caller) {
        UUID id = caller.userId();
        return (id == null ? Optional.<UserAccount>empty() : users.account(id))
                .orElseThrow(() -> ApiException.notFound("user: /v1/users/me is the signed-in user, and an API key is none"));
    }

    /** The user acting in its own tenant, for what it does before it has a session (accept, sign in). */
    public static Caller asSelf(UserAccount account, UUID sessionId) {
        return new Caller(new Caller.User(account.id(), sessionId), account.tenantId(), account.role(), account.tenantId());
    }

    public static ApiException tooManyAttempts(long retryAfterSeconds) {
        return new ApiException(ProblemType.TOO_MANY_REQUESTS, "too many failed sign-ins; retry in " + retryAfterSeconds + " s")
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
}
