package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.exchange.RetransmitPolicy;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.TestPki;
import net.vpnaas.ike.message.EncryptedFragmentPayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.transport.Datagram;
import org.junit.jupiter.api.Test;

/** IKE fragmentation (RFC 7383) between two of our engines, with certificates so IKE_AUTH is large. */
class IkeFragmentationTest {
    /** Small enough that an RSA-2048 IKE_AUTH needs several fragments in both directions. */
    private static final int SMALL = 576;
    private static final TestPki PKI = TestPki.create(KeyKind.RSA_2048);
    private static final TestPki.Issued ALICE = PKI.issue("alice@example.org", KeyKind.RSA_2048);
    private static final TestPki.Issued BOB = PKI.issue("bob.example.org", KeyKind.RSA_2048);

    /** Each side with its connection's fragment size (0: off) and the first retransmission after {@code firstRetransmit}. */
    private static EnginePair pair(int aliceFragmentSize, int bobFragmentSize, Duration firstRetransmit) {
        return new EnginePair(c -> tuned(CertificateAuthTest.certs(c, ALICE, PKI), aliceFragmentSize, firstRetransmit),
                c -> tuned(CertificateAuthTest.certs(c, BOB, PKI), bobFragmentSize, firstRetransmit), EngineOptions.DEFAULT);
    }

    /**
     * A first retransmission after 2 s: RSA signatures on a loaded machine can outlast EnginePair's
     * 300 ms, and a spurious retransmission would spoil the fragment counts the tests assert.
     */
    private static EnginePair pair(int aliceFragmentSize, int bobFragmentSize) {
        return pair(aliceFragmentSize, bobFragmentSize, Duration.ofSeconds(2));
    }

    private static ConnectionConfig tuned(ConnectionConfig c, int fragmentSize, Duration firstRetransmit) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(),
                new RetransmitPolicy(firstRetransmit, 1.5, 3), c.natTraversal(), fragmentSize);
    }

    /** The SKF payload of a datagram, if it is a fragment. */
    private static EncryptedFragmentPayload fragment(Datagram d) {
        try {
            return IkeMessage.decode(d.data().clone()).encryptedPayload().orElse(null) instanceof EncryptedFragmentPayload f ? f : null;
        } catch (IkeDecodeException e) {
            throw new AssertionError(e);
        }
    }

    private static List<EncryptedFragmentPayload> authFragments(EnginePair p, boolean response) {
        return p.net.sent().stream()
                .filter(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH && s.header().response() == response)
                .map(s -> fragment(s.datagram())).toList();
    }

    private static Predicate<IkeMessage> authFragment(boolean response, int number) {
        return m -> m.header().exchangeType() == ExchangeType.IKE_AUTH && m.header().response() == response
                && m.encryptedPayload().orElse(null) instanceof EncryptedFragmentPayload f && f.fragmentNumber() == number;
    }

    @Test
    void bothSidesAnnounceSupportInIkeSaInit() {
        try (EnginePair p = pair(ConnectionConfig.DEFAULT_FRAGMENT_SIZE, ConnectionConfig.DEFAULT_FRAGMENT_SIZE)) {
            p.establish();
            assertThat(p.alice.ikeSas("net").getFirst().peerFragmentation()).isTrue();
            assertThat(p.bob.ikeSas("net").getFirst().peerFragmentation()).isTrue();
        }
    }

    @Test
    void aSideWithFragmentationOffNeitherAnnouncesNorReceivesFragments() {
        try (EnginePair p = pair(SMALL, 0)) {
            p.establish();
            p.assertMirrored();
            assertThat(p.alice.ikeSas("net").getFirst().peerFragmentation()).isFalse();
            assertThat(p.bob.ikeSas("net").getFirst().peerFragmentation()).isFalse();
            // Alice would fragment at 576 bytes, but bob did not announce support: one large SK message each way.
            assertThat(authFragments(p, false)).containsOnlyNulls().hasSize(1);
            assertThat(p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH && !s.header().response())
                    .findFirst().orElseThrow().datagram().data().length).isGreaterThan(576);
        }
    }

    @Test
    void ikeAuthWithCertificatesIsFragmentedBothWaysAndIkeSaInitNever() {
        try (EnginePair p = pair(SMALL, SMALL)) {
            p.establish();
            p.assertMirrored();
            for (boolean response : new boolean[] {false, true}) {
                List<EncryptedFragmentPayload> fragments = authFragments(p, response);
                assertThat(fragments).doesNotContainNull().hasSizeGreaterThan(1);
                assertThat(fragments).extracting(EncryptedFragmentPayload::fragmentNumber)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, fragments.size()).boxed().toList());
                assertThat(fragments).allMatch(f -> f.totalFragments() == fragments.size());
            }
            // Every fragment fits 576 bytes of IPv4 datagram: 20 bytes IP header, 8 UDP.
            assertThat(p.net.sent()).allMatch(s -> s.header().exchangeType() == ExchangeType.IKE_SA_INIT
                    ? fragment(s.datagram()) == null : s.datagram().data().length <= 576 - 28);
            assertThat(p.bob.ikeSas("net").getFirst().remoteIdentity()).isEqualTo("alice@example.org");
        }
    }

    @Test
    void aLostRequestFragmentIsRecoveredByRetransmittingAllFragments() {
        try (EnginePair p = pair(SMALL, SMALL)) {
            p.net.messageRule(authFragment(false, 2), InMemoryNetwork.Action.DROP, 1);
            p.establish();
            p.assertMirrored();
            List<EncryptedFragmentPayload> sent = authFragments(p, false);
            int total = sent.getFirst().totalFragments();
            assertThat(sent).hasSize(2 * total);
            assertThat(p.bobSink.added).hasSize(1);
        }
    }

    @Test
    void aLostResponseFragmentIsResentOnceOnTheFirstFragmentOfTheRetransmittedRequest() {
        try (EnginePair p = pair(SMALL, SMALL)) {
            p.net.messageRule(authFragment(true, 2), InMemoryNetwork.Action.DROP, 1);
            p.establish();
            p.assertMirrored();
            int requestFragments = authFragments(p, false).getFirst().totalFragments();
            int responseFragments = authFragments(p, true).getFirst().totalFragments();
            // Alice resent her request (all fragments); bob answered it again from the cache once, not once per fragment.
            assertThat(authFragments(p, false)).hasSize(2 * requestFragments);
            assertThat(authFragments(p, true)).hasSize(2 * responseFragments);
            assertThat(p.bobSink.added).hasSize(1);
            assertThat(p.aliceSink.added).hasSize(1);
        }
    }

    @Test
    void aForgedFragmentIsDroppedWithoutDisturbingTheReassembly() {
        // Slow retransmissions, so the genuine fragments alone complete the exchange.
        try (EnginePair p = pair(SMALL, SMALL, Duration.ofSeconds(20))) {
            p.net.messageRule(authFragment(false, 2), InMemoryNetwork.Action.HOLD, 1);
            p.alice.initiate("net");
            EnginePair.await("fragment 2 held", () -> p.net.heldCount() == 1);
            Datagram genuine = p.net.sent().stream().filter(s -> authFragment(false, 2).test(decode(s.datagram())))
                    .findFirst().orElseThrow().datagram();
            byte[] forged = genuine.data().clone();
            forged[forged.length - 1] ^= 1; // in the ICV
            long droppedBefore = p.bob.droppedCount();
            p.bob.receive(new Datagram(genuine.remote(), genuine.local(), forged));
            EnginePair.await("forged fragment dropped", () -> p.bob.droppedCount() == droppedBefore + 1);
            assertThat(p.bobSink.added).isEmpty();
            p.net.releaseHeld();
            p.awaitChildren(1);
            p.assertMirrored();
            // No retransmission was needed: the forgery did not replace or reset the stored fragments.
            List<EncryptedFragmentPayload> sent = authFragments(p, false);
            assertThat(sent).hasSize(sent.getFirst().totalFragments());
            assertThat(Arrays.equals(forged, genuine.data())).isFalse();
        }
    }

    private static IkeMessage decode(Datagram d) {
        try {
            return IkeMessage.decode(d.data().clone());
        } catch (IkeDecodeException e) {
            throw new AssertionError(e);
        }
    }
}
