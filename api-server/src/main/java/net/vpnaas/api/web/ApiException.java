package net.vpnaas.api.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.vpnaas.model.validation.Violation;

/** A request the API refuses, carried to {@link ApiExceptionHandler} and written as problem+json. */
public class ApiException extends RuntimeException {
    private final ProblemType type;
    private final List<Violation> errors;
    /** Extension members of the problem beside {@code errors} (e.g. {@code totpRequired}). */
    private final Map<String, Object> extensions;
    /** Response headers that go with the problem (e.g. {@code Retry-After}). */
    private final Map<String, String> headers;

    public ApiException(ProblemType type, String detail, List<Violation> errors) {
        this(type, detail, errors, Map.of(), Map.of());
    }

    private ApiException(ProblemType type, String detail, List<Violation> errors, Map<String, Object> extensions,
                         Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
        this.headers = Map.copyOf(headers);
    }

    public ApiException withExtension(String member, Object value) {
        var more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new ApiException(type, getMessage(), errors, more, headers);
    }

    public ApiException withHeader(String name, String value) {
        var more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(type, getMessage(), errors, extensions, more);
    }

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public static ApiException notFound(String resourceType) {
        return new ApiException(ProblemType.NOT_FOUND, "no such " + resourceType);
    }

    public static ApiException invalid(List<Violation> errors) {
        return new ApiException(ProblemType.VALIDATION_FAILED, "the request body has " + errors.size() + " invalid field(s)", errors);
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(ProblemType.MALFORMED_REQUEST, detail, List.of(new Violation(field, detail)));
    }

    public ProblemType type() { return type; }
    public List<Violation> errors() { return errors; }
    public Map<String, Object> extensions() { return extensions; }
    public Map<String, String> headers() { return headers; }
}
