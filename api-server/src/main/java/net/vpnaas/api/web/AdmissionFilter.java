package net.vpnaas.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission control for the API: a few requests to the API port run at once (see
 * {@link AdmissionProperties}); the others wait in arrival order. Fifty requests interleaved on a
 * few cores all finish late together, and the heavier kinds (a page of 50) latest; run a few at a
 * time, a request's latency is mostly the queue ahead of it, about the same for every kind. A
 * request that waits too long gets 503 {@code service-busy} with Retry-After, so overload is a
 * clear answer instead of a pile-up. No request to the API port is exempt, whatever its path; health
 * and metrics are served on the management port, outside this filter, so a probe never fails because
 * the API is busy.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
public class AdmissionFilter extends OncePerRequestFilter {
    private final Semaphore permits;
    private final long timeoutMillis;

    AdmissionFilter(AdmissionProperties properties) {
        this.permits = new Semaphore(properties.limit(), true);
        this.timeoutMillis = properties.maxWait().toMillis();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            admitted = permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            response.setHeader("Retry-After", "1");
            ProblemWriter.write(response, ProblemType.SERVICE_BUSY, "too many requests are waiting; retry in a second", List.of());
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}
