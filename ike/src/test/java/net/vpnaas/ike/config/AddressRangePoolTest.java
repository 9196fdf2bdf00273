package net.vpnaas.ike.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class AddressRangePoolTest {

    private static AddressRangePool pool(String first, String last) {
        return new AddressRangePool(Optional.of(new AddressRangePool.Range(InetAddress.ofLiteral(first), InetAddress.ofLiteral(last))),
                Optional.of(new AddressRangePool.Range(InetAddress.ofLiteral("fd00:99::10"), InetAddress.ofLiteral("fd00:99::11"))));
    }

    @Test
    void neverHandsOutOneAddressTwiceUntilReleasedAndSaysWhenEmpty() {
        AddressRangePool p = pool("10.99.0.254", "10.99.1.1"); // across an octet boundary: 4 addresses
        Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) assertThat(seen.add(p.lease("user" + i, false).orElseThrow())).isTrue();
        assertThat(seen).contains(InetAddress.ofLiteral("10.99.0.255"), InetAddress.ofLiteral("10.99.1.0"));
        assertThat(p.lease("fifth", false)).isEmpty();
        p.release(InetAddress.ofLiteral("10.99.0.255"));
        assertThat(p.lease("sixth", false)).contains(InetAddress.ofLiteral("10.99.0.255"));
        assertThat(p.lease("v6", true)).contains(InetAddress.ofLiteral("fd00:99::10"));
    }

    /** A taken-over client's address, leased on another cluster member, is reserved here and not leased again. */
    @Test
    void reserveTakesAFreeAddressOfThePoolOnly() {
        AddressRangePool p = pool("10.99.0.1", "10.99.0.3");
        assertThat(p.reserve(InetAddress.ofLiteral("10.99.0.1"), "taken-over")).isTrue();
        assertThat(p.lease("next", false)).as("the reserved address is not leased again").contains(InetAddress.ofLiteral("10.99.0.2"));
        assertThat(p.reserve(InetAddress.ofLiteral("10.99.0.2"), "other")).as("leased already").isFalse();
        assertThat(p.reserve(InetAddress.ofLiteral("10.99.0.4"), "other")).as("outside the pool").isFalse();
        assertThat(p.reserve(InetAddress.ofLiteral("fd00:99::11"), "v6")).isTrue();
        p.release(InetAddress.ofLiteral("10.99.0.1"));
        assertThat(p.lease("after", false)).contains(InetAddress.ofLiteral("10.99.0.1"));
    }

    @Test
    void concurrentLeasesAreDistinct() throws Exception {
        AddressRangePool p = pool("10.99.0.1", "10.99.0.200");
        Set<InetAddress> leased = ConcurrentHashMap.newKeySet();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                threads.submit(() -> leased.add(p.lease("u" + n, false).orElseThrow()));
            }
        }
        assertThat(leased).hasSize(200);
        assertThat(p.leasedCount()).isEqualTo(200);
    }
}
