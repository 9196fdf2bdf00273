package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.UnaryOperator;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.TestPki;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An IKE_SA_INIT sent again for a COOKIE (RFC 7296 2.6) or an INVALID_KE_PAYLOAD (1.2) carries
 * everything the first one did: only the COOKIE is added in front, or the KE replaced. Alice is
 * behind a NAT, so her NAT detection notifies must reach bob in the request he answers, or neither
 * side sees the NAT and the Child SA is not UDP-encapsulated (a peer that always encapsulates, like
 * strongSwan's kernel-libipsec, then refuses it).
 */
class IkeSaInitRetryTest {

    enum Retry {
        // HDR, SAi1, KEi, Ni, N(NAT_D) x2, N(FRAG_SUP)  -->
        //                     <--  HDR, N(COOKIE)
        // HDR, N(COOKIE), SAi1, KEi, Ni, N(NAT_D) x2, N(FRAG_SUP)  -->
        COOKIE(true, false),
        // HDR, SAi1, KEi(x25519), Ni, N(NAT_D) x2, N(FRAG_SUP)  -->
        //                     <--  HDR, N(INVALID_KE_PAYLOAD, ecp256)
        // HDR, SAi1, KEi(ecp256), Ni, N(NAT_D) x2, N(FRAG_SUP)  -->
        INVALID_KE(false, true),
        // both, one after the other; the COOKIE stays in front of the third request
        COOKIE_THEN_INVALID_KE(true, true);

        final boolean cookie;
        final boolean otherGroup;

        Retry(boolean cookie, boolean otherGroup) {
            this.cookie = cookie;
            this.otherGroup = otherGroup;
        }

        int requests() {
            return 1 + (cookie ? 1 : 0) + (otherGroup ? 1 : 0);
        }
    }

    private static EnginePair pair(Retry retry, UnaryOperator<ConnectionConfig> alice, UnaryOperator<ConnectionConfig> bob) {
        UnaryOperator<ConnectionConfig> aliceGroups = retry.otherGroup
                ? c -> EnginePair.with(alice.apply(c), "aes256gcm16-prfsha256-x25519-ecp256", "aes256gcm16") : alice;
        UnaryOperator<ConnectionConfig> bobGroups = retry.otherGroup
                ? c -> EnginePair.with(bob.apply(c), "aes256gcm16-prfsha256-ecp256", "aes256gcm16") : bob;
        EngineOptions bobOptions = retry.cookie ? EngineOptions.DEFAULT.withCookieThreshold(0) : EngineOptions.DEFAULT;
        EnginePair p = new EnginePair(aliceGroups, bobGroups, bobOptions);
        p.net.nat(EnginePair.ALICE, 40000);
        return p;
    }

    @ParameterizedTest
    @EnumSource(Retry.class)
    void theRetriedRequestKeepsTheNatDetectionAndTheChildSaIsEncapsulated(Retry retry) {
        try (EnginePair p = pair(retry, UnaryOperator.identity(), UnaryOperator.identity())) {
            p.establish();
            p.assertMirrored();

            List<List<NotifyType>> requests = initRequestNotifies(p);
            assertThat(requests).hasSize(retry.requests());
            assertThat(requests.getFirst()).contains(NotifyType.NAT_DETECTION_SOURCE_IP, NotifyType.NAT_DETECTION_DESTINATION_IP);
            for (List<NotifyType> again : requests.subList(1, requests.size())) {
                if (retry.cookie) assertThat(again.getFirst()).isEqualTo(NotifyType.COOKIE);
                assertThat(again.stream().filter(n -> n != NotifyType.COOKIE).toList())
                        .as("a retried IKE_SA_INIT request's notifies").isEqualTo(requests.getFirst());
            }
            assertThat(p.aliceSink.current().getFirst().endpoints().udpEncapsulation()).isTrue();
            assertThat(p.bobSink.current().getFirst().endpoints().udpEncapsulation()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Retry.class)
    void theRetriedRequestKeepsTheSignatureHashAlgorithms(Retry retry) {
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued alice = pki.issue("alice@example.org", KeyKind.ECDSA_P256);
        TestPki.Issued bob = pki.issue("bob.example.org", KeyKind.ECDSA_P256);
        // ... N(SIGNATURE_HASH_ALGORITHMS) in every IKE_SA_INIT request, so bob answers with his list
        // and alice signs with a hash he accepts (RFC 7427 section 4).
        try (EnginePair p = pair(retry, c -> CertificateAuthTest.certs(c, alice, pki), c -> CertificateAuthTest.certs(c, bob, pki))) {
            p.establish();
            p.assertMirrored();
            assertThat(initRequestNotifies(p)).allSatisfy(n -> assertThat(n).contains(NotifyType.SIGNATURE_HASH_ALGORITHMS));
            assertThat(p.alice.ikeSas("net").getFirst().peerSignatureHashes()).isNotEmpty();
            assertThat(p.bob.ikeSas("net").getFirst().peerSignatureHashes()).isNotEmpty();
        }
    }

    /**
     * A second copy of bob's COOKIE answer (he answered a retransmission of the first request too: under
     * a flood both cross while alice solves his puzzle) arrives after alice sent the request with the cookie.
     * It answers the request without it and is ignored; bob's real answer follows.
     *
     * <pre>
     * HDR, SAi1, KEi, Ni  -->
     *                <--  HDR, N(COOKIE)      (twice)
     * HDR, N(COOKIE), SAi1, KEi, Ni  -->
     *                <--  HDR, SAr1, KEr, Nr   (after the second copy)
     * </pre>
     */
    @Test
    void aSecondCopyOfTheCookieAnswerIsIgnored() {
        try (EnginePair p = new EnginePair(UnaryOperator.identity(), UnaryOperator.identity(), EngineOptions.DEFAULT.withCookieThreshold(0))) {
            p.net.rule(h -> h.exchangeType() == ExchangeType.IKE_SA_INIT && h.response(), InMemoryNetwork.Action.DUPLICATE, 1);
            p.establish();
            p.assertMirrored();
        }
    }

    /** The notify types of each IKE_SA_INIT request alice sent, in order; retransmissions (the same bytes) once. */
    private static List<List<NotifyType>> initRequestNotifies(EnginePair p) {
        return p.net.sent().stream()
                .filter(s -> s.header().exchangeType() == ExchangeType.IKE_SA_INIT && !s.header().response())
                .map(s -> ByteBuffer.wrap(s.datagram().data()))
                .distinct()
                .map(bytes -> {
                    try {
                        return IkeMessage.decode(bytes.array().clone()).payloads(NotifyPayload.class).stream()
                                .map(NotifyPayload::notifyType).toList();
                    } catch (IkeDecodeException e) {
                        throw new AssertionError(e);
                    }
                }).toList();
    }
}
