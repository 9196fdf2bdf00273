package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.api.agent.SnapshotSource;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.GatewayDefence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A gateway's defence thresholds: the defaults when left out, shown whole, written on create and replace,
 * changed in parts by a merge patch (null: back to the default), refused naming the field when out of
 * order, and carried to the gateway's snapshot with a new config revision.
 */
class GatewayDefenceApiTest extends ApiTestBase {
    private static final String DEFAULTS = "{\"cookieThreshold\":50,\"puzzleThreshold\":200,\"halfOpenLimit\":2000,"
            + "\"perAddressLimit\":50,\"perPrefixLimit\":200,\"maxPuzzleDifficulty\":20,\"authFailureLimit\":5}";

    @Autowired
    SnapshotSource snapshots;

    private GatewayDefence pushed(String gatewayId) {
        return snapshots.current(UUID.fromString(gatewayId)).orElseThrow().getDefence();
    }

    @Test
    void defaultsWhenLeftOutChangedInPartsAndPushedToTheGateway() {
        ApiClient api = newTenant("customer").admin();
        HttpResult created = api.post("/v1/gateways", gatewayBody(unique("gw")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.json().get("defence").toString()).isEqualTo(DEFAULTS);
        assertThat(api.get("/v1/gateways/" + id).json().get("defence").toString()).isEqualTo(DEFAULTS);
        assertThat(pushed(id).getCookieThreshold()).isEqualTo(50);
        long revision = created.json().get("configRevision").asLong();

        HttpResult patched = api.patch("/v1/gateways/" + id, body("defence", body("cookieThreshold", 0, "maxPuzzleDifficulty", 12)));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("defence").get("cookieThreshold").asInt()).as("0: cookies always, not the default").isZero();
        assertThat(patched.json().get("defence").get("maxPuzzleDifficulty").asInt()).isEqualTo(12);
        assertThat(patched.json().get("defence").get("halfOpenLimit").asInt()).as("untouched").isEqualTo(2000);
        assertThat(patched.json().get("configRevision").asLong()).as("the agents must run it").isGreaterThan(revision);
        GatewayDefence pushed = pushed(id);
        assertThat(pushed.getCookieThreshold()).isZero();
        assertThat(pushed.getMaxPuzzleDifficulty()).isEqualTo(12);
        assertThat(pushed.getPuzzleThreshold()).isEqualTo(200);
        assertThat(pushed.getAuthFailureLimit()).isEqualTo(5);

        Map<String, Object> nulled = new HashMap<>();
        nulled.put("cookieThreshold", null);
        HttpResult reset = api.patch("/v1/gateways/" + id, body("defence", nulled));
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().get("defence").get("cookieThreshold").asInt()).as("null: the default again").isEqualTo(50);
        assertThat(reset.json().get("defence").get("maxPuzzleDifficulty").asInt()).isEqualTo(12);

        Map<String, Object> replacement = new HashMap<>(gatewayBody(created.json().get("name").asText()));
        replacement.put("defence", body("halfOpenLimit", 400, "puzzleThreshold", 100, "perPrefixLimit", 100, "perAddressLimit", 10));
        HttpResult replaced = api.put("/v1/gateways/" + id, replacement, "If-Match", reset.header("ETag"));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("defence").toString()).as("what PUT leaves out is the default").isEqualTo(
                "{\"cookieThreshold\":50,\"puzzleThreshold\":100,\"halfOpenLimit\":400,\"perAddressLimit\":10,\"perPrefixLimit\":100,"
                        + "\"maxPuzzleDifficulty\":20,\"authFailureLimit\":5}");
        assertThat(pushed(id).getHalfOpenLimit()).isEqualTo(400);
    }

    @Test
    void thresholdsOutOfOrderAreRefusedNamingTheField() {
        ApiClient api = newTenant("customer").admin();
        Map<String, Object> gateway = new HashMap<>(gatewayBody(unique("gw")));
        gateway.put("defence", body("cookieThreshold", 300));
        HttpResult refused = api.post("/v1/gateways", gateway);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("defence.cookieThreshold");
        assertThat(refused.json().get("errors").get(0).get("detail").asText()).isEqualTo("must be between 0 and puzzleThreshold (200)");

        String id = created(api.post("/v1/gateways", gatewayBody(unique("gw"))));
        HttpResult patched = api.patch("/v1/gateways/" + id, body("defence", body("halfOpenLimit", 100)));
        assertThat(patched.status()).as(patched.body()).isEqualTo(422);
        assertThat(patched.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("defence.puzzleThreshold", "defence.perPrefixLimit");
        assertThat(api.get("/v1/gateways/" + id).json().get("defence").get("halfOpenLimit").asInt()).as("unchanged").isEqualTo(2000);

        HttpResult unknown = api.patch("/v1/gateways/" + id, body("defence", body("cookieSecretLifetime", 60)));
        assertThat(unknown.status()).as(unknown.body()).isIn(400, 422);
        assertThat(unknown.body()).contains("defence.cookieSecretLifetime");
        assertThat(List.of(refused, patched)).allSatisfy(r -> assertThat(r.json().has("type")).isTrue());
    }
}
