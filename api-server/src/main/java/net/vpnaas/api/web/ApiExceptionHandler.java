package net.vpnaas.api.web;

import jakarta.persistence.OptimisticLockException;
import jakarta.servlet.ServletException;
import java.util.List;
import java.util.stream.Collectors;
import net.vpnaas.model.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure into RFC 9457 problem+json with a stable type; never leaks internals. */
@RestControllerAdvice
class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ProblemDetail problem = Problems.detail(e.type(), e.getMessage(), e.errors());
        e.extensions().forEach(problem::setProperty);
        var response = ResponseEntity.status(e.type().status()).contentType(Problems.PROBLEM_JSON);
        e.headers().forEach((name, value) -> response.header(name, value));
        return response.body(problem);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.PayloadTooLargeException) {
                return Problems.response(ProblemType.PAYLOAD_TOO_LARGE, t.getMessage(), List.of());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException je) {
                return Problems.response(ProblemType.MALFORMED_REQUEST, "the request body is not acceptable JSON",
                        List.of(jsonViolation(je)));
            }
        }
        return Problems.response(ProblemType.MALFORMED_REQUEST, "a JSON request body is required",
                List.of(new Violation("(body)", "missing or unreadable")));
    }

    /** Same mapping for JSON that fails to bind after a merge patch was applied. */
    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ProblemDetail> json(JacksonException e) {
        return Problems.response(ProblemType.MALFORMED_REQUEST, "the request body is not acceptable JSON",
                List.of(jsonViolation(e)));
    }

    static Violation jsonViolation(JacksonException e) {
        String path = path(e);
        return switch (e) {
            case UnrecognizedPropertyException u -> new Violation(path, "unknown field");
            case InvalidTypeIdException t -> new Violation(path.isEmpty() ? "type" : path + ".type",
                    "missing or unknown type; expected one of the documented values");
            case MismatchedInputException m -> new Violation(path.isEmpty() ? "(body)" : path,
                    m.getTargetType() == null ? "wrong type" : "wrong type; expected " + describe(m.getTargetType()));
            case StreamReadException s -> new Violation(path.isEmpty() ? "(body)" : path,
                    "malformed JSON at line " + s.getLocation().getLineNr() + ", column " + s.getLocation().getColumnNr());
            default -> new Violation(path.isEmpty() ? "(body)" : path, "invalid value");
        };
    }

    private static String describe(Class<?> type) {
        if (type == String.class) return "a string";
        if (type == Integer.class || type == int.class || type == Long.class) return "an integer";
        if (type == Boolean.class) return "a boolean";
        if (java.util.List.class.isAssignableFrom(type)) return "an array";
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord() || type.isInterface()) return "an object";
        if (type == java.util.UUID.class) return "a UUID";
        return "a " + type.getSimpleName();
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String detail = e.getRequiredType() == java.util.UUID.class ? "must be a UUID" : "has the wrong format";
        return Problems.response(ProblemType.MALFORMED_REQUEST, e.getName() + " " + detail,
                List.of(new Violation(e.getName(), detail)));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return Problems.response(ProblemType.MALFORMED_REQUEST, e.getParameterName() + " is required",
                List.of(new Violation(e.getParameterName(), "is required")));
    }

    @ExceptionHandler({OptimisticLockException.class, ObjectOptimisticLockingFailureException.class})
    ResponseEntity<ProblemDetail> concurrentUpdate(Exception e) {
        return Problems.response(ProblemType.PRECONDITION_FAILED, "the resource was changed concurrently; read it again", List.of());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        var duplicateName = DuplicateNames.of(e);
        if (duplicateName.isPresent()) {
            return api(duplicateName.get());
        }
        // the services check references first; this is the race between check and commit
        log.info("constraint violation turned into 409: {}", e.getMostSpecificCause().getMessage());
        return Problems.response(ProblemType.CONFLICT, "the request conflicts with a concurrent change; retry", List.of());
    }

    /** Spring MVC's own refusals (unknown path, wrong method, media types, missing headers). */
    @ExceptionHandler({ServletException.class, ErrorResponseException.class})
    ResponseEntity<ProblemDetail> framework(Exception e) {
        if (!(e instanceof ErrorResponse er)) {
            return unexpected(e);
        }
        if (e instanceof HttpMediaTypeNotSupportedException m) {
            return unsupportedMediaType(m);
        }
        ProblemType type = ProblemType.forStatus(er.getStatusCode().value());
        String detail = type == ProblemType.INTERNAL ? type.title() : er.getBody().getDetail();
        return withHeaders(er.getHeaders(), type, detail == null ? type.title() : detail, List.of());
    }

    /** A problem that keeps the headers Spring set for it (Allow, Accept, Accept-Patch). */
    private static ResponseEntity<ProblemDetail> withHeaders(HttpHeaders headers, ProblemType type, String detail,
                                                             List<Violation> errors) {
        return ResponseEntity.status(type.status()).headers(headers).contentType(Problems.PROBLEM_JSON)
                .body(Problems.detail(type, detail, errors));
    }

    /**
     * Names the Content-Type header and what it must be. Spring lists the media types a PATCH takes
     * (the mapping's {@code consumes}) in Accept-Patch; every other body is plain JSON.
     */
    private static ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        List<MediaType> patch = e.getHeaders().getAcceptPatch();
        String expected = patch.isEmpty() ? MediaType.APPLICATION_JSON_VALUE
                : patch.stream().map(MediaType::toString).collect(Collectors.joining(" or "));
        String detail = e.getContentType() == null ? "the request body has no Content-Type"
                : "Content-Type '" + e.getContentType() + "' is not supported here";
        return withHeaders(e.getHeaders(), ProblemType.UNSUPPORTED_MEDIA_TYPE, detail,
                List.of(new Violation("Content-Type", "must be " + expected)));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error", e);
        return Problems.response(ProblemType.INTERNAL, "internal error", List.of());
    }
}
