package net.vpnaas.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * An ETag for every successful GET under /v1 that has none of its own (lists, a tunnel's SAs, a
 * gateway's agents): a hash of the body, so it moves exactly when what the caller sees moves, also
 * when an agent's report changed it without a write. A poll that sends it back in If-None-Match gets
 * 304 and no body while nothing changed. A resource's own ETag (its row version, see {@link ETags})
 * is kept: Spring MVC answers 304 for it before this filter sees the response.
 * <p>
 * Spring's filter skips responses with {@code Cache-Control: no-store}, which every response here
 * carries ({@link SecurityHeaders}); the 304 is for clients that send If-None-Match themselves (the
 * portal's polling), which no-store does not concern: nothing is stored by a cache.
 */
final class ContentETags extends ShallowEtagHeaderFilter {

    @Override
    protected boolean isEligibleForEtag(HttpServletRequest request, HttpServletResponse response, int status, InputStream body) {
        return !response.isCommitted() && status == HttpServletResponse.SC_OK && HttpMethod.GET.matches(request.getMethod());
    }

    /** SHA-256 (not Spring's MD5), its first 128 bits: two different answers never share a tag in practice. */
    @Override
    protected String generateETagHeaderValue(InputStream body, boolean weak) throws IOException {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest(body.readAllBytes());
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
