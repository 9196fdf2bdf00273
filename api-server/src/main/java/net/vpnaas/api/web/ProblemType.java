package net.vpnaas.api.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The stable problem types of the API (RFC 9457 {@code type} URIs). Clients branch on these, so a
 * value is never renamed; the OpenAPI contract lists them.
 */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "The request is malformed"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "A valid API key or session is required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "The caller's role does not allow this"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "No such resource"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Only application/json responses are available"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "The request conflicts with the current state"),
    RESOURCE_IN_USE("resource-in-use", HttpStatus.CONFLICT, "The resource is still referenced"),
    PRECONDITION_FAILED("precondition-failed", HttpStatus.PRECONDITION_FAILED, "The resource changed since it was read"),
    URI_TOO_LONG("uri-too-long", HttpStatus.URI_TOO_LONG, "The request target is too long"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The request body must be JSON"),
    VALIDATION_FAILED("validation-failed", HttpStatus.UNPROCESSABLE_CONTENT, "The request body is not valid"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT,
            "The Idempotency-Key was already used with a different request"),
    TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS,
            "Too many failed sign-ins; retry after the time given"),
    INTERNAL("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    SERVICE_BUSY("service-busy", HttpStatus.SERVICE_UNAVAILABLE, "The server is busy; retry after the time given");

    public static final String BASE = "https://vpnaas.net/problems/";

    private final URI uri;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.uri = URI.create(BASE + slug);
        this.status = status;
        this.title = title;
    }

    /** The type for a status that something other than our code chose (Tomcat, a servlet error). */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> VALIDATION_FAILED;
            case 429 -> TOO_MANY_REQUESTS;
            case 503 -> SERVICE_BUSY;
            default -> status >= 400 && status < 500 ? MALFORMED_REQUEST : INTERNAL;
        };
    }

    public URI uri() { return uri; }
    public HttpStatus status() { return status; }
    public String title() { return title; }
}
