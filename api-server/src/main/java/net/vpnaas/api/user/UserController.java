package net.vpnaas.api.user;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.UUID;
import net.vpnaas.api.auth.Access;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.auth.PublicRoute;
import net.vpnaas.api.idempotency.Idempotency;
import net.vpnaas.api.session.SessionCookie;
import net.vpnaas.api.support.ResourceType;
import net.vpnaas.api.web.ETags;
import net.vpnaas.api.web.MergePatch;
import net.vpnaas.api.web.Page;
import net.vpnaas.api.web.PageRequest;
import net.vpnaas.api.web.Responses;
import net.vpnaas.model.Role;
import net.vpnaas.model.UserSpec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Users of the acting tenant (admins invite, change roles, delete; everyone reads, like API keys),
 * accepting an invitation (public: the token is the credential), and the signed-in user's own
 * password and TOTP under {@code /v1/users/me}.
 */
@RestController
@Access(changes = Role.ADMIN)
class UserController {
    static final String PATH = "/v1/users";
    private final UserService service;
    private final Idempotency idempotency;

    UserController(UserService service, Idempotency idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    @PostMapping(PATH)
    ResponseEntity<?> invite(Caller caller, @RequestHeader(name = Idempotency.HEADER, required = false) String key,
                             @RequestBody UserSpec spec) {
        return idempotency.execute(caller, key, PATH, spec, () -> Responses.created(PATH, service.invite(caller, spec)));
    }

    @GetMapping(PATH)
    Page<UserView> list(Caller caller, @RequestParam(required = false) Integer limit,
                        @RequestParam(required = false) String cursor) {
        return service.list(caller, PageRequest.of(limit, cursor, ResourceType.USER));
    }

    @GetMapping(PATH + "/{id}")
    ResponseEntity<UserView> get(Caller caller, @PathVariable UUID id) {
        return Responses.ok(service.get(caller, id));
    }

    @PatchMapping(path = PATH + "/{id}", consumes = MergePatch.MEDIA_TYPE)
    ResponseEntity<UserView> patch(Caller caller, @PathVariable UUID id,
                                   @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                   @RequestBody JsonNode patch) {
        return Responses.ok(service.patch(caller, id, ifMatch, patch));
    }

    @DeleteMapping(PATH + "/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        service.delete(caller, id, ifMatch);
        return Responses.noContent();
    }

    record Acceptance(String token, String password) {
        @Override
        public String toString() {
            return "Acceptance";
        }
    }

    @PublicRoute
    @PostMapping("/v1/invitations/accept")
    ResponseEntity<UserView> accept(@RequestBody Acceptance body) {
        UserView user = service.acceptInvitation(body.token(), body.password());
        return ResponseEntity.created(URI.create(PATH + "/" + user.id())).eTag(ETags.of(user.version())).body(user);
    }

    record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange";
        }
    }

    /** Every session of the user ends, this one too: the browser is told to drop its cookie. */
    @Access(changes = Role.VIEWER)
    @PutMapping(PATH + "/me/password")
    ResponseEntity<Void> changePassword(Caller caller, @RequestBody PasswordChange body, HttpServletRequest request) {
        service.changePassword(caller, body.currentPassword(), body.newPassword(), request.getRemoteAddr());
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, SessionCookie.clear(request.isSecure())).build();
    }

    @Access(changes = Role.VIEWER)
    @PostMapping(PATH + "/me/totp")
    UserService.TotpEnrollment startTotp(Caller caller) {
        return service.startTotp(caller);
    }

    record TotpCode(String code) {}

    @Access(changes = Role.VIEWER)
    @PostMapping(PATH + "/me/totp/confirm")
    ResponseEntity<Void> confirmTotp(Caller caller, @RequestBody TotpCode body) {
        service.confirmTotp(caller, body.code());
        return Responses.noContent();
    }

    @Access(changes = Role.VIEWER)
    @DeleteMapping(PATH + "/me/totp")
    ResponseEntity<Void> disableTotp(Caller caller, @RequestBody(required = false) TotpCode body) {
        service.disableTotp(caller, body == null ? null : body.code());
        return Responses.noContent();
    }
}
