package net.vpnaas.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;

/** A response the tests received: status, headers, body text and (when JSON) the parsed body. */
public record HttpResult(int status, HttpHeaders headers, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public String id() {
        return json().get("id").asText();
    }

    public String etag() {
        return header("ETag");
    }

    /** The {@code field} values of the problem's {@code errors} extension. */
    public java.util.List<String> errorFields() {
        var out = new java.util.ArrayList<String>();
        json().path("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }

    public String problemType() {
        return json().path("type").asText();
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
