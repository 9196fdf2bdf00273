package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.sa.IkeSa;
import org.junit.jupiter.api.Test;

/**
 * Several peers with their own identities and PSKs behind one address (a NAT, a carrier's gateway),
 * played by one engine at 192.0.2.1 with one connection per identity, against a responder with one
 * connection per peer, all to that address. The responder learns which peer it talks to only from
 * IDi in IKE_AUTH, and must check AUTH with that peer's PSK.
 */
class PeersBehindOneAddressTest {

    private static final List<String> PEERS = List.of("p0", "p1", "p2");

    private final InMemoryNetwork net = new InMemoryNetwork();
    private final RecordingSaSink responderSink = new RecordingSaSink();
    private final List<EngineEvent> responderEvents = new CopyOnWriteArrayList<>();
    private final IkeEngine responder;

    PeersBehindOneAddressTest() {
        Random r = new Random(2);
        responder = new IkeEngine(net.transport(EnginePair.BOB), responderSink, r::nextBytes, EngineOptions.DEFAULT);
        for (int i = 0; i < PEERS.size(); i++) responder.addConnection(responderSide(i));
        responder.onEvent(responderEvents::add);
        responder.start();
    }

    /** Peer i: identity {@code pi@example.org}, subnet 10.1.i.0/24, a PSK of its own. */
    private static ConnectionConfig peerSide(int i) {
        return EnginePair.withPsk(EnginePair.config(PEERS.get(i), EnginePair.ALICE, EnginePair.BOB, PEERS.get(i) + "@example.org",
                "@bob.example.org", "10.1." + i + ".0", "10.1." + i + ".255", "10.2.0.0", "10.2.255.255"), "psk of " + PEERS.get(i));
    }

    private static ConnectionConfig responderSide(int i) {
        return EnginePair.withPsk(EnginePair.config(PEERS.get(i), EnginePair.BOB, EnginePair.ALICE, "@bob.example.org",
                PEERS.get(i) + "@example.org", "10.2.0.0", "10.2.255.255", "10.1." + i + ".0", "10.1." + i + ".255"),
                "psk of " + PEERS.get(i));
    }

    /** The engine of the peers' side, with one connection per peer (a fresh one plays a rebooted NAT'ed site). */
    private IkeEngine peers(int seed, RecordingSaSink sink) {
        Random r = new Random(seed);
        IkeEngine e = new IkeEngine(net.transport(EnginePair.ALICE), sink, r::nextBytes, EngineOptions.DEFAULT);
        for (int i = 0; i < PEERS.size(); i++) e.addConnection(peerSide(i));
        e.start();
        return e;
    }

    private boolean up(IkeEngine e, String connection) {
        return e.ikeSas(connection).stream().anyMatch(s -> s.state() == IkeSa.State.ESTABLISHED);
    }

    @Test
    void eachPeerGetsItsOwnConnectionPskAndChildSa() {
        RecordingSaSink sink = new RecordingSaSink();
        try (IkeEngine peers = peers(1, sink); responder; net) {
            PEERS.forEach(peers::initiate);
            // The policies and the IkeUp events follow the SAs from the sessions' own threads: wait for them too.
            EnginePair.await("three IKE SAs up", () -> PEERS.stream().allMatch(p -> up(responder, p) && up(peers, p))
                    && responderSink.installed.size() == 3 && responderSink.policies.size() == 3
                    && responderEvents.stream().filter(e -> e instanceof EngineEvent.IkeUp).count() == 3);
            for (int i = 0; i < PEERS.size(); i++) {
                IkeSa sa = responder.ikeSas(PEERS.get(i)).getFirst();
                assertThat(sa.remoteIdentity()).isEqualTo(PEERS.get(i) + "@example.org");
            }
            // Each Child SA under its own tunnel, with that peer's subnet.
            assertThat(responderSink.current()).extracting(c -> c.tunnelName()).containsExactlyInAnyOrderElementsOf(PEERS);
            assertThat(responderSink.policies.values()).extracting(p -> p.remote().getFirst().start().getHostAddress())
                    .containsExactlyInAnyOrder("10.1.0.0", "10.1.1.0", "10.1.2.0");
            assertThat(responderEvents).filteredOn(e -> e instanceof EngineEvent.IkeUp).extracting(EngineEvent::connection)
                    .containsExactlyInAnyOrderElementsOf(PEERS);
        }
    }

    /**
     * A stranger at the same address (an identity no connection has) is refused, and its failure is
     * nobody's: no tunnel of the address is reported failed.
     */
    @Test
    void anUnknownIdentityIsRefusedWithoutBlamingATunnel() {
        RecordingSaSink sink = new RecordingSaSink();
        try (IkeEngine stranger = new IkeEngine(net.transport(EnginePair.ALICE), sink, new Random(3)::nextBytes, EngineOptions.DEFAULT);
             responder; net) {
            stranger.addConnection(EnginePair.withPsk(EnginePair.config("x", EnginePair.ALICE, EnginePair.BOB, "stranger@example.org",
                    "@bob.example.org", "10.1.0.0", "10.1.0.255", "10.2.0.0", "10.2.255.255"), "psk of p0"));
            List<EngineEvent> strangerEvents = new CopyOnWriteArrayList<>();
            stranger.onEvent(strangerEvents::add);
            stranger.start();
            stranger.initiate("x");
            EnginePair.await("refused", () -> strangerEvents.stream().anyMatch(e -> e instanceof EngineEvent.IkeDown));
            assertThat(strangerEvents).filteredOn(e -> e instanceof EngineEvent.IkeDown).singleElement()
                    .satisfies(e -> assertThat(((EngineEvent.IkeDown) e).failure()).isEqualTo(EngineEvent.Failure.AUTHENTICATION));
            assertThat(responderEvents).isEmpty();
            assertThat(responderSink.installed).isEmpty();
        }
    }

    /**
     * RFC 7296 2.4: INITIAL_CONTACT from p0 ends only the IKE SAs authenticated between p0 and us. The
     * site reboots (a fresh engine at the same address) while the responder still holds the IKE SAs of
     * p0 and p1; p2 is half-open (its IKE_AUTH held back) when p0's INITIAL_CONTACT arrives.
     *
     * <pre>
     * p0, p1: IKE_SA_INIT, IKE_AUTH  -->  <--   (then the site reboots, no Deletes)
     * p2:     IKE_SA_INIT  -->  <--;  IKE_AUTH (held)
     * p0:     IKE_SA_INIT  -->  <--;  IKE_AUTH {IDi, N(INITIAL_CONTACT), ...}  -->  <--   old p0 SA dropped
     * p2:     IKE_AUTH (released)  -->  <--
     * </pre>
     */
    @Test
    void initialContactEndsOnlyTheSasOfItsOwnIdentity() {
        RecordingSaSink before = new RecordingSaSink();
        IkeEngine site = peers(1, before);
        site.initiate("p0");
        site.initiate("p1");
        EnginePair.await("p0 and p1 up", () -> up(responder, "p0") && up(responder, "p1") && up(site, "p0") && up(site, "p1"));
        long oldP0 = responder.ikeSas("p0").getFirst().responderSpi();
        long oldP1 = responder.ikeSas("p1").getFirst().responderSpi();
        site.close();

        RecordingSaSink after = new RecordingSaSink();
        try (IkeEngine rebooted = peers(4, after); responder; net) {
            net.rule(h -> h.exchangeType() == ExchangeType.IKE_AUTH && !h.response(), InMemoryNetwork.Action.HOLD, 1);
            rebooted.initiate("p2");
            EnginePair.await("p2's IKE_AUTH held", () -> net.heldCount() == 1);
            rebooted.initiate("p0");
            EnginePair.await("p0 up again", () -> up(rebooted, "p0")
                    && responder.ikeSas("p0").stream().noneMatch(s -> s.responderSpi() == oldP0));
            net.releaseHeld();
            EnginePair.await("p2 up", () -> up(rebooted, "p2") && up(responder, "p2"));

            assertThat(responder.ikeSas("p0")).singleElement().satisfies(s -> assertThat(s.responderSpi()).isNotEqualTo(oldP0));
            assertThat(responder.ikeSas("p1")).as("p1's IKE SA outlives p0's INITIAL_CONTACT").singleElement()
                    .satisfies(s -> {
                        assertThat(s.responderSpi()).isEqualTo(oldP1);
                        assertThat(s.state()).isEqualTo(IkeSa.State.ESTABLISHED);
                    });
            assertThat(responderEvents).filteredOn(e -> e instanceof EngineEvent.IkeDown).extracting(EngineEvent::connection)
                    .containsExactly("p0");
        }
    }
}
