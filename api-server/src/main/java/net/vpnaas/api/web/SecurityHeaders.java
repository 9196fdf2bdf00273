package net.vpnaas.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers every response carries, set before anything else runs so that refusals written by filters
 * and by Tomcat itself carry them too:
 * <ul>
 * <li>{@code Cache-Control: no-store}: responses hold tenants' data and, after a create, secrets (an
 *     API key, a generated PSK, an enrollment token); no browser or proxy may keep a copy. One rule
 *     for every response, so a new endpoint that returns a secret cannot forget it.
 * <li>{@code X-Content-Type-Options: nosniff}: JSON is never run as a script or rendered as HTML.
 * <li>{@code Content-Security-Policy: default-src 'none'; frame-ancestors 'none'} and
 *     {@code X-Frame-Options: DENY}: should a browser ever render a response, it loads nothing and
 *     cannot be framed.
 * <li>{@code Referrer-Policy: no-referrer}.
 * </ul>
 */
public final class SecurityHeaders extends OncePerRequestFilter {

    public static void apply(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        apply(response);
        chain.doFilter(request, response);
    }
}
