package net.vpnaas.api.session;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import net.vpnaas.api.auth.Access;
import net.vpnaas.api.auth.Caller;
import net.vpnaas.api.auth.PublicRoute;
import net.vpnaas.model.Role;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Signing in (public), the current session, and signing out; every role has a session of its own. */
@RestController
@Access(changes = Role.VIEWER)
class SessionController {
    static final String CURRENT = "/v1/sessions/current";
    private final SessionService service;

    SessionController(SessionService service) {
        this.service = service;
    }

    @PublicRoute
    @PostMapping("/v1/sessions")
    ResponseEntity<SessionView> signIn(@RequestBody SessionService.SignIn body, HttpServletRequest request) {
        SessionService.SignedIn signedIn = service.signIn(body, request.getRemoteAddr());
        return ResponseEntity.created(URI.create(CURRENT))
                .header(HttpHeaders.SET_COOKIE, SessionCookie.set(signedIn.token(), request.isSecure()))
                .body(signedIn.view());
    }

    @GetMapping(CURRENT)
    SessionView current(Caller caller) {
        return service.current(caller);
    }

    /** The session row goes (on every replica at once) and the browser is told to drop the cookie. */
    @DeleteMapping(CURRENT)
    ResponseEntity<Void> signOut(Caller caller, HttpServletRequest request) {
        service.signOut(caller);
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, SessionCookie.clear(request.isSecure())).build();
    }
}
