package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.RawHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Rights follow the route Spring serves, never the spelling of the path. Every admin-only and every
 * mutating endpoint is called by every kind of caller, once on its plain path and once per spelling a
 * hostile client might try, over a raw socket (so the target reaches the server byte for byte).
 * A spelling is one of three kinds:
 * <ul>
 * <li>{@link Kind#SAME}: it decodes to the plain path (percent-encoded letters): the answer and the rows it
 *     adds or removes must equal the plain path's, for every caller.
 * <li>{@link Kind#REFUSED}: not a canonical path ({@code ;} parameters, {@code //}, {@code .} and
 *     {@code ..} segments, encoded slashes and dots, backslashes): 400 for everyone, nothing changes.
 * <li>{@link Kind#NO_ROUTE}: a path no handler serves (trailing slash, other letter case): 404 with a
 *     valid key, 401 without; nothing changes.
 * </ul>
 * Against the code before this test (admin-only checked by a prefix of the raw URI, /v1 by prefix too)
 * an operator created admin keys through {@code /v1/%61pi-keys} and {@code /v1;x=1/...} reached
 * controllers unauthenticated.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathTrickAuthorizationTest extends ApiTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Kind { SAME, REFUSED, NO_ROUTE }

    /** A way to write a path: {@code spell} gets the plain path, e.g. {@code /v1/api-keys/<id>}. */
    record Spelling(String name, Kind kind, UnaryOperator<String> spell) {}

    static final List<Spelling> SPELLINGS = List.of(
            new Spelling("percent-encoded first letter of the collection", Kind.SAME,
                    p -> "/v1/%" + Integer.toHexString(p.charAt(4)) + p.substring(5)),
            new Spelling("percent-encoded letter of v1", Kind.SAME, p -> "/%761" + p.substring(3)),
            new Spelling("percent-encoded every letter of the collection (upper-case hex)", Kind.SAME,
                    PathTrickAuthorizationTest::encodeCollection),
            new Spelling("';' parameter on v1", Kind.REFUSED, p -> "/v1;x=1" + p.substring(3)),
            new Spelling("';' parameter on the last segment", Kind.REFUSED, p -> p + ";x=1"),
            new Spelling("empty ';' parameter", Kind.REFUSED, p -> "/v1;" + p.substring(3)),
            new Spelling("'//' inside", Kind.REFUSED, p -> "/v1/" + p.substring(3)),
            new Spelling("'//' in front", Kind.REFUSED, p -> "/" + p),
            new Spelling("'/./' inside", Kind.REFUSED, p -> "/v1/." + p.substring(3)),
            new Spelling("'..' climbing back", Kind.REFUSED, p -> "/v1/x/.." + p.substring(3)),
            new Spelling("'..' from a longer path", Kind.REFUSED, p -> p + "/extra/.."),
            new Spelling("percent-encoded dot segment", Kind.REFUSED, p -> "/v1/%2e" + p.substring(3)),
            new Spelling("percent-encoded slash", Kind.REFUSED, p -> "/v1%2F" + p.substring(4)),
            new Spelling("percent-encoded slash (lower-case hex)", Kind.REFUSED, p -> "/v1%2f" + p.substring(4)),
            new Spelling("backslash", Kind.REFUSED, p -> "/v1\\" + p.substring(4)),
            new Spelling("percent-encoded backslash", Kind.REFUSED, p -> "/v1%5C" + p.substring(4)),
            new Spelling("double percent-encoding", Kind.REFUSED, p -> "/v1/%2561" + p.substring(5)),
            new Spelling("trailing slash", Kind.NO_ROUTE, p -> p + "/"),
            new Spelling("upper case", Kind.NO_ROUTE, p -> p.toUpperCase(java.util.Locale.ROOT)),
            new Spelling("upper-case collection", Kind.NO_ROUTE,
                    p -> "/v1/" + Character.toUpperCase(p.charAt(4)) + p.substring(5)));

    /** Who calls: an API key (null: none) and the tenant it acts on (null: its own). */
    record CallerKind(String name, String key, String actingTenant) {}

    /**
     * An endpoint; {@code path} and {@code body} are made anew for every call (a fresh resource to
     * change or delete, a fresh name to create), so that each call finds the same situation.
     */
    record Endpoint(String name, String method, Supplier<String> path, Supplier<String> body) {}

    private TenantFixture customer;
    private String gateway;
    private String peer;
    private String policy;
    private List<CallerKind> callers;

    @BeforeAll
    void tenantsAndKeys() {
        TenantFixture msp = newTenant("msp");
        // an MSP itself, so that tenants can be created and deleted inside it
        customer = newChild(msp, "msp");
        TenantFixture foreign = newTenant("customer");
        callers = List.of(
                new CallerKind("viewer", createKey(customer.admin(), "viewer"), null),
                new CallerKind("operator", createKey(customer.admin(), "operator"), null),
                new CallerKind("admin", customer.adminKey(), null),
                new CallerKind("MSP operator", createKey(msp.admin(), "operator"), customer.id()),
                new CallerKind("MSP admin", msp.adminKey(), customer.id()),
                new CallerKind("foreign admin", foreign.adminKey(), null),
                new CallerKind("no key", null, null));
        gateway = created(customer.admin().post("/v1/gateways", gatewayBody(unique("gw"))));
        peer = created(customer.admin().post("/v1/peers", peerBody(unique("peer"))));
        policy = created(customer.admin().post("/v1/crypto-policies", policyBody(unique("pol"))));
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> e = new ArrayList<>();
        Supplier<Map<String, Object>> tenant = () -> body("name", unique("t"), "kind", "customer");
        Supplier<Map<String, Object>> adminKey = () -> body("name", unique("k"), "role", "admin");
        e.add(new Endpoint("create tenant", "POST", () -> "/v1/tenants", json(tenant)));
        e.add(new Endpoint("replace tenant", "PUT", fresh("/v1/tenants", tenant), json(tenant)));
        e.add(new Endpoint("patch tenant", "PATCH", fresh("/v1/tenants", tenant), PATCH));
        e.add(new Endpoint("delete tenant", "DELETE", fresh("/v1/tenants", tenant), NO_BODY));
        e.add(new Endpoint("create admin key", "POST", () -> "/v1/api-keys", json(adminKey)));
        e.add(new Endpoint("revoke admin key", "DELETE", fresh("/v1/api-keys", adminKey), NO_BODY));
        e.add(new Endpoint("create enrollment token", "POST", () -> "/v1/gateways/" + gateway + "/enrollment-tokens", () -> "{}"));
        resource(e, "gateway", "/v1/gateways", () -> gatewayBody(unique("gw")));
        resource(e, "peer", "/v1/peers", () -> peerBody(unique("peer")));
        resource(e, "crypto policy", "/v1/crypto-policies", () -> policyBody(unique("pol")));
        resource(e, "tunnel", "/v1/tunnels", () -> tunnelBody(unique("tun"), gateway, peer, policy));
        return e;
    }

    private static final Supplier<String> NO_BODY = () -> null;
    private static final Supplier<String> PATCH = () -> json(body("labels", Map.of("patched", "yes")));

    private void resource(List<Endpoint> e, String name, String collection, Supplier<Map<String, Object>> body) {
        e.add(new Endpoint("create " + name, "POST", () -> collection, json(body)));
        e.add(new Endpoint("replace " + name, "PUT", fresh(collection, body), json(body)));
        e.add(new Endpoint("patch " + name, "PATCH", fresh(collection, body), PATCH));
        e.add(new Endpoint("delete " + name, "DELETE", fresh(collection, body), NO_BODY));
    }

    /** The path of a new resource in the customer tenant, made on the plain path by its admin. */
    private Supplier<String> fresh(String collection, Supplier<Map<String, Object>> body) {
        return () -> collection + "/" + created(customer.admin().post(collection, body.get()));
    }

    @Test
    void noSpellingOfAPathChangesWhatACallerMayDo(CapturedOutput output) {
        List<String> mismatches = new ArrayList<>();
        int calls = 0;
        for (Endpoint endpoint : endpoints()) {
            for (CallerKind caller : callers) {
                Outcome plain = call(endpoint, caller, UnaryOperator.identity());
                for (Spelling spelling : SPELLINGS) {
                    Outcome tricked = call(endpoint, caller, spelling.spell());
                    calls++;
                    String expected = switch (spelling.kind()) {
                        case SAME -> plain.status + " " + plain.rowsChanged;
                        case REFUSED -> "400 {}";
                        case NO_ROUTE -> (caller.key() == null ? 401 : 404) + " {}";
                    };
                    String actual = tricked.status + " " + tricked.rowsChanged;
                    if (!actual.equals(expected) || !tricked.problemJsonIfError) {
                        mismatches.add("%s as %s, %s (%s): expected %s, got %s %s".formatted(endpoint.name(), caller.name(),
                                spelling.name(), tricked.target, expected, actual, tricked.problemJsonIfError ? "" : "(not problem+json)"));
                    }
                }
            }
        }
        assertThat(mismatches).as("out of %d tricked calls", calls).isEmpty();
        assertThat(output.getAll()).as("no stack trace in the log").doesNotContain("\tat ");
    }

    /** Sanity for the table above: the plain paths themselves give each role what the contract says. */
    @Test
    void plainPathsGiveEachRoleItsRights() {
        Map<String, List<Integer>> byEndpoint = new java.util.LinkedHashMap<>();
        for (Endpoint endpoint : endpoints()) {
            List<Integer> statuses = new ArrayList<>();
            for (CallerKind caller : callers) {
                statuses.add(call(endpoint, caller, UnaryOperator.identity()).status);
            }
            byEndpoint.put(endpoint.name(), statuses);
        }
        // viewer, operator, admin, MSP operator, MSP admin, foreign admin, no key
        assertThat(byEndpoint.get("create admin key")).containsExactly(403, 403, 201, 403, 201, 201, 401);
        assertThat(byEndpoint.get("revoke admin key")).containsExactly(403, 403, 204, 403, 204, 404, 401);
        assertThat(byEndpoint.get("create tenant")).containsExactly(403, 403, 201, 403, 201, 409, 401);
        assertThat(byEndpoint.get("delete tenant")).containsExactly(403, 403, 204, 403, 204, 404, 401);
        assertThat(byEndpoint.get("create enrollment token")).containsExactly(403, 403, 201, 403, 201, 404, 401);
        assertThat(byEndpoint.get("create gateway")).containsExactly(403, 201, 201, 201, 201, 201, 401);
        assertThat(byEndpoint.get("delete tunnel")).containsExactly(403, 204, 204, 204, 204, 404, 401);
    }

    private record Outcome(String target, int status, Map<String, Long> rowsChanged, boolean problemJsonIfError) {}

    private Outcome call(Endpoint endpoint, CallerKind caller, UnaryOperator<String> spell) {
        String target = spell.apply(endpoint.path().get());
        String body = endpoint.body().get();
        Map<String, Long> before = rowCounts();
        String contentType = body == null ? null
                : endpoint.method().equals("PATCH") ? "application/merge-patch+json" : "application/json";
        RawHttp.Response response = RawHttp.send(port, endpoint.method(), target, body,
                "Authorization", caller.key() == null ? null : "Bearer " + caller.key(),
                "Vpnaas-Tenant-Id", caller.actingTenant(), "Content-Type", contentType);
        Map<String, Long> after = rowCounts();
        Map<String, Long> changed = new java.util.TreeMap<>();
        after.forEach((table, count) -> {
            if (!count.equals(before.get(table))) {
                changed.put(table, count - before.get(table));
            }
        });
        boolean problemJson = response.status() < 400
                || String.valueOf(response.header("Content-Type")).startsWith("application/problem+json");
        return new Outcome(target, response.status(), changed, problemJson);
    }

    private static String encodeCollection(String plain) {
        int end = plain.indexOf('/', 4);
        String collection = plain.substring(4, end < 0 ? plain.length() : end);
        StringBuilder encoded = new StringBuilder("/v1/");
        for (char c : collection.toCharArray()) {
            encoded.append(Character.isLetter(c) ? "%" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) : String.valueOf(c));
        }
        return encoded + (end < 0 ? "" : plain.substring(end));
    }

    private static Supplier<String> json(Supplier<Map<String, Object>> body) {
        return () -> json(body.get());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
