package net.vpnaas.api.portal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.vpnaas.api.web.ProblemType;
import net.vpnaas.api.web.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Serves the browser portal on the API port, outside the API: a GET or HEAD of any path that is not
 * the API's ({@code /v1} and below, and Spring's {@code /error}) gets a file of the portal's build, and
 * every other such path gets its index.html, so the single-page app's routes (/tunnels/..., /gateways)
 * survive a reload or a shared link. These files are public (the portal's code, no tenant's data); the
 * portal reads everything else through the API, which authenticates every request as before. Any other
 * method on such a path goes on to the API's authentication (401).
 *
 * <p>Runs after the path check and admission control, before API-key authentication.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class PortalFilter extends OncePerRequestFilter {
    /**
     * The portal's pages load only the portal's own scripts, styles and images and talk only to this
     * origin; it still may not be framed. React sets styles through the DOM (not inline markup), which
     * style-src 'self' allows.
     */
    static final String PORTAL_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Vite names these files by a hash of their content: a changed file is a new name, so browsers may keep them. */
    private static final String HASHED_ASSETS = "/assets/";

    private final PortalFiles files;

    PortalFilter() {
        this(PortalFiles.fromClasspath());
    }

    PortalFilter(PortalFiles files) {
        this.files = files;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // decoded, so that /%761/gateways is the API's as /v1/gateways is (CanonicalPathFilter let only
        // ordinary characters be percent-encoded, so decoding cannot make a new segment)
        String path = UriUtils.decode(request.getRequestURI(), StandardCharsets.UTF_8);
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        Optional<PortalFiles.PortalFile> index = files.index();
        if (!read || isApi(path) || index.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<PortalFiles.PortalFile> file = files.file(path);
        if (file.isEmpty() && path.startsWith(HASHED_ASSETS)) {
            // a stale page asking for an asset of an older build: not a route, so not index.html
            ProblemWriter.write(response, ProblemType.NOT_FOUND, "no such portal file", List.of());
            return;
        }
        PortalFiles.PortalFile served = file.orElse(index.get());
        response.setHeader("Content-Security-Policy", PORTAL_CSP);
        if (file.isPresent() && path.startsWith(HASHED_ASSETS)) {
            response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        }
        response.setContentType(served.contentType());
        response.setContentLength(served.content().length);
        if (request.getMethod().equals("GET")) {
            response.getOutputStream().write(served.content());
        }
    }

    /** The API's paths in any spelling of their case, so that no spelling of an API path reaches the portal. */
    static boolean isApi(String path) {
        return under(path, "/v1") || under(path, "/error");
    }

    private static boolean under(String path, String prefix) {
        return path.regionMatches(true, 0, prefix, 0, prefix.length())
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
