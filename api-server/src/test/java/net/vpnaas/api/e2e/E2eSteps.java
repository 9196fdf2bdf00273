package net.vpnaas.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Supplier;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.ike.interop.NetNs;

/** What the end-to-end tests do and read through the REST API, and how they wait for it. */
final class E2eSteps {
    static final Duration WAIT = Duration.ofSeconds(20);

    private E2eSteps() {}

    static String created(HttpResult r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    static JsonNode status(ApiClient api, String gateway) {
        return api.get("/v1/gateways/" + gateway + "/status").json();
    }

    /** The first agent of the gateway's status: its applied version, last error. */
    static JsonNode agentRow(ApiClient api, String gateway) {
        return status(api, gateway).get("agents").get(0);
    }

    static String tunnelStatus(ApiClient api, String tunnel) {
        return api.get("/v1/tunnels/" + tunnel).json().path("status").asText();
    }

    static JsonNode securityAssociations(ApiClient api, String tunnel) {
        return api.get("/v1/tunnels/" + tunnel + "/security-associations").json();
    }

    /** Three pings from {@code from} in {@code ns} to {@code to}, which must all pass. */
    static void ping(NetNs ns, String from, String to) {
        var r = ns.tryExec("ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", from, to);
        assertThat(r.exitCode()).as("ping %s -> %s through the tunnel:\n%s", from, to, r.stdout()).isZero();
    }

    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        await(what, WAIT, condition);
    }

    static void await(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            Thread.sleep(100);
        }
    }
}
