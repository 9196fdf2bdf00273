package net.vpnaas.api.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import net.vpnaas.api.auth.Access;
import net.vpnaas.model.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}), in place of Spring Boot's: problem+json for
 * failures that happened outside Spring MVC's exception handling (in a filter, or a {@code sendError}).
 * Asked for directly, with no failure to report, it is a 404 like any path without a route.
 */
@RestController
@Access(changes = Role.VIEWER)
class ProblemErrorController implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer status)) {
            return Problems.response(ProblemType.NOT_FOUND, "no such resource", List.of());
        }
        ProblemType type = ProblemType.forStatus(status);
        if (type == ProblemType.INTERNAL) {
            log.error("unexpected error in {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        return Problems.response(type, type.title(), List.of());
    }
}
