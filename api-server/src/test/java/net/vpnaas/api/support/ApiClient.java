package net.vpnaas.api.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP client acting with one API key (optionally on a child tenant). Every response is checked
 * against the OpenAPI contract unless the request goes through {@link #unchecked()}.
 */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String apiKey;
    private final String actingTenant;
    private final boolean checkContract;
    /** Name/value pairs sent with every request (a session's cookie and CSRF token). */
    private final List<String> headers;

    public ApiClient(int port, String apiKey) {
        this("localhost", port, apiKey);
    }

    public ApiClient(String host, int port, String apiKey) {
        this(HTTP, "http://" + host + ":" + port, apiKey, null, true, List.of());
    }

    /** Through {@code http} to {@code base} (e.g. https://localhost:8443 with an HttpClient that trusts its certificate). */
    public ApiClient(HttpClient http, String base, String apiKey) {
        this(http, base, apiKey, null, true, List.of());
    }

    private ApiClient(HttpClient http, String base, String apiKey, String actingTenant, boolean checkContract,
                      List<String> headers) {
        this.http = http;
        this.base = base;
        this.apiKey = apiKey;
        this.actingTenant = actingTenant;
        this.checkContract = checkContract;
        this.headers = List.copyOf(headers);
    }

    /** The same key acting on another tenant through the Vpnaas-Tenant-Id header. */
    public ApiClient onTenant(String tenantId) {
        return new ApiClient(http, base, apiKey, tenantId, checkContract, headers);
    }

    /** For requests outside the contract on purpose (unknown paths, broken headers). */
    public ApiClient unchecked() {
        return new ApiClient(http, base, apiKey, actingTenant, false, headers);
    }

    /** The same client sending these name/value header pairs with every request too. */
    public ApiClient withHeaders(String... nameValues) {
        List<String> more = new ArrayList<>(headers);
        more.addAll(List.of(nameValues));
        return new ApiClient(http, base, apiKey, actingTenant, checkContract, more);
    }

    /** The same client connecting from another local address (e.g. 127.0.0.7: a client address of its own). */
    public ApiClient from(java.net.InetAddress localAddress) {
        return new ApiClient(HttpClient.newBuilder().localAddress(localAddress).sslContext(http.sslContext()).build(), base,
                apiKey, actingTenant, checkContract, headers);
    }

    public HttpResult get(String path) {
        return send("GET", path, null);
    }

    public HttpResult post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    public HttpResult put(String path, Object body, String... headers) {
        return send("PUT", path, body, headers);
    }

    public HttpResult patch(String path, Object body, String... headers) {
        List<String> h = new ArrayList<>(List.of(headers));
        if (!h.contains("Content-Type")) {
            h.addAll(List.of("Content-Type", "application/merge-patch+json"));
        }
        return send("PATCH", path, body, h.toArray(String[]::new));
    }

    public HttpResult delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /**
     * Sends a request; a String body goes as-is (to send malformed JSON), a BodyPublisher as it
     * publishes (e.g. chunked), anything else as JSON.
     * {@code headers} are name/value pairs; a body goes as application/json unless they name a
     * Content-Type, and a Content-Type of "" sends none at all.
     */
    public HttpResult send(String method, String path, Object body, String... headers) {
        try {
            String text = body == null || body instanceof HttpRequest.BodyPublisher ? null
                    : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.BodyPublisher publisher = body instanceof HttpRequest.BodyPublisher p ? p
                    : text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text);
            var request = HttpRequest.newBuilder(URI.create(base + path)).method(method, publisher);
            boolean contentType = false;
            for (int i = 0; i < this.headers.size(); i += 2) {
                request.header(this.headers.get(i), this.headers.get(i + 1));
            }
            for (int i = 0; i < headers.length; i += 2) {
                boolean isContentType = headers[i].equalsIgnoreCase("Content-Type");
                if (!(isContentType && headers[i + 1].isEmpty())) {
                    request.header(headers[i], headers[i + 1]);
                }
                contentType |= isContentType;
            }
            if (body != null && !contentType) {
                request.header("Content-Type", "application/json");
            }
            if (apiKey != null) {
                request.header("Authorization", "Bearer " + apiKey);
            }
            if (actingTenant != null) {
                request.header("Vpnaas-Tenant-Id", actingTenant);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            HttpResult result = new HttpResult(response.statusCode(), response.headers(), response.body());
            if (checkContract) {
                OpenApiContract.get().check(method, path, result.status(),
                        response.headers().firstValue("Content-Type").orElse(null), result.body());
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
