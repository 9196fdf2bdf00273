package net.vpnaas.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import net.vpnaas.model.validation.Violation;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything else looks at it, a request whose path is not written the one way the API
 * writes paths: no {@code ;} parameters, no empty, {@code .} or {@code ..} segments, no
 * percent-encoded slash, backslash, percent sign, dot or control character, no raw backslash.
 * Tomcat and Spring each normalize such paths in their own way (Tomcat maps {@code /a/../b}, Spring's
 * pattern matcher drops {@code ;x=1}); refusing them keeps every component agreeing on which route a
 * request is for. Percent-encoded ordinary characters ({@code %61} for {@code a}) are fine: they
 * decode to a canonical path and reach the same route with the same rights. A request target longer
 * than {@value #MAX_TARGET_LENGTH} characters is 414.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class CanonicalPathFilter extends OncePerRequestFilter {
    /** Far above any path or query the API uses (a page cursor and filters are a few hundred). */
    static final int MAX_TARGET_LENGTH = 2048;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        if (path.length() + (query == null ? 0 : query.length() + 1) > MAX_TARGET_LENGTH) {
            ProblemWriter.write(response, ProblemType.URI_TOO_LONG,
                    "the request target exceeds " + MAX_TARGET_LENGTH + " characters", List.of());
            return;
        }
        String problem = problem(path);
        if (problem != null) {
            ProblemWriter.write(response, ProblemType.MALFORMED_REQUEST, "the URL path is not in canonical form: " + problem,
                    List.of(new Violation("(path)", problem)));
            return;
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with the raw (still percent-encoded) path, or null if it is canonical. */
    static String problem(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "must start with /";
        }
        if (rawPath.indexOf(';') >= 0) {
            return "';' parameters are not accepted";
        }
        if (rawPath.indexOf('\\') >= 0) {
            return "'\\' is not accepted";
        }
        int start = 1;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            String segment = decode(rawPath.substring(start, end));
            if (segment == null) {
                return "malformed or not accepted percent-encoding";
            }
            boolean last = end == rawPath.length();
            if (segment.isEmpty() && !last) {
                return "empty path segment ('//')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "'.' and '..' segments are not accepted";
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * Decodes one segment; null when an escape is malformed or decodes to a character that would
     * change how the path splits or decodes ('/', '\', '%', ';') or to a control character.
     */
    private static String decode(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return null;
            }
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= segment.length()) {
                return null;
            }
            int hi = Character.digit(segment.charAt(i + 1), 16);
            int lo = Character.digit(segment.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            char decoded = (char) (hi << 4 | lo);
            if (decoded == '/' || decoded == '\\' || decoded == '%' || decoded == ';' || decoded < 0x20 || decoded == 0x7f) {
                return null;
            }
            out.append(decoded);
            i += 2;
        }
        return out.toString();
    }
}
