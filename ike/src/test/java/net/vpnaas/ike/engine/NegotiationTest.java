package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.sasink.EspTransform;
import net.vpnaas.ike.sasink.TrafficSelector;
import org.junit.jupiter.api.Test;

class NegotiationTest {

    private static ConnectionConfig local(ConnectionConfig c, String start, String end) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), c.espProposals(), List.of(ts(start, end)), c.remoteSelectors(), c.lifetimes(), c.dpd(),
                c.retransmit());
    }

    private static ConnectionConfig selectors(ConnectionConfig c, List<TrafficSelector> local, List<TrafficSelector> remote) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), c.espProposals(), local, remote, c.lifetimes(), c.dpd(), c.retransmit());
    }

    private static TrafficSelector ts(String start, String end) {
        return new TrafficSelector(java.net.InetAddress.ofLiteral(start), java.net.InetAddress.ofLiteral(end), 0, 0, 65535);
    }

    /** Notify types in messages the given side sent (inside SK they are not visible, so only IKE_SA_INIT counts). */
    private static List<NotifyType> initNotifies(EnginePair p, boolean response) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_SA_INIT && s.header().response() == response)
                .flatMap(s -> {
                    try {
                        return IkeMessage.decode(s.datagram().data().clone()).payloads(NotifyPayload.class).stream().map(NotifyPayload::notifyType);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList();
    }

    @Test
    void invalidKePayloadMakesTheInitiatorRetryWithTheRequestedGroup() {
        // HDR, SAi1, KEi(x25519), Ni  -->
        //                     <--  HDR, N(INVALID_KE_PAYLOAD, group 19)
        // HDR, SAi1, KEi(ecp256), Ni  -->
        //                     <--  HDR, SAr1, KEr(ecp256), Nr
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, "aes256gcm16-prfsha256-x25519-ecp256", "aes256gcm16"),
                c -> EnginePair.with(c, "aes256gcm16-prfsha256-ecp256", "aes256gcm16"), EngineOptions.DEFAULT)) {
            p.establish();
            p.assertMirrored();
            assertThat(initNotifies(p, true)).contains(NotifyType.INVALID_KE_PAYLOAD);
            assertThat(p.alice.ikeSas("net").getFirst().algorithms().keyExchange().name()).isEqualTo("ECP_256");
        }
    }

    @Test
    void aLateCopyOfInvalidKePayloadDoesNotKillTheRetry() {
        // HDR, SAi1, KEi(x25519), Ni  -->
        //                     <--  HDR, N(INVALID_KE_PAYLOAD, group 19)   (delivered twice, as when
        //                                                                the first request was retransmitted)
        // HDR, SAi1, KEi(ecp256), Ni  -->
        //                     <--  HDR, N(INVALID_KE_PAYLOAD, group 19)   late copy: ignored, not fatal
        //                     <--  HDR, SAr1, KEr(ecp256), Nr
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, "aes256gcm16-prfsha256-x25519-ecp256", "aes256gcm16"),
                c -> EnginePair.with(c, "aes256gcm16-prfsha256-ecp256", "aes256gcm16"), EngineOptions.DEFAULT)) {
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_SA_INIT && h.response(), InMemoryNetwork.Action.DUPLICATE, 1);
            p.establish();
            p.assertMirrored();
            assertThat(p.alice.ikeSas("net").getFirst().algorithms().keyExchange().name()).isEqualTo("ECP_256");
        }
    }

    @Test
    void noProposalChosenTearsTheAttemptDownOnBothSides() {
        // HDR, SAi1(aes-gcm), KEi, Ni  -->
        //                     <--  HDR, N(NO_PROPOSAL_CHOSEN)
        try (EnginePair p = new EnginePair(c -> c, c -> EnginePair.with(c, "aes128-sha256-x25519", "aes128-sha256"), EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            // Bob forgets his attempt right after sending the answer, alice when it arrives.
            EnginePair.await("both give up", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            assertThat(initNotifies(p, true)).containsExactly(NotifyType.NO_PROPOSAL_CHOSEN);
            assertThat(p.aliceSink.added).isEmpty();
            assertThat(p.bobSink.added).isEmpty();
        }
    }

    @Test
    void wrongPskIsAuthenticationFailed() {
        // HDR, SK {IDi, AUTH(wrong key), SAi2, TSi, TSr}  -->
        //                     <--  HDR, SK {N(AUTHENTICATION_FAILED)}
        try (EnginePair p = new EnginePair(c -> EnginePair.withPsk(c, "not the shared secret"), c -> c, EngineOptions.DEFAULT)) {
            p.alice.initiate("net");
            EnginePair.await("both sides drop the IKE SA", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty()
                    && p.net.sent().size() >= 4);
            assertThat(p.aliceSink.added).isEmpty();
            assertThat(p.bobSink.added).isEmpty();
            assertThat(p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH && s.header().response())).isNotEmpty();
        }
    }

    @Test
    void disjointTrafficSelectorsGiveTsUnacceptableAndTheIkeSaWithoutChildSaIsClosed() {
        // HDR, SK {IDi, AUTH, SAi2, TSi(10.1/16), TSr(10.2/16)}  -->
        //                     <--  HDR, SK {IDr, AUTH, N(TS_UNACCEPTABLE)}
        // HDR, SK {D(IKE)}  -->  <--  HDR, SK {D(IKE)}      (each side closes the IKE SA that carries nothing)
        List<EngineEvent> aliceEvents = new CopyOnWriteArrayList<>();
        List<EngineEvent> bobEvents = new CopyOnWriteArrayList<>();
        try (EnginePair p = new EnginePair(c -> c, c -> local(c, "10.9.0.0", "10.9.255.255"), EngineOptions.DEFAULT)) {
            p.alice.onEvent(aliceEvents::add);
            p.bob.onEvent(bobEvents::add);
            p.alice.initiate("net");
            EnginePair.await("both sides report the IKE SA down", () -> aliceEvents.stream().anyMatch(e -> e instanceof EngineEvent.IkeDown)
                    && bobEvents.stream().anyMatch(e -> e instanceof EngineEvent.IkeDown));
            EnginePair.await("no IKE SA left", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            for (List<EngineEvent> events : List.of(aliceEvents, bobEvents)) {
                assertThat(events).anyMatch(e -> e instanceof EngineEvent.IkeUp);
                assertThat(events).filteredOn(e -> e instanceof EngineEvent.IkeDown).singleElement()
                        .satisfies(e -> assertThat(((EngineEvent.IkeDown) e).failure()).isEqualTo(EngineEvent.Failure.TRAFFIC_SELECTORS));
            }
            assertThat(p.aliceSink.added).isEmpty();
            assertThat(p.bobSink.added).isEmpty();
        }
    }

    @Test
    void aChildSaRefusedInIkeAuthClosesTheIkeSaWithTheRefusal() {
        // HDR, SK {IDi, AUTH, SAi2(aes-gcm), TSi, TSr}  -->
        //                     <--  HDR, SK {IDr, AUTH, N(NO_PROPOSAL_CHOSEN)}
        // HDR, SK {D(IKE)}  -->  <--  HDR, SK {D(IKE)}
        List<EngineEvent> aliceEvents = new CopyOnWriteArrayList<>();
        try (EnginePair p = new EnginePair(c -> c, c -> EnginePair.with(c, "aes256gcm16-prfsha256-x25519", "aes128-sha256"),
                EngineOptions.DEFAULT)) {
            p.alice.onEvent(aliceEvents::add);
            p.alice.initiate("net");
            EnginePair.await("alice reports the IKE SA down", () -> aliceEvents.stream().anyMatch(e -> e instanceof EngineEvent.IkeDown));
            EnginePair.await("no IKE SA left", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            assertThat(aliceEvents).filteredOn(e -> e instanceof EngineEvent.NegotiationFailed).singleElement()
                    .satisfies(e -> assertThat(((EngineEvent.NegotiationFailed) e).detail()).isEqualTo("the peer sent NO_PROPOSAL_CHOSEN"));
            assertThat(aliceEvents).filteredOn(e -> e instanceof EngineEvent.IkeDown).singleElement()
                    .satisfies(e -> assertThat(((EngineEvent.IkeDown) e).failure()).isEqualTo(EngineEvent.Failure.PROPOSAL));
            assertThat(p.aliceSink.added).isEmpty();
        }
    }

    @Test
    void responderNarrowsTrafficSelectorsToItsPolicy() {
        // Bob only allows 10.2.5.0-10.2.5.255 locally: TSr is narrowed from 10.2/16.
        try (EnginePair p = new EnginePair(c -> c, c -> local(c, "10.2.5.0", "10.2.5.255"), EngineOptions.DEFAULT)) {
            p.establish();
            p.assertMirrored();
            var policy = p.aliceSink.policies.get(p.aliceSink.current().getFirst().reqid());
            assertThat(policy.remote().getFirst().start().getHostAddress()).isEqualTo("10.2.5.0");
            assertThat(policy.remote().getFirst().end().getHostAddress()).isEqualTo("10.2.5.255");
        }
    }

    /**
     * Bob carries only 10.3/16 of alice's two local subnets, so he narrows her Child SA to it; she asks
     * for the rest in a Child SA of its own, and takes his refusal as final: one Child SA, one
     * CREATE_CHILD_SA, and the refusal of that extra Child SA is not what ends the IKE SA later.
     */
    @Test
    void aNarrowedChildSaIsFollowedByARequestForTheRestAndARefusalEndsIt() {
        List<EngineEvent> aliceEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (EnginePair p = new EnginePair(
                c -> selectors(c, List.of(ts("10.1.0.0", "10.1.255.255"), ts("10.3.0.0", "10.3.255.255")), c.remoteSelectors()),
                c -> selectors(c, c.localSelectors(), List.of(ts("10.3.0.0", "10.3.255.255"))), EngineOptions.DEFAULT)) {
            p.alice.onEvent(aliceEvents::add);
            // HDR, SK {IDi, AUTH, SAi2, TSi(10.1/16, 10.3/16), TSr(10.2/16)}  -->
            //                     <--  HDR, SK {IDr, AUTH, SAr2, TSi(10.3/16), TSr(10.2/16)}
            // HDR, SK {SA, Ni, TSi(10.1/16), TSr(10.2/16)}  -->
            //                     <--  HDR, SK {N(TS_UNACCEPTABLE)}
            p.establish();
            EnginePair.await("the extra Child SA refused", () -> aliceEvents.stream().anyMatch(e -> e instanceof EngineEvent.NegotiationFailed));
            assertThat(p.aliceSink.current()).singleElement().satisfies(a ->
                    assertThat(p.aliceSink.policies.get(a.reqid()).local()).containsExactly(ts("10.3.0.0", "10.3.255.255")));
            assertThat(p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.CREATE_CHILD_SA)
                    .map(s -> s.header().response()).toList()).containsExactly(false, true);

            p.bob.removeConnection("net");
            EnginePair.await("alice's IKE SA down", () -> aliceEvents.stream().anyMatch(e -> e instanceof EngineEvent.IkeDown));
            assertThat(aliceEvents).filteredOn(e -> e instanceof EngineEvent.IkeDown).singleElement()
                    .satisfies(e -> assertThat(((EngineEvent.IkeDown) e).failure()).isNull());
        }
    }

    /**
     * Address ranges that are no CIDR prefix travel as they are (TS payloads carry ranges): bob
     * narrows alice's wide remote selector to his range, she keeps her own narrow local one, and both
     * data paths get exactly these ranges as their policy.
     */
    @Test
    void addressRangesThatAreNoPrefixNarrowToExactlyTheirIntersection() {
        try (EnginePair p = new EnginePair(
                c -> selectors(c, List.of(ts("10.1.0.10", "10.1.0.20")), List.of(ts("10.2.0.0", "10.2.255.255"))),
                c -> selectors(c, List.of(ts("10.2.0.5", "10.2.1.44")), List.of(ts("10.1.0.0", "10.1.255.255"))),
                EngineOptions.DEFAULT)) {
            // HDR, SK {IDi, AUTH, SAi2, TSi(10.1.0.10-10.1.0.20), TSr(10.2.0.0-10.2.255.255)}  -->
            //                     <--  HDR, SK {IDr, AUTH, SAr2, TSi(10.1.0.10-10.1.0.20), TSr(10.2.0.5-10.2.1.44)}
            p.establish();
            var alice = p.aliceSink.policies.get(p.aliceSink.current().getFirst().reqid());
            assertThat(alice.local()).containsExactly(ts("10.1.0.10", "10.1.0.20"));
            assertThat(alice.remote()).containsExactly(ts("10.2.0.5", "10.2.1.44"));
            var bob = p.bobSink.policies.get(p.bobSink.current().getFirst().reqid());
            assertThat(bob.local()).containsExactly(ts("10.2.0.5", "10.2.1.44"));
            assertThat(bob.remote()).containsExactly(ts("10.1.0.10", "10.1.0.20"));
        }
    }

    @Test
    void cookieIsDemandedAboveTheHalfOpenThresholdAndEchoed() {
        // HDR, SAi1, KEi, Ni  -->
        //                     <--  HDR, N(COOKIE)
        // HDR, N(COOKIE), SAi1, KEi, Ni  -->
        //                     <--  HDR, SAr1, KEr, Nr
        try (EnginePair p = new EnginePair(c -> c, c -> c, EngineOptions.DEFAULT.withCookieThreshold(0))) {
            p.establish();
            p.assertMirrored();
            assertThat(initNotifies(p, true)).contains(NotifyType.COOKIE);
            assertThat(initNotifies(p, false)).contains(NotifyType.COOKIE);
        }
    }

    @Test
    void chacha20AndAesCbcSuitesWork() {
        try (EnginePair p = new EnginePair(c -> EnginePair.with(c, "chacha20poly1305-prfsha512-x448", "aes256-sha512"),
                c -> EnginePair.with(c, "chacha20poly1305-prfsha512-x448", "aes256-sha512"), EngineOptions.DEFAULT)) {
            p.establish();
            p.assertMirrored();
            assertThat(p.aliceSink.current().getFirst().transform())
                    .isEqualTo(new EspTransform(EspTransform.ENCR_AES_CBC, 256, EspTransform.AUTH_HMAC_SHA2_512_256));
        }
    }

    @Test
    void natIsDetectedAndIkeMovesToPort4500() {
        try (EnginePair p = new EnginePair()) {
            p.net.nat(EnginePair.ALICE, 40000);
            p.establish();
            p.assertMirrored();
            assertThat(p.aliceSink.current().getFirst().endpoints().udpEncapsulation()).isTrue();
            assertThat(p.bobSink.current().getFirst().endpoints().udpEncapsulation()).isTrue();
            assertThat(p.bobSink.current().getFirst().endpoints().remote().getPort()).isEqualTo(44500);
            assertThat(p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH)
                    .allMatch(s -> s.datagram().remote().getPort() == 4500 || s.datagram().local().getPort() == 4500)).isTrue();
        }
    }

    @Test
    void aNewNatMappingMovesTheChildSaEndpoints() {
        try (EnginePair p = new EnginePair()) {
            p.net.nat(EnginePair.ALICE, 40000);
            p.establish();
            long bobInbound = p.bobSink.current().getFirst().inbound().spi();
            // The NAT reboots and maps alice's port 4500 to 54500: her next request (a DPD) comes from there.
            p.net.nat(EnginePair.ALICE, 50000);
            p.alice.checkLiveness("net");
            EnginePair.await("bob moved the Child SA", () -> p.bobSink.moved.containsKey(bobInbound));
            assertThat(p.bobSink.moved.get(bobInbound).remote().getPort()).isEqualTo(54500);
            assertThat(p.bobSink.moved.get(bobInbound).udpEncapsulation()).isTrue();
        }
    }
}
