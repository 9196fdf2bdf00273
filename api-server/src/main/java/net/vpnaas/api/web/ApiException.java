package net.vpnaas.api.web;

import java.util.List;
import net.vpnaas.model.validation.Violation;

/** A request the API refuses, carried to {@link ApiExceptionHandler} and written as problem+json. */
public class ApiException extends RuntimeException {
    private final ProblemType type;
    private final List<Violation> errors;

    public ApiException(ProblemType type, String detail, List<Violation> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
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
}
