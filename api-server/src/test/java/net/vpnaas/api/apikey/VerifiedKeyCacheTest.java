package net.vpnaas.api.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.api.apikey.ApiKeyService.ActiveKey;
import net.vpnaas.api.auth.ApiKeyToken;
import net.vpnaas.model.Role;
import org.junit.jupiter.api.Test;

/** The cache in isolation, on a hand-driven clock; ApiWalkthroughTest covers revocation end to end. */
class VerifiedKeyCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final VerifiedKeyCache cache = new VerifiedKeyCache(now::get);
    private final UUID tenant = UUID.randomUUID();
    private final ApiKeyToken token = ApiKeyToken.generate(UUID.randomUUID());
    private final ActiveKey key = new ActiveKey(token.keyId(), tenant, Role.OPERATOR);

    @Test
    void answersOnlyTheVerifiedSecretUntilTheEntryExpires() {
        assertThat(cache.get(token.keyId(), token.secretHash())).isEmpty();
        cache.put(token.secretHash(), key, cache.generation());
        assertThat(cache.get(token.keyId(), token.secretHash())).contains(key);

        ApiKeyToken sameIdOtherSecret = new ApiKeyToken(token.keyId(), ApiKeyToken.generate(token.keyId()).secret());
        assertThat(cache.get(token.keyId(), sameIdOtherSecret.secretHash())).as("wrong secret").isEmpty();

        now.addAndGet(VerifiedKeyCache.TTL.toNanos() - 1);
        assertThat(cache.get(token.keyId(), token.secretHash())).isPresent();
        now.addAndGet(1);
        assertThat(cache.get(token.keyId(), token.secretHash())).as("expired").isEmpty();
    }

    @Test
    void forgettingAKeyOrItsTenantTakesEffectAtOnce() {
        ApiKeyToken other = ApiKeyToken.generate(UUID.randomUUID());
        ActiveKey otherKey = new ActiveKey(other.keyId(), UUID.randomUUID(), Role.ADMIN);
        cache.put(token.secretHash(), key, cache.generation());
        cache.put(other.secretHash(), otherKey, cache.generation());

        cache.forget(token.keyId());
        assertThat(cache.get(token.keyId(), token.secretHash())).isEmpty();
        assertThat(cache.get(other.keyId(), other.secretHash())).contains(otherKey);

        cache.put(token.secretHash(), key, cache.generation());
        cache.forgetTenant(tenant);
        assertThat(cache.get(token.keyId(), token.secretHash())).isEmpty();
        assertThat(cache.get(other.keyId(), other.secretHash())).contains(otherKey);
    }

    @Test
    void aLookupThatRacedWithARevocationIsNotRemembered() {
        long before = cache.generation();   // lookup starts, reads the row while it is still active
        cache.forget(token.keyId());        // meanwhile the revocation commits
        cache.put(token.secretHash(), key, before);
        assertThat(cache.get(token.keyId(), token.secretHash())).isEmpty();
    }
}
