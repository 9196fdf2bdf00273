package net.vpnaas.agent.qkd;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import net.vpnaas.ike.qkd.QkdKey;
import net.vpnaas.ike.qkd.QkdKeyUnavailableException;

/**
 * A client of one key management entity (KME) by ETSI GS QKD 014 v1.1.1 (REST over HTTPS with mutual
 * TLS; the KME knows this gateway, its SAE, by the client certificate). Only what the specification
 * defines, so it works with any conforming KME: {@code POST /api/v1/keys/{slave_SAE_ID}/enc_keys}
 * with {@code {"number":n,"size":bits}} for new keys shared with the peer's SAE,
 * {@code POST /api/v1/keys/{master_SAE_ID}/dec_keys} with {@code {"key_IDs":[...]}} for the keys the
 * peer took, and the Key container in the answer. Status 400, 401 and 503 (section 5) and every
 * transport failure become a {@link QkdKeyUnavailableException} whose message names the KME and says
 * what went wrong, for the log and the tunnel's status. Calls block (the engine calls from an IKE SA's
 * virtual thread) for at most the timeout.
 */
public final class KmeClient {

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param base the KME's URL up to (without) {@code /api/v1}, e.g. {@code https://kme-a.example:8443}
     * @param tls  our client certificate and key, and the CA the KME's certificate must chain to
     */
    public KmeClient(URI base, SSLContext tls, Duration timeout) {
        if (!"https".equals(base.getScheme())) throw new IllegalArgumentException("a KME is reached by https, not " + base);
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        this.base = base.resolve(path.isEmpty() ? "/" : path + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code count} new keys of {@code sizeBits} bits shared with the SAE {@code slaveSaeId} (we are the master). */
    public List<QkdKey> encKeys(String slaveSaeId, int count, int sizeBits) throws QkdKeyUnavailableException {
        List<QkdKey> keys = post(slaveSaeId, "enc_keys", KmeJson.encKeysRequest(count, sizeBits));
        if (keys.size() != count) throw unavailable("gave " + keys.size() + " keys for " + count + " asked (enc_keys)");
        return keys;
    }

    /** The keys the SAE {@code masterSaeId} took (with enc_keys at its KME) by their IDs, in that order. */
    public List<QkdKey> decKeys(String masterSaeId, List<UUID> ids) throws QkdKeyUnavailableException {
        List<QkdKey> keys = post(masterSaeId, "dec_keys", KmeJson.decKeysRequest(ids));
        if (!keys.stream().map(QkdKey::id).toList().equals(ids)) {
            throw unavailable("answered keys " + keys.stream().map(QkdKey::id).toList() + " for " + ids + " (dec_keys)");
        }
        return keys;
    }

    private List<QkdKey> post(String saeId, String call, byte[] body) throws QkdKeyUnavailableException {
        URI uri = base.resolve("api/v1/keys/" + URLEncoder.encode(saeId, StandardCharsets.UTF_8) + "/" + call);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw unavailable("did not answer " + call + " within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw unavailable("is unreachable (" + call + "): " + e.getMessage(), e);
        } catch (SSLException e) {
            throw unavailable("refused the TLS handshake or our certificate (" + call + "): " + e.getMessage(), e);
        } catch (IOException e) {
            throw unavailable("failed (" + call + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted (" + call + ")");
        }
        int status = response.statusCode();
        if (status != 200) throw unavailable(refusal(status, call, saeId, KmeJson.errorMessage(response.body())));
        try {
            return KmeJson.keys(response.body());
        } catch (KmeJson.MalformedKmeJsonException e) {
            throw unavailable("answered " + call + " with something other than a Key container: " + e.getMessage());
        }
    }

    /** Section 5's status codes in words. */
    private static String refusal(int status, String call, String saeId, String message) {
        String what = switch (status) {
            case 400 -> "refused " + call + " for SAE " + saeId + " as a bad request (400)";
            case 401 -> "does not authorize this gateway for SAE " + saeId + " (401 Unauthorized: its client certificate is not"
                    + " that SAE's)";
            case 503 -> "cannot serve " + call + " for SAE " + saeId + " now (503)";
            default -> "answered " + call + " for SAE " + saeId + " with HTTP " + status;
        };
        return message == null || message.isBlank() ? what : what + ": " + message;
    }

    private QkdKeyUnavailableException unavailable(String what) {
        return new QkdKeyUnavailableException("KME " + base + " " + what);
    }

    private QkdKeyUnavailableException unavailable(String what, Throwable cause) {
        return new QkdKeyUnavailableException("KME " + base + " " + what, cause);
    }

    @Override
    public String toString() {
        return "KME " + base;
    }
}
