package net.vpnaas.api.web;

import java.util.List;
import net.vpnaas.model.validation.Violation;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds RFC 9457 responses with our stable types and the {@code errors} extension. */
public final class Problems {
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {}

    public static ProblemDetail detail(ProblemType type, String detail, List<Violation> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(type.status(), detail);
        p.setType(type.uri());
        p.setTitle(type.title());
        if (!errors.isEmpty()) {
            p.setProperty("errors", errors.stream()
                    .map(e -> new FieldError(e.field(), e.detail()))
                    .toList());
        }
        return p;
    }

    public static ResponseEntity<ProblemDetail> response(ProblemType type, String detail, List<Violation> errors) {
        return ResponseEntity.status(type.status()).contentType(PROBLEM_JSON).body(detail(type, detail, errors));
    }

    /** The shape of one entry of the {@code errors} extension member. */
    public record FieldError(String field, String detail) {}
}
