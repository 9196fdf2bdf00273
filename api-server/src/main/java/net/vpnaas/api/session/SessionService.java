package net.vpnaas.api.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.vpnaas.api.audit.AuditLog;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.support.Columns;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.user.PasswordHasher;
import net.vpnaas.api.user.UserAccount;
import net.vpnaas.api.user.UserService;
import net.vpnaas.api.user.Users;
import net.vpnaas.api.web.ApiException;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.model.UserSpec;
import net.vpnaas.model.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing in and out. A wrong email and a wrong password get the same answer in about the same time
 * (an unknown email is checked against a decoy hash); both count against the email and the client
 * address in {@link SignInThrottle}. With TOTP enabled the password alone is not enough: the answer
 * says {@code totpRequired}, and a wrong code counts as a failure like a wrong password.
 */
@Service
public class SessionService {
    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    /** Enough for a portal's tenant switcher; an MSP with more finds the rest through GET /v1/tenants. */
    private static final int MAX_TENANTS = 1000;

    private final Users users;
    private final UserService userService;
    private final Sessions sessions;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    SessionService(Users users, UserService userService, Sessions sessions, PasswordHasher hasher, SignInThrottle throttle,
                   AuditLog audit, TransactionTemplate transactions, JdbcClient jdbc) {
        this.users = users;
        this.userService = userService;
        this.sessions = sessions;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    public record SignIn(String email, String password, String totpCode) {
        @Override
        public String toString() {
            return "SignIn[email=" + email + "]";
        }
    }

    public record SignedIn(SessionView view, String token) {}

    public SignedIn signIn(SignIn request, String clientAddress) {
        List<Violation> missing = new ArrayList<>();
        if (request.email() == null) missing.add(new Violation("email", "is required"));
        if (request.password() == null) missing.add(new Violation("password", "is required"));
        if (!missing.isEmpty()) {
            throw ApiException.invalid(missing);
        }
        String email = UserSpec.normalizeEmail(request.email());
        throttle.retryAfter(email, clientAddress).ifPresent(wait -> {
            throw UserService.tooManyAttempts(wait.toSeconds());
        });
        Optional<UserAccount> account = users.activeByEmail(email);
        boolean passwordRight = hasher.verify(request.password(), account.map(UserAccount::passwordHash).orElse(null));
        if (!passwordRight) {
            fail(email, clientAddress, account, "password");
            throw new ApiException(ProblemType.UNAUTHENTICATED, "wrong email or password");
        }
        UserAccount user = account.orElseThrow();
        if (user.totpEnabled()) {
            if (request.totpCode() == null) {
                // the password was right, so this is no failure; the person is asked for the second factor
                throw totpRequired("a code from the authenticator app is required (totpCode)");
            }
            if (!userService.totpCodeAccepted(user, request.totpCode())) {
                fail(email, clientAddress, account, "totp");
                throw totpRequired("wrong or already used authenticator code");
            }
        }
        throttle.recordSuccess(email);
        return transactions.execute(tx -> {
            Sessions.Started started = sessions.start(user.id(), user.tenantId(), user.role());
            Caller self = UserService.asSelf(user, started.session().id());
            audit.record(self, ResourceType.SESSION, started.session().id(), "create",
                    Map.of("userId", user.id().toString(), "clientAddress", clientAddress));
            return new SignedIn(view(user, started.session()), started.token());
        });
    }

    private void fail(String email, String clientAddress, Optional<UserAccount> account, String factor) {
        throttle.recordFailure(email, clientAddress);
        if (account.isEmpty()) {
            // no tenant to record it for: an unknown address has no audit trail to join
            log.info("failed sign-in for an unknown email from {}", clientAddress);
            return;
        }
        UserAccount user = account.get();
        transactions.executeWithoutResult(tx -> audit.record(UserService.asSelf(user, null), ResourceType.USER, user.id(),
                "sign_in_failure", Map.of("factor", factor, "clientAddress", clientAddress)));
    }

    private static ApiException totpRequired(String detail) {
        return new ApiException(ProblemType.UNAUTHENTICATED, detail).withExtension("totpRequired", true);
    }

    /** The caller's own session; an API key has none. */
    public SessionView current(Caller caller) {
        Sessions.Active session = sessions.find(sessionId(caller)).orElseThrow(() -> ApiException.notFound("session"));
        UserAccount user = users.account(session.userId()).orElseThrow(() -> ApiException.notFound("session"));
        return view(user, session);
    }

    public void signOut(Caller caller) {
        UUID sessionId = sessionId(caller);
        transactions.executeWithoutResult(tx -> {
            if (sessions.end(sessionId)) {
                audit.record(caller, ResourceType.SESSION, sessionId, "delete", Map.of());
            }
        });
    }

    private static UUID sessionId(Caller caller) {
        if (caller.principal() instanceof Caller.User u && u.sessionId() != null) {
            return u.sessionId();
        }
        throw ApiException.notFound("session: the caller signed in with an API key, not a session");
    }

    private SessionView view(UserAccount user, Sessions.Active session) {
        return new SessionView(new SessionView.SessionUser(user.id(), user.email(), user.role().wireName(), user.tenantId()),
                session.csrfToken(), sessions.endsAt(session), actingTenants(user.tenantId()));
    }

    /** The user's tenant and its descendants, nearest first. */
    private List<SessionView.ActingTenant> actingTenants(UUID tenantId) {
        return jdbc.sql("""
                        with recursive down(id, parent_id, name, kind, depth) as (
                            select id, parent_id, name, kind, 0 from tenant where id = ?
                            union all
                            select t.id, t.parent_id, t.name, t.kind, down.depth + 1 from tenant t join down on t.parent_id = down.id
                        )
                        select id, parent_id, name, kind from down order by depth, name limit ?""")
                .params(tenantId, MAX_TENANTS)
                .query((rs, i) -> new SessionView.ActingTenant(Columns.uuid(rs, "id"), Columns.uuid(rs, "parent_id"),
                        rs.getString("name"), rs.getString("kind")))
                .list();
    }
}
