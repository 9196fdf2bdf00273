package net.vpnaas.agent.qkd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.agent.qkd.standin.StandInKmePair;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.engine.EngineEvent;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.task.ProposalSelection;
import net.vpnaas.ike.transport.Datagram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ours against ours with QKD keys from the stand-in KME pair over real HTTPS with mutual TLS: two
 * gateways (the agent's config loader and mapping, the IKE engine on real UDP sockets on loopback),
 * gateway a with SAE sae-a at KME A, b with sae-b at KME B. The key IDs come from the agent's log
 * lines (KmeKeySource), as a user would compare them.
 */
class QkdTunnelTest {
    private static final Pattern KEY_LINE = Pattern.compile("(to-[ab]): QKD key ([0-9a-f-]{36}) from KME .* \\((enc|dec)_keys .*\\)");

    @TempDir
    Path dir;
    private StandInKmePair kmes;
    private QkdGateway a;
    private QkdGateway b;
    private final List<String> keyLines = new ArrayList<>();
    private final Logger keyLog = Logger.getLogger(KmeKeySource.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (keyLines) {
                keyLines.add(r.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void kmePair() throws Exception {
        // No refill: every key a test sees delivered is one a gateway took.
        kmes = StandInKmePair.start(dir, StandInKmePair.Options.defaults().withPool(100, Duration.ZERO));
        keyLog.addHandler(capture);
    }

    @AfterEach
    void stop() {
        keyLog.removeHandler(capture);
        if (a != null) a.close();
        if (b != null) b.close();
        kmes.close();
    }

    private void gateways(String fallback, int childRekeySecondsA) throws Exception {
        a = new QkdGateway(InetAddress.ofLiteral("127.0.0.1"), QkdGateway.file("a", "192.0.2.1", "b", "198.51.100.1", "sae-b",
                fallback, files(kmes.urlA().toString(), "sae-a"), childRekeySecondsA), "198.51.100.1");
        // b rekeys later than a, so a initiates every Child SA rekey and no rekeys collide.
        b = new QkdGateway(InetAddress.ofLiteral("127.0.0.2"), QkdGateway.file("b", "198.51.100.1", "a", "192.0.2.1", "sae-a",
                fallback, files(kmes.urlB().toString(), "sae-b"), 200), "192.0.2.1");
        a.start(b);
        b.start(a);
    }

    private QkdGateway.StandInKmeFiles files(String url, String sae) {
        return new QkdGateway.StandInKmeFiles(url, dir.resolve(sae + ".pem").toString(), dir.resolve(sae + ".key").toString(),
                dir.resolve("ca.pem").toString());
    }

    @Test
    void theIkeSaAndEveryChildSaRekeyTakeAFreshQkdKeyWhoseIdBothLogsName() throws Exception {
        gateways("mlkem768", 10);
        a.engine.initiate("to-b");
        await("the first Child SA on both sides", Duration.ofSeconds(15), () -> a.childSasInstalled() == 1 && b.childSasInstalled() == 1);
        assertThat(a.ikeSa().orElseThrow().quantumSafety().methods()).containsExactly(KeyExchangeMethod.QKD);
        assertThat(b.ikeSa().orElseThrow().quantumSafety().methods()).containsExactly(KeyExchangeMethod.QKD);
        assertThat(a.ikeSa().orElseThrow().quantumSafety().qkdFallback()).isEmpty();
        assertThat(a.ikeSa().orElseThrow().algorithms()).contains("QKD");
        // Child SA rekeys every 10 s (childRekeySeconds 10, no fuzz), each with PFS by a new QKD key.
        await("three Child SA rekeys", Duration.ofSeconds(45), () -> a.childSasInstalled() >= 4 && b.childSasInstalled() >= 4);
        List<String> delivered = ids("to-b", "enc");
        List<String> retrieved = ids("to-a", "dec");
        assertThat(delivered).as("a's keys (enc_keys): the IKE SA's and one per Child SA rekey").hasSizeGreaterThanOrEqualTo(4)
                .doesNotHaveDuplicates();
        assertThat(retrieved).as("b fetched exactly the keys a took, in order").isEqualTo(delivered);
        assertThat(ids("to-b", "dec")).isEmpty();
        assertThat(ids("to-a", "enc")).isEmpty();
        assertThat(kmes.keysDelivered()).isEqualTo(delivered.size());
        assertThat(kmes.keysRetrieved()).isEqualTo(delivered.size());
        // The newest Child SA's keys agree (so both used the same QKD key), and differ from the first one's.
        var x = a.current().getLast();
        var y = b.current().stream().filter(c -> c.outbound().spi() == x.inbound().spi()).findFirst().orElseThrow();
        assertThat(x.inbound().encryptionKey()).isEqualTo(y.outbound().encryptionKey());
        assertThat(x.inbound().encryptionKey()).isNotEqualTo(a.installed.getFirst().inbound().encryptionKey());
    }

    @Test
    void aDryKmeFallsBackToMlKem768AndTheStatusSaysSo() throws Exception {
        gateways("mlkem768", 200);
        kmes.drain();
        a.engine.initiate("to-b");
        await("the Child SA on both sides", Duration.ofSeconds(15), () -> a.childSasInstalled() == 1 && b.childSasInstalled() == 1);
        var safety = a.ikeSa().orElseThrow().quantumSafety();
        assertThat(safety.methods()).containsExactly(KeyExchangeMethod.ML_KEM_768);
        assertThat(safety.qkdFallback()).hasValueSatisfying(r -> assertThat(r).contains(kmes.urlA().getHost()).contains("503")
                .contains("key pool exhausted"));
        assertThat(safety.toString()).startsWith("ML_KEM_768 (QKD fell back: KME https://localhost:");
        assertThat(b.ikeSa().orElseThrow().quantumSafety().methods()).containsExactly(KeyExchangeMethod.ML_KEM_768);
        assertThat(kmes.keysDelivered()).isZero();
    }

    @Test
    void aKmeRunningDryUnderARunningTunnelFallsBackAtTheNextChildSaRekeyOrEndsItWithTheReason() throws Exception {
        gateways("mlkem768", 10);
        a.engine.initiate("to-b");
        await("the first Child SA on both sides", Duration.ofSeconds(15), () -> a.childSasInstalled() == 1 && b.childSasInstalled() == 1);
        kmes.drain();
        await("a Child SA rekey", Duration.ofSeconds(25), () -> a.childSasInstalled() == 2 && b.childSasInstalled() == 2);
        // The tunnel stays up; the new Child SA's PFS was ML-KEM-768, as list-sas shows per Child SA.
        await("the old Child SA gone", Duration.ofSeconds(10), () -> a.ikeSa().orElseThrow().children().size() == 1);
        assertThat(a.ikeSa().orElseThrow().children().getFirst().algorithms()).endsWith("/ML_KEM_768");
        assertThat(b.ikeSa().orElseThrow().children().getFirst().algorithms()).endsWith("/ML_KEM_768");
        assertThat(kmes.keysDelivered()).as("only the IKE SA's key").isEqualTo(1);
        assertThat(a.events()).noneMatch(e -> e instanceof EngineEvent.IkeDown);
    }

    @Test
    void aKmeRunningDryUnderARunningTunnelWithFallbackFailEndsItNamingTheKme() throws Exception {
        gateways("fail", 10);
        a.engine.initiate("to-b");
        await("the first Child SA on both sides", Duration.ofSeconds(15), () -> a.childSasInstalled() == 1 && b.childSasInstalled() == 1);
        kmes.drain();
        await("the IKE SA ended", Duration.ofSeconds(25), () -> a.events().stream().anyMatch(e -> e instanceof EngineEvent.IkeDown));
        EngineEvent.IkeDown down = (EngineEvent.IkeDown) a.events().stream().filter(e -> e instanceof EngineEvent.IkeDown).findFirst().orElseThrow();
        assertThat(down.reason()).startsWith("no QKD key from the KME for a Child SA and no fallback in the policy: KME https://localhost:")
                .contains("(503)");
        // With an IKE Delete, so b does not keep a half-dead tunnel until DPD.
        await("b's IKE SA gone too", Duration.ofSeconds(10), () -> b.events().stream().anyMatch(e -> e instanceof EngineEvent.IkeDown));
        assertThat(b.ikeSa()).isEmpty();
    }

    @Test
    void aDryKmeWithFallbackFailRefusesTheTunnelNamingTheKme() throws Exception {
        gateways("fail", 200);
        kmes.drain();
        a.engine.initiate("to-b");
        await("the IKE SA given up", Duration.ofSeconds(10), () -> a.events().stream().anyMatch(e -> e instanceof EngineEvent.IkeDown));
        EngineEvent.IkeDown down = (EngineEvent.IkeDown) a.events().stream().filter(e -> e instanceof EngineEvent.IkeDown).findFirst().orElseThrow();
        assertThat(down.reason()).startsWith("no QKD key from the KME and no fallback in the policy: KME https://localhost:")
                .contains("(503)").contains("key pool exhausted");
        assertThat(a.childSasInstalled()).isZero();
        assertThat(b.events()).isEmpty(); // nothing was sent: no IKE SA at b
    }

    @Test
    void aFloodOfSpoofedIkeSaInitRequestsTakesNoQkdKey() throws Exception {
        gateways("fail", 200);
        Random random = new Random(9);
        byte[] ke = new byte[32];
        // IKE_SA_INIT offering exactly b's proposal (ADDKE1 = QKD) and IKE_INTERMEDIATE, spoofing a's address (which
        // b accepts IKE from); the spoofer never sees the answers, so it cannot go on to IKE_INTERMEDIATE.
        var offer = ProposalSelection.offerIke(b.connection.ikeProposals(), Bytes.EMPTY, true);
        // 40: below the cookie threshold (50) and the limit per address, so b answers every one in full (its
        // X25519 done, an IKE SA half-open) and a's own initiation afterwards is still admitted. Beyond, RFC
        // 8019's defences drop or challenge them before any work: fewer chances to take a key, not more.
        int flood = 40;
        for (int i = 0; i < flood; i++) {
            random.nextBytes(ke);
            long spi = random.nextLong() | 1;
            byte[] request = IkeMessage.of(IkeHeader.of(spi, 0, ExchangeType.IKE_SA_INIT, true, false, 0), List.of(
                    new SecurityAssociationPayload(offer), KeyExchangePayload.of(net.vpnaas.ike.message.KeyExchangeMethod.CURVE25519, Bytes.wrap(ke)),
                    new NoncePayload(Bytes.wrap(ByteBuffer.allocate(32).putLong(spi).putLong(~spi).array())),
                    NotifyPayload.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED, Bytes.EMPTY))).encode();
            b.engine.receive(new Datagram(b.ikeAddress(), a.ikeAddress(), request));
        }
        await("b answered the flood and holds half-open IKE SAs", Duration.ofSeconds(10),
                () -> b.engine.defenceState().halfOpen() == flood);
        assertThat(kmes.keysDelivered()).as("keys taken with enc_keys").isZero();
        assertThat(kmes.keysRetrieved()).as("keys fetched with dec_keys").isZero();
        // The pool is whole: a's real tunnel takes its key as usual.
        a.engine.initiate("to-b");
        await("the Child SA on both sides", Duration.ofSeconds(15), () -> a.childSasInstalled() == 1 && b.childSasInstalled() == 1);
        assertThat(kmes.keysDelivered()).isEqualTo(1);
        assertThat(kmes.keysRetrieved()).isEqualTo(1);
    }

    private List<String> ids(String tunnel, String call) {
        List<String> out = new ArrayList<>();
        synchronized (keyLines) {
            for (String line : keyLines) {
                Matcher m = KEY_LINE.matcher(line);
                if (m.matches() && m.group(1).equals(tunnel) && m.group(3).equals(call)) out.add(m.group(2));
            }
        }
        return out;
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}
