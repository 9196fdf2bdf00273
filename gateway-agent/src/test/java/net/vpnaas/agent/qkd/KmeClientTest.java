package net.vpnaas.agent.qkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import net.vpnaas.agent.qkd.standin.StandInKmePair;
import net.vpnaas.ike.qkd.QkdKey;
import net.vpnaas.ike.qkd.QkdKeyUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ETSI GS QKD 014 client against the stand-in KME pair, over real HTTPS with mutual TLS. */
class KmeClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    private StandInKmePair kmes;
    private KmeClient saeA;
    private KmeClient saeB;

    @BeforeEach
    void start() throws Exception {
        kmes = StandInKmePair.start(dir, StandInKmePair.Options.defaults().withPool(3, Duration.ZERO));
        saeA = kmes.settingsA(TIMEOUT).client();
        saeB = kmes.settingsB(TIMEOUT).client();
    }

    @AfterEach
    void stop() {
        kmes.close();
    }

    @Test
    void aKeyTheMasterTakesIsTheSlavesOnceByItsId() throws Exception {
        List<QkdKey> taken = saeA.encKeys("sae-b", 2, 256);
        assertThat(taken).hasSize(2).allSatisfy(k -> assertThat(k.key()).hasSize(32));
        assertThat(taken.get(0).id()).isNotEqualTo(taken.get(1).id());
        List<UUID> ids = taken.stream().map(QkdKey::id).toList();
        assertThat(saeB.decKeys("sae-a", ids)).isEqualTo(taken);
        assertThat(kmes.keysDelivered()).isEqualTo(2);
        assertThat(kmes.keysRetrieved()).isEqualTo(2);
        assertThatThrownBy(() -> saeB.decKeys("sae-a", ids)).isInstanceOf(QkdKeyUnavailableException.class)
                .hasMessageStartingWith("KME " + kmes.urlB() + "/ refused dec_keys for SAE sae-a as a bad request (400): key IDs")
                .hasMessageContaining("fetched already");
    }

    @Test
    void onlyTheSlaveGetsTheKey() throws Exception {
        UUID id = saeA.encKeys("sae-b", 1, 256).getFirst().id();
        // sae-a asking its own KME for a key it is the master of: sae-a is no slave of sae-a's pair there.
        assertThatThrownBy(() -> saeA.decKeys("sae-b", List.of(id))).isInstanceOf(QkdKeyUnavailableException.class)
                .hasMessageContaining("(400)");
        assertThat(saeB.decKeys("sae-a", List.of(id))).extracting(QkdKey::id).containsExactly(id);
    }

    @Test
    void aDryPoolIs503NamingTheKme() throws Exception {
        saeA.encKeys("sae-b", 3, 256);
        assertThatThrownBy(() -> saeA.encKeys("sae-b", 1, 256)).isInstanceOf(QkdKeyUnavailableException.class)
                .hasMessage("KME " + kmes.urlA() + "/ cannot serve enc_keys for SAE sae-b now (503): key pool exhausted: 0 keys ready, 1 asked");
        assertThat(kmes.keysDelivered()).isEqualTo(3);
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedInTheHandshake() throws Exception {
        KmeClient stranger = new KmeSettings(kmes.urlA(), Files.readString(dir.resolve("stranger.pem")),
                Files.readString(dir.resolve("stranger.key")), Files.readString(dir.resolve("ca.pem")), TIMEOUT, 256).client();
        assertThatThrownBy(() -> stranger.encKeys("sae-b", 1, 256)).isInstanceOf(QkdKeyUnavailableException.class)
                .hasMessageStartingWith("KME " + kmes.urlA() + "/ ");
        assertThat(kmes.keysDelivered()).isZero();
    }

    @Test
    void anotherSaesCertificateIs401() throws Exception {
        // sae-b's certificate (of the right CA), at KME A, which serves sae-a
        KmeClient atA = new KmeClient(kmes.urlA(), KmeSettings.tls(Files.readString(dir.resolve("sae-b.pem")),
                Files.readString(dir.resolve("sae-b.key")), Files.readString(dir.resolve("ca.pem"))), TIMEOUT);
        assertThatThrownBy(() -> atA.encKeys("sae-b", 1, 256)).isInstanceOf(QkdKeyUnavailableException.class)
                .hasMessage("KME " + kmes.urlA() + "/ does not authorize this gateway for SAE sae-b (401 Unauthorized: its client"
                        + " certificate is not that SAE's): client certificate 'sae-b' is not SAE 'sae-a' of KME-A");
        assertThat(kmes.keysDelivered()).isZero();
    }

    @Test
    void aKmeThatDoesNotAnswerIsATimeoutNamingIt() throws Exception {
        try (var silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            KmeClient client = new KmeClient(java.net.URI.create("https://localhost:" + silent.getLocalPort()),
                    KmeSettings.tls(Files.readString(dir.resolve("sae-a.pem")), Files.readString(dir.resolve("sae-a.key")),
                            Files.readString(dir.resolve("ca.pem"))), Duration.ofMillis(500));
            assertThatThrownBy(() -> client.encKeys("sae-b", 1, 256)).isInstanceOf(QkdKeyUnavailableException.class)
                    .hasMessageStartingWith("KME https://localhost:" + silent.getLocalPort() + "/ ");
        }
    }

    @Test
    void aManagedAgentsQkdFileReadsLikeTheStandaloneSectionAndWorks() throws Exception {
        Path file = dir.resolve("qkd.json");
        Files.writeString(file, "{\"kmeUrl\": \"" + kmes.urlA() + "\", \"certificateFile\": \"sae-a.pem\","
                + " \"privateKeyFile\": \"sae-a.key\", \"caCertificateFile\": \"ca.pem\", \"timeoutMillis\": 2000}");
        KmeSettings settings = net.vpnaas.agent.config.StandaloneConfigLoader.loadKme(file);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.keySizeBits()).isEqualTo(256);
        assertThat(settings.client().encKeys("sae-b", 1, settings.keySizeBits())).hasSize(1);
        Files.writeString(file, "{\"kmeUrl\": \"https://kme.example/?x=1\", \"certificateFile\": \"sae-a.pem\","
                + " \"privateKeyFile\": \"sae-a.key\", \"caCertificateFile\": \"ca.pem\", \"extra\": 1}");
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(net.vpnaas.agent.config.ConfigException.class,
                () -> net.vpnaas.agent.config.StandaloneConfigLoader.loadKme(file));
        assertThat(e.errors()).extracting(net.vpnaas.model.validation.Violation::field).containsExactly("kmeUrl", "extra");
    }
}
