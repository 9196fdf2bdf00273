package net.vpnaas.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApiKeyTokenTest {
    @Test
    void roundTripsAndOnlyItsOwnSecretMatches() {
        UUID id = UUID.randomUUID();
        ApiKeyToken token = ApiKeyToken.generate(id);
        assertThat(token.text()).matches("vpk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}");
        ApiKeyToken parsed = ApiKeyToken.parse(token.text());
        assertThat(parsed.keyId()).isEqualTo(id);
        assertThat(parsed.matches(token.secretHash())).isTrue();
        assertThat(ApiKeyToken.generate(id).matches(token.secretHash())).isFalse();
        assertThat(token.toString()).doesNotContain(token.secret());
    }

    @Test
    void refusesAnythingElse() {
        String good = ApiKeyToken.generate(UUID.randomUUID()).text();
        assertThat(ApiKeyToken.parse(good + "x")).isNull();
        assertThat(ApiKeyToken.parse(good.replace("vpk_", "vpx_"))).isNull();
        assertThat(ApiKeyToken.parse(good.toUpperCase())).isNull();
        assertThat(ApiKeyToken.parse("")).isNull();
    }
}
