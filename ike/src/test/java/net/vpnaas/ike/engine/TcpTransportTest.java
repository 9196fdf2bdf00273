package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.EspProposalConfig;
import net.vpnaas.ike.config.IkeTransportPolicy;
import net.vpnaas.ike.config.NatTraversal;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.ChildSaInstall;
import net.vpnaas.ike.transport.Carrier;
import org.junit.jupiter.api.Test;

/**
 * Where an IKE SA picks its carrier (RFC 9329): UDP first and TCP after the fallback timer when UDP
 * gets no answer, TCP at once when the policy forces it, UDP again for the next new IKE SA, TCP kept
 * across an IKE rekey; over TCP the Child SAs' ESP is on the stream, nothing floats to port 4500 and
 * no message is fragmented.
 */
class TcpTransportTest {

    private static final int TCP_PORT = 443;
    private static final List<EspProposalConfig> ESP_OFFERS = List.of(ProposalParser.esp("aes256gcm16"),
            ProposalParser.esp("aes128gcm16"), ProposalParser.esp("aes256-sha256"), ProposalParser.esp("aes128-sha256"));

    private static UnaryOperator<ConnectionConfig> transport(IkeTransportPolicy.Mode mode) {
        return c -> new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), c.authentication(),
                c.ikeProposals(), ESP_OFFERS, c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(),
                c.retransmit(), new NatTraversal(false, Duration.ofSeconds(20), new IkeTransportPolicy(mode, TCP_PORT)),
                // fragments of at most 256 bytes over UDP: IKE_AUTH with these offers would be cut, were TCP not exempt
                256, c.ppk());
    }

    private static void assertOnTheStream(ChildSaInstall sa, int remotePort) {
        assertThat(sa.endpoints().tcpEncapsulation()).as("ESP on the TCP stream").isTrue();
        assertThat(sa.endpoints().udpEncapsulation()).isFalse();
        assertThat(sa.endpoints().remote().getPort()).isEqualTo(remotePort);
    }

    private static boolean onlyTheSuccessor(IkeEngine engine, long oldInitiatorSpi) {
        List<IkeSa> sas = engine.ikeSas("net");
        return sas.size() == 1 && sas.getFirst().initiatorSpi() != oldInitiatorSpi;
    }

    private static List<InMemoryNetwork.Sent> initRequests(EnginePair p) {
        return p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_SA_INIT && !s.header().response()).toList();
    }

    @Test
    void fallsBackToTcpWhenUdpGetsNoAnswerAndTriesUdpAgainForTheNextIkeSa() {
        try (EnginePair p = new EnginePair(transport(IkeTransportPolicy.Mode.UDP_WITH_TCP_FALLBACK), c -> c, EngineOptions.DEFAULT)) {
            p.net.dropUdp(true);
            long start = System.nanoTime();
            p.establish();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            p.assertMirrored();

            List<InMemoryNetwork.Sent> inits = initRequests(p);
            // Two UDP sends (300 ms, then 450 ms more with EnginePair.FAST), then one IKE SA over TCP
            assertThat(inits).extracting(s -> s.datagram().carrier()).containsExactly(Carrier.UDP, Carrier.UDP, Carrier.TCP);
            assertThat(inits.get(2).datagram().remote().getPort()).isEqualTo(TCP_PORT);
            assertThat(inits.get(2).header().initiatorSpi()).as("a new IKE SA").isNotEqualTo(inits.get(0).header().initiatorSpi());
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(750)).isLessThan(Duration.ofSeconds(5));
            assertThat(p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.IKE_AUTH))
                    .allSatisfy(s -> {
                        assertThat(s.datagram().carrier()).isEqualTo(Carrier.TCP);
                        assertThat(s.header().nextPayload()).as("SK, not SKF: whole, not fragmented").isEqualTo(46);
                        if (!s.header().response()) assertThat(s.datagram().data().length).isGreaterThan(256 - 28);
                    });
            assertOnTheStream(p.aliceSink.current().getFirst(), TCP_PORT);
            assertOnTheStream(p.bobSink.current().getFirst(), 500); // bob names the stream by alice's end of it
            assertThat(p.alice.saViews("net", Duration.ofSeconds(5)).getFirst().carrier()).isEqualTo(Carrier.TCP);
            assertThat(p.bob.saViews("net", Duration.ofSeconds(5)).getFirst().carrier()).isEqualTo(Carrier.TCP);

            // A rekeyed IKE SA stays on the stream. Waiting for one IKE SA on each side is not enough: before
            // alice has taken in bob's answer she holds one too, the old one, and deleting it then would race
            // the rekey and leave the new one up.
            long oldSpi = p.alice.ikeSas("net").getFirst().initiatorSpi();
            p.alice.rekeyIke("net");
            EnginePair.await("only the rekeyed IKE SA on both sides", () -> onlyTheSuccessor(p.alice, oldSpi) && onlyTheSuccessor(p.bob, oldSpi));
            assertThat(p.alice.ikeSas("net").getFirst().carrier()).isEqualTo(Carrier.TCP);
            assertThat(p.net.sent().stream().filter(s -> s.header().exchangeType() == ExchangeType.CREATE_CHILD_SA))
                    .allSatisfy(s -> assertThat(s.datagram().carrier()).isEqualTo(Carrier.TCP));

            // UDP passes again: the next new IKE SA tries it first, and gets through on it
            p.net.dropUdp(false);
            p.alice.deleteIke("net");
            EnginePair.await("tunnel down", () -> p.alice.ikeSas("net").isEmpty() && p.bob.ikeSas("net").isEmpty());
            int before = initRequests(p).size();
            p.establish();
            assertThat(initRequests(p).subList(before, initRequests(p).size()))
                    .extracting(s -> s.datagram().carrier()).containsExactly(Carrier.UDP);
            assertThat(p.alice.ikeSas("net").getFirst().carrier()).isEqualTo(Carrier.UDP);
            assertThat(p.aliceSink.current().getFirst().endpoints().tcpEncapsulation()).isFalse();
        }
    }

    @Test
    void forcedTcpStartsOverTcp() {
        try (EnginePair p = new EnginePair(transport(IkeTransportPolicy.Mode.TCP), c -> c, EngineOptions.DEFAULT)) {
            p.establish();
            assertThat(p.net.sent()).allSatisfy(s -> assertThat(s.datagram().carrier()).isEqualTo(Carrier.TCP));
            assertThat(initRequests(p)).hasSize(1);
            assertOnTheStream(p.aliceSink.current().getFirst(), TCP_PORT);
        }
    }

    @Test
    void fallbackPolicyStaysOnUdpWhenUdpAnswers() {
        try (EnginePair p = new EnginePair(transport(IkeTransportPolicy.Mode.UDP_WITH_TCP_FALLBACK), c -> c, EngineOptions.DEFAULT)) {
            p.establish();
            // Past the fallback timer: nothing moved to TCP
            EnginePair.await("fallback timer passed", () -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            });
            assertThat(p.net.sent()).allSatisfy(s -> assertThat(s.datagram().carrier()).isEqualTo(Carrier.UDP));
            assertThat(p.alice.ikeSas("net")).hasSize(1);
        }
    }
}
