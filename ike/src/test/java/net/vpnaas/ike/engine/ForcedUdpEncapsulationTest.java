package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.UnaryOperator;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.NatTraversal;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.sasink.Endpoints;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forced UDP encapsulation with no NAT between alice and bob: the side that forces it fakes its
 * NAT_DETECTION_SOURCE_IP, both sides see a NAT, IKE moves to port 4500 from IKE_AUTH on and every
 * Child SA is UDP-encapsulated between the two 4500 ports, whichever side forces it. (Without it
 * and without NAT ESP stays raw: EstablishmentTest.)
 */
class ForcedUdpEncapsulationTest {

    private static ConnectionConfig forced(ConnectionConfig c) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(),
                c.retransmit(), new NatTraversal(true, c.natTraversal().keepaliveInterval()), c.fragmentSize());
    }

    private static void assertEncapsulatedBetween4500s(ChildSaInstall sa) {
        Endpoints e = sa.endpoints();
        assertThat(e.udpEncapsulation()).as("ESP in UDP").isTrue();
        assertThat(e.local().getPort()).isEqualTo(4500);
        assertThat(e.remote().getPort()).isEqualTo(4500);
    }

    @ParameterizedTest(name = "forced by {0}")
    @ValueSource(strings = {"the initiator", "the responder"})
    void eitherSideForcingItMovesBothToUdp4500(String who) {
        UnaryOperator<ConnectionConfig> initiator = who.equals("the initiator") ? ForcedUdpEncapsulationTest::forced : c -> c;
        UnaryOperator<ConnectionConfig> responder = who.equals("the responder") ? ForcedUdpEncapsulationTest::forced : c -> c;
        try (EnginePair p = new EnginePair(initiator, responder, EngineOptions.DEFAULT)) {
            p.establish();
            p.assertMirrored();
            // An operator's listing tells the forcing side's choice from a NAT; the other side sees the faked NAT.
            IkeEngine forcing = who.equals("the initiator") ? p.alice : p.bob;
            IkeEngine other = forcing == p.alice ? p.bob : p.alice;
            IkeSaView forcingView = forcing.saViews("net", Duration.ofSeconds(5)).getFirst();
            IkeSaView otherView = other.saViews("net", Duration.ofSeconds(5)).getFirst();
            assertThat(forcingView.udpEncapsulationForced()).isTrue();
            assertThat(forcingView.natDetected()).isFalse();
            assertThat(otherView.udpEncapsulationForced()).isFalse();
            assertThat(otherView.natDetected()).isTrue();
            assertEncapsulatedBetween4500s(p.aliceSink.current().getFirst());
            assertEncapsulatedBetween4500s(p.bobSink.current().getFirst());
            assertThat(p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH))
                    .allSatisfy(s -> assertThat(s.datagram().local().getPort()).isEqualTo(4500));

            // Rekeyed IKE SAs keep it, and so do the Child SAs they create.
            p.alice.rekeyIke("net");
            EnginePair.await("IKE SA rekeyed", () -> p.net.sent().stream()
                    .anyMatch(s -> s.header().exchangeType() == ExchangeType.CREATE_CHILD_SA && s.header().response()));
            p.awaitChildren(1);
            p.alice.rekeyChildren("net");
            EnginePair.await("Child SA rekeyed", () -> p.aliceSink.added.size() == 2 && p.aliceSink.installed.size() == 1
                    && p.bobSink.installed.size() == 1);
            assertEncapsulatedBetween4500s(p.aliceSink.current().getFirst());
            assertEncapsulatedBetween4500s(p.bobSink.current().getFirst());
        }
    }
}
