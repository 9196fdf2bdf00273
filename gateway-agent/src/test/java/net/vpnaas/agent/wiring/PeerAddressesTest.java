package net.vpnaas.agent.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Peers' DNS names looked up in the background, with a resolver the test answers for: a watch never
 * waits for a lookup, tunnels hear of the first address, of a move, of a name that stops resolving
 * (once), and nothing while the name still resolves to the address they use.
 */
class PeerAddressesTest {
    private static final Duration REFRESH = Duration.ofMillis(100);
    private static final InetAddress A = InetAddress.ofLiteral("192.0.2.10");
    private static final InetAddress B = InetAddress.ofLiteral("192.0.2.20");
    private static final InetAddress V6 = InetAddress.ofLiteral("2001:db8::20");

    /** The DNS as the test sets it: a name without an answer does not resolve. */
    private final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();

    private List<InetAddress> lookUp(String name) throws UnknownHostException {
        List<InetAddress> answer = dns.get(name);
        if (answer == null) throw new UnknownHostException(name);
        return answer;
    }

    /** Everything a tunnel heard, in order: addresses and reasons. */
    private static final class Heard implements PeerAddresses.Watcher {
        final List<Object> news = new CopyOnWriteArrayList<>();

        @Override
        public void resolved(InetAddress address) {
            news.add(address);
        }

        @Override
        public void unresolvable(String reason) {
            news.add(reason);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void tunnelsHearOfTheFirstAddressOfAMoveAndOfNothingElse() throws Exception {
        dns.put("peer.example", List.of(A));
        try (PeerAddresses addresses = new PeerAddresses(this::lookUp, REFRESH)) {
            Heard first = new Heard();
            assertThat(addresses.watch("t1", "peer.example", a -> true, first)).as("nothing known yet: no lookup on this thread").isEmpty();
            await("the first address", () -> first.news.equals(List.of(A)));

            Heard second = new Heard();
            assertThat(addresses.watch("t2", "peer.example", a -> true, second)).as("known now").contains(A);

            dns.put("peer.example", List.of(B));
            await("the move, told to both", () -> first.news.equals(List.of(A, B)) && second.news.equals(List.of(B)));

            dns.put("peer.example", List.of(A, B)); // round-robin: B is still there, so the tunnels stay
            Thread.sleep(REFRESH.multipliedBy(4).toMillis());
            assertThat(first.news).containsExactly(A, B);

            addresses.unwatch("t2");
            dns.remove("peer.example");
            await("the name stops resolving", () -> first.news.size() == 3);
            Thread.sleep(REFRESH.multipliedBy(4).toMillis());
            assertThat(first.news).as("told once").containsExactly(A, B, "the peer's name 'peer.example' does not resolve");
            assertThat(second.news).as("no longer watching").containsExactly(B);
        }
    }

    @Test
    void anAddressOfAFamilyTheGatewayHasNoneOfIsNoAddressForTheTunnel() throws Exception {
        dns.put("v6only.example", List.of(V6));
        try (PeerAddresses addresses = new PeerAddresses(this::lookUp, REFRESH)) {
            Heard heard = new Heard();
            addresses.watch("t", "v6only.example", a -> a instanceof Inet4Address, heard);
            await("told why", () -> !heard.news.isEmpty());
            assertThat(heard.news).containsExactly(
                    "the peer's name 'v6only.example' resolves to [2001:db8:0:0:0:0:0:20], none of an address family the gateway has");
            dns.put("v6only.example", List.of(V6, A));
            await("the IPv4 address", () -> heard.news.size() == 2);
            assertThat(heard.news.getLast()).isEqualTo(A);
        }
    }

    @Test
    void aSlowLookupNeverHoldsUpAWatch() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        try (PeerAddresses addresses = new PeerAddresses(name -> {
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(A);
        }, REFRESH)) {
            Heard heard = new Heard();
            long t0 = System.nanoTime();
            assertThat(addresses.watch("t", "slow.example", a -> true, heard)).isEmpty();
            assertThat(addresses.watch("u", "other.example", a -> true, new Heard())).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
            answer.countDown();
            await("the address once the DNS answered", () -> heard.news.equals(List.of(A)));
        }
    }
}
