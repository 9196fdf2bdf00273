package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.engine.EngineEvent.ChildDown;
import net.vpnaas.ike.engine.EngineEvent.ChildUp;
import net.vpnaas.ike.engine.EngineEvent.Failure;
import net.vpnaas.ike.engine.EngineEvent.IkeDown;
import net.vpnaas.ike.engine.EngineEvent.IkeRekeyed;
import net.vpnaas.ike.engine.EngineEvent.IkeUp;
import net.vpnaas.ike.engine.EngineEvent.NegotiationFailed;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.sasink.EspTransform;
import org.junit.jupiter.api.Test;

/**
 * Connections changed while the engine runs (what a pushed configuration does) and the events a
 * gateway agent reports from. Two engines over the in-memory network.
 */
class ConnectionLifecycleTest {

    final List<EngineEvent> aliceEvents = new CopyOnWriteArrayList<>();
    final List<EngineEvent> bobEvents = new CopyOnWriteArrayList<>();

    EnginePair pair(java.util.function.UnaryOperator<ConnectionConfig> aliceTweak) {
        // Bob accepts both ESP ciphers, so alice can change hers.
        EnginePair p = new EnginePair(aliceTweak, c -> withEsp(c, "aes256gcm16", "aes128gcm16"), EngineOptions.DEFAULT);
        p.alice.onEvent(aliceEvents::add);
        p.bob.onEvent(bobEvents::add);
        return p;
    }

    static ConnectionConfig withEsp(ConnectionConfig c, String... esp) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), java.util.Arrays.stream(esp).map(net.vpnaas.ike.config.ProposalParser::esp).toList(),
                c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), c.retransmit());
    }

    <T extends EngineEvent> List<T> of(List<EngineEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void establishmentRekeysAndRemovalAreReportedAsEvents() {
        try (EnginePair p = pair(c -> c)) {
            p.establish();
            // The Child SA is installed while IKE_AUTH is processed; IkeUp follows once the exchange is done.
            EnginePair.await("both report up", () -> of(aliceEvents, IkeUp.class).size() == 1 && of(bobEvents, IkeUp.class).size() == 1);
            assertThat(of(aliceEvents, IkeUp.class)).singleElement().satisfies(e -> assertThat(e.connection()).isEqualTo("net"));
            assertThat(of(aliceEvents, ChildUp.class)).singleElement().satisfies(e -> assertThat(e.rekey()).isFalse());
            long firstChild = of(aliceEvents, ChildUp.class).getFirst().inboundSpi();

            // HDR, SK {N(REKEY_SA), SA, Ni, [KEi,] TSi, TSr}  -->  <--  HDR, SK {SA, Nr, [KEr,] TSi, TSr}
            // HDR, SK {D(ESP, old SPI)}  -->  <--  HDR, SK {D(ESP, old SPI of bob)}
            p.alice.rekeyChildren("net");
            EnginePair.await("old child gone", () -> of(aliceEvents, ChildDown.class).size() == 1 && p.aliceSink.installed.size() == 1);
            assertThat(of(aliceEvents, ChildUp.class)).hasSize(2).last().satisfies(e -> assertThat(e.rekey()).isTrue());
            assertThat(of(aliceEvents, ChildDown.class).getFirst().inboundSpi()).isEqualTo(firstChild);

            // HDR, SK {SA(IKE), Ni, KEi}  -->  <--  HDR, SK {SA(IKE), Nr, KEr};  then the old IKE SA is deleted.
            p.bob.rekeyIke("net");
            EnginePair.await("IKE rekeyed on both sides", () -> of(aliceEvents, IkeRekeyed.class).size() == 1
                    && of(bobEvents, IkeRekeyed.class).size() == 1 && p.alice.ikeSas("net").size() == 1);
            assertThat(of(aliceEvents, IkeDown.class)).as("a rekeyed IKE SA is not reported down").isEmpty();
            assertThat(of(aliceEvents, IkeRekeyed.class).getFirst().initiatorSpi())
                    .isEqualTo(p.alice.ikeSas("net").getFirst().initiatorSpi());

            // HDR, SK {D(IKE)}  -->  <--  HDR, SK {}
            p.alice.removeConnection("net");
            EnginePair.await("both sides down", () -> of(bobEvents, IkeDown.class).size() == 1 && of(aliceEvents, IkeDown.class).size() == 1);
            assertThat(of(bobEvents, IkeDown.class).getFirst()).satisfies(e -> {
                assertThat(e.failure()).isNull();
                assertThat(e.otherIkeSaUp()).isFalse();
            });
            assertThat(p.aliceSink.installed).isEmpty();
            assertThat(p.bobSink.installed).isEmpty();
            assertThat(p.aliceSink.policies).as("the last SA took its policy with it").isEmpty();
            p.alice.rekeyChildren("net"); // a removed connection has nothing left to act on
            assertThat(p.alice.ikeSas("net")).isEmpty();
        }
    }

    @Test
    void replacingAConnectionBringsTheNewSaUpBeforeTheOldGoes() {
        try (EnginePair p = pair(c -> c)) {
            p.establish();
            long oldIke = p.alice.ikeSas("net").getFirst().initiatorSpi();
            long oldChild = p.aliceSink.current().getFirst().inbound().spi();
            int oldReqid = p.aliceSink.current().getFirst().reqid();

            // New IKE SA:  IKE_SA_INIT, IKE_AUTH (no INITIAL_CONTACT: the old SA is still up)  -->  <--
            // Only then:   HDR(old SA), SK {D(IKE)}  -->  <--  HDR, SK {}
            p.alice.replaceConnection(withEsp(config(p), "aes128gcm16"));
            EnginePair.await("old IKE SA replaced", () -> p.alice.ikeSas("net").size() == 1
                    && p.alice.ikeSas("net").getFirst().initiatorSpi() != oldIke && p.aliceSink.installed.size() == 1
                    && p.bobSink.installed.size() == 1 && !of(aliceEvents, IkeDown.class).isEmpty()); // reported after it is gone
            var now = p.aliceSink.current().getFirst();
            assertThat(now.transform()).isEqualTo(new EspTransform(EspTransform.ENCR_AES_GCM_16, 128, 0));
            p.assertMirrored();

            // Make before break: the new Child SA was installed before the old one was removed.
            List<EngineEvent> childEvents = aliceEvents.stream().filter(e -> e instanceof ChildUp || e instanceof ChildDown).toList();
            assertThat(childEvents).hasSize(3);
            assertThat(childEvents.get(1)).isInstanceOfSatisfying(ChildUp.class, e -> assertThat(e.inboundSpi()).isEqualTo(now.inbound().spi()));
            assertThat(childEvents.get(2)).isInstanceOfSatisfying(ChildDown.class, e -> assertThat(e.inboundSpi()).isEqualTo(oldChild));
            assertThat(of(aliceEvents, IkeDown.class)).singleElement().satisfies(e -> assertThat(e.otherIkeSaUp()).isTrue());
            // The new Child SA brought its own policy; the old one's went with it.
            assertThat(p.aliceSink.policies).containsOnlyKeys(now.reqid()).doesNotContainKey(oldReqid);
        }
    }

    @Test
    void aReplacementThatFailsLeavesTheRunningSaAlone() {
        try (EnginePair p = pair(c -> c)) {
            p.establish();
            long oldChild = p.aliceSink.current().getFirst().inbound().spi();

            // IKE_SA_INIT  -->  <--;  HDR, SK {IDi, AUTH(wrong key), ...}  -->  <--  HDR, SK {N(AUTHENTICATION_FAILED)}
            p.alice.replaceConnection(EnginePair.withPsk(config(p), "a key bob does not have"));
            EnginePair.await("refusal reported", () -> of(aliceEvents, IkeDown.class).size() == 1);
            assertThat(of(aliceEvents, NegotiationFailed.class)).singleElement()
                    .satisfies(e -> assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION));
            assertThat(of(aliceEvents, IkeDown.class).getFirst()).satisfies(e -> {
                assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
                assertThat(e.otherIkeSaUp()).isTrue();
            });
            assertThat(p.aliceSink.current()).singleElement().satisfies(sa -> assertThat(sa.inbound().spi()).isEqualTo(oldChild));
            assertThat(p.alice.ikeSas("net")).hasSize(1);
            assertThat(p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.INFORMATIONAL))
                    .as("nothing was deleted").isEmpty();
        }
    }

    @Test
    void aWrongKeyIsReportedAsAuthenticationFailureOnBothSides() {
        try (EnginePair p = pair(c -> EnginePair.withPsk(c, "not the shared secret"))) {
            p.alice.initiate("net");
            EnginePair.await("both report", () -> of(aliceEvents, IkeDown.class).size() == 1 && of(bobEvents, IkeDown.class).size() == 1);
            assertThat(of(aliceEvents, IkeDown.class).getFirst().failure()).isEqualTo(Failure.AUTHENTICATION);
            assertThat(of(bobEvents, IkeDown.class).getFirst().failure()).isEqualTo(Failure.AUTHENTICATION);
            assertThat(of(aliceEvents, NegotiationFailed.class).getFirst().detail()).contains("the peer sent AUTHENTICATION_FAILED");
            assertThat(of(bobEvents, NegotiationFailed.class).getFirst().detail()).contains("we sent AUTHENTICATION_FAILED");
            assertThat(of(aliceEvents, IkeUp.class)).isEmpty();
        }
    }

    @Test
    void aSecondTunnelToTheSamePeerDoesNotClaimInitialContact() throws InterruptedException {
        try (EnginePair p = pair(c -> c)) {
            p.establish();
            // Same identities, other subnets: a second tunnel to the same peer.
            p.alice.addConnection(EnginePair.config("net2", EnginePair.ALICE, EnginePair.BOB, "alice@example.org",
                    "@bob.example.org", "10.3.0.0", "10.3.255.255", "10.4.0.0", "10.4.255.255"));
            p.bob.addConnection(withEsp(EnginePair.config("net2", EnginePair.BOB, EnginePair.ALICE, "@bob.example.org",
                    "alice@example.org", "10.4.0.0", "10.4.255.255", "10.3.0.0", "10.3.255.255"), "aes256gcm16"));
            // HDR, SK {IDi, AUTH, SAi2, TSi, TSr}  -->   (no N(INITIAL_CONTACT): "net" is up between the same identities)
            p.alice.initiate("net2");
            EnginePair.await("both tunnels up", () -> p.aliceSink.installed.size() == 2 && p.bobSink.installed.size() == 2
                    && of(aliceEvents, IkeUp.class).size() == 2);
            Thread.sleep(300); // bob would drop the other IKE SA on its own thread, after answering
            assertThat(p.bob.ikeSas("net")).as("bob kept the first tunnel's IKE SA").hasSize(1);
            assertThat(p.bobSink.installed).hasSize(2);
        }
    }

    @Test
    void twoTunnelsToOnePeerStartedTogetherBothStayUp() throws InterruptedException {
        try (EnginePair p = pair(c -> c)) {
            p.alice.addConnection(EnginePair.config("net2", EnginePair.ALICE, EnginePair.BOB, "alice@example.org",
                    "@bob.example.org", "10.3.0.0", "10.3.255.255", "10.4.0.0", "10.4.255.255"));
            p.bob.addConnection(withEsp(EnginePair.config("net2", EnginePair.BOB, EnginePair.ALICE, "@bob.example.org",
                    "alice@example.org", "10.4.0.0", "10.4.255.255", "10.3.0.0", "10.3.255.255"), "aes256gcm16"));
            // Both IKE_SA_INITs leave before either IKE_AUTH: neither may claim to be the only IKE SA.
            p.alice.initiate("net");
            p.alice.initiate("net2");
            EnginePair.await("both tunnels up", () -> p.aliceSink.installed.size() == 2 && p.bobSink.installed.size() == 2
                    && of(aliceEvents, IkeUp.class).size() == 2);
            Thread.sleep(300); // bob would drop the other IKE SA on its own thread, after answering
            assertThat(p.bob.ikeSas("net")).hasSize(1);
            assertThat(p.bob.ikeSas("net2")).hasSize(1);
            assertThat(of(bobEvents, IkeDown.class)).isEmpty();
        }
    }

    /** Alice's current connection config (the one EnginePair made). */
    private static ConnectionConfig config(EnginePair p) {
        return EnginePair.config("net", EnginePair.ALICE, EnginePair.BOB, "alice@example.org", "@bob.example.org",
                "10.1.0.0", "10.1.255.255", "10.2.0.0", "10.2.255.255");
    }
}
