package net.vpnaas.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The admission gate on its own, with servlet mocks as the seam: every API test's request passes
 * through the real filter in the running server; the queueing and refusal paths are driven here,
 * where requests can be held inside the chain on purpose.
 */
class AdmissionFilterTest {

    private static MockHttpServletRequest request(String uri) {
        return new MockHttpServletRequest("GET", uri);
    }

    /** A chain that records its request's id and blocks until released. */
    private static FilterChain holding(CountDownLatch entered, CountDownLatch release, List<String> order) {
        return (req, res) -> {
            order.add(((MockHttpServletRequest) req).getRequestURI());
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static Thread run(AdmissionFilter filter, String uri, FilterChain chain, MockHttpServletResponse response) {
        return Thread.ofVirtual().start(() -> {
            try {
                filter.doFilter(request(uri), response, chain);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A request inside the chain, holding a permit until {@link #finish}. */
    private record Holder(Thread thread, CountDownLatch release) {
        void finish() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }

    private static Holder holdTheOnlyPermit(AdmissionFilter filter) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch in = new CountDownLatch(1);
        Thread t = run(filter, "/v1/tunnels", holding(in, release, new CopyOnWriteArrayList<>()), new MockHttpServletResponse());
        assertThat(in.await(5, TimeUnit.SECONDS)).isTrue();
        return new Holder(t, release);
    }

    @Test
    void waitingRequestsRunInArrivalOrderAsPermitsFree() throws Exception {
        AdmissionFilter filter = new AdmissionFilter(new AdmissionProperties(1, Duration.ofSeconds(10)));
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstIn = new CountDownLatch(1);
        Thread first = run(filter, "/v1/peers/first", holding(firstIn, release, order), new MockHttpServletResponse());
        assertThat(firstIn.await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch all = new CountDownLatch(4);
        FilterChain recording = (req, res) -> {
            order.add(((MockHttpServletRequest) req).getRequestURI());
            all.countDown();
        };
        List<Thread> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(run(filter, "/v1/peers/" + i, recording, new MockHttpServletResponse()));
            Thread.sleep(50); // let each one queue before the next arrives
        }
        assertThat(order).as("none runs while the only permit is held").containsExactly("/v1/peers/first");
        release.countDown();
        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        first.join();
        for (Thread t : waiting) t.join();
        assertThat(order).containsExactly("/v1/peers/first", "/v1/peers/0", "/v1/peers/1", "/v1/peers/2", "/v1/peers/3");
    }

    @Test
    void aRequestThatWaitsTooLongGets503ServiceBusyAndNeverRuns() throws Exception {
        AdmissionFilter filter = new AdmissionFilter(new AdmissionProperties(1, Duration.ofMillis(100)));
        Holder holder = holdTheOnlyPermit(filter);

        MockHttpServletResponse refused = new MockHttpServletResponse();
        List<String> ran = new CopyOnWriteArrayList<>();
        filter.doFilter(request("/v1/peers"), refused, (req, res) -> ran.add("ran"));

        assertThat(ran).isEmpty();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        assertThat(refused.getContentAsString()).contains("https://vpnaas.net/problems/service-busy");
        holder.finish();

        MockHttpServletResponse later = new MockHttpServletResponse();
        filter.doFilter(request("/v1/peers"), later, (req, res) -> ran.add("ran"));
        assertThat(ran).as("the permit came back when the holder finished").containsExactly("ran");
    }

    @Test
    void everyRequestIsQueuedWhateverItsPath() throws Exception {
        AdmissionFilter filter = new AdmissionFilter(new AdmissionProperties(1, Duration.ofMillis(50)));
        Holder holder = holdTheOnlyPermit(filter);

        List<String> ran = new CopyOnWriteArrayList<>();
        for (String path : List.of("/v1;x=1/gateways", "/V1/gateways", "/actuator/health", "/error", "/")) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            filter.doFilter(request(path), response, (req, res) -> ran.add(path));
            assertThat(response.getStatus()).as(path).isEqualTo(503);
        }
        assertThat(ran).as("no path passes the gate while it is full").isEmpty();
        holder.finish();
    }

    @Test
    void theDefaultLimitIsTwoPerCore() {
        assertThat(new AdmissionProperties(0, Duration.ofSeconds(10)).limit())
                .isEqualTo(2 * Runtime.getRuntime().availableProcessors());
        assertThat(new AdmissionProperties(7, Duration.ofSeconds(10)).limit()).isEqualTo(7);
    }

    @Test
    void aFailingRequestGivesItsPermitBack() throws Exception {
        AdmissionFilter filter = new AdmissionFilter(new AdmissionProperties(1, Duration.ofMillis(100)));
        assertThatThrownBy(() -> filter.doFilter(request("/v1/peers"), new MockHttpServletResponse(), (req, res) -> {
            throw new IllegalStateException("handler failed");
        })).isInstanceOf(IllegalStateException.class);

        MockHttpServletResponse next = new MockHttpServletResponse();
        filter.doFilter(request("/v1/peers"), next, (req, res) -> ((jakarta.servlet.http.HttpServletResponse) res).setStatus(204));
        assertThat(next.getStatus()).isEqualTo(204);
    }
}
