package net.vpnaas.api.portal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.api.web.ProblemWriter;
import net.vpnaas.model.validation.Violation;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A STAND-IN for the server side of sign-in (issue 18's users and sessions, built in another branch),
 * for the browser tests only: it speaks the agreed contract's session part ({@code GET} and
 * {@code DELETE /v1/sessions/current}, the {@code vpnaas_session} cookie, {@code X-CSRF-Token} on every
 * request that is not a GET) on top of API keys. A session opened by the test stands for a person with
 * an API key of the role wanted; the portal's requests carrying its cookie (and, when they change
 * something, its CSRF token) reach the real API as that key's requests. When the real sessions exist
 * this class goes, and the test signs in through the sign-in screen instead of {@link #open}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StubSessions {
    static final String COOKIE = "vpnaas_session";

    private record StubSession(String apiKey, String email, String role, String tenantId, String csrfToken) {}

    private final Map<String, StubSession> sessions = new ConcurrentHashMap<>();

    /** A session as a person with {@code apiKey}'s rights would have it; returns the cookie's value. */
    public String open(String apiKey, String email, String role, String tenantId) {
        String id = UUID.randomUUID().toString();
        sessions.put(id, new StubSession(apiKey, email, role, tenantId, UUID.randomUUID().toString()));
        return id;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> stubSessionFilter() {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                filter(request, response, chain);
            }
        });
        // after the portal's files (+5), before API-key authentication (+10)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 6);
        return registration;
    }

    private void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> id = Optional.ofNullable(request.getCookies()).stream().flatMap(java.util.Arrays::stream)
                .filter(c -> c.getName().equals(COOKIE)).map(Cookie::getValue).findFirst();
        StubSession session = id.map(sessions::get).orElse(null);
        if (request.getRequestURI().equals("/v1/sessions/current")) {
            if (session == null) {
                ProblemWriter.write(response, ProblemType.UNAUTHENTICATED, "no session", List.of());
            } else if (request.getMethod().equals("DELETE")) {
                sessions.remove(id.get());
                response.setStatus(204);
            } else {
                response.setContentType("application/json");
                response.getWriter().write("""
                        {"user":{"id":"%s","email":"%s","role":"%s","tenantId":"%s"},"csrfToken":"%s","expiresAt":"%s"}"""
                        .formatted(UUID.nameUUIDFromBytes(session.email().getBytes()), session.email(), session.role(),
                                session.tenantId(), session.csrfToken(), Instant.now().plus(1, ChronoUnit.HOURS)));
            }
            return;
        }
        if (session == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean safe = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (!safe && !session.csrfToken().equals(request.getHeader("X-CSRF-Token"))) {
            ProblemWriter.write(response, ProblemType.FORBIDDEN, "a request with a session cookie needs its X-CSRF-Token",
                    List.of(new Violation("X-CSRF-Token", "missing or wrong")));
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return name.equalsIgnoreCase("Authorization") ? "Bearer " + session.apiKey() : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return name.equalsIgnoreCase("Authorization")
                        ? Collections.enumeration(List.of(getHeader(name))) : super.getHeaders(name);
            }
        }, response);
    }
}
