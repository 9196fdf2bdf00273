package net.vpnaas.api;

import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.vpnaas.api.agent.SnapshotBuilder;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.peer.PeerService;
import net.vpnaas.api.secret.MasterKeyConfigurationException;
import net.vpnaas.api.secret.TestKeys;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.model.agent.v1.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A master key rotation as README describes it, on the run command's embedded PostgreSQL with a
 * data directory: the server on the old key; then on the new key with the old one as previous
 * (everything stored still reads); reencrypt-secrets; then the new key alone (everything still
 * reads, nothing is under the old key) while the old key alone no longer starts the server.
 */
class MasterKeyRotationTest {
    @TempDir
    Path dataDir;

    final String oldKey = TestKeys.newKey();
    final String newKey = TestKeys.newKey();

    List<String> database() {
        return List.of("--vpnaas.embedded-postgres.data-dir=" + dataDir.resolve("postgres"));
    }

    ConfigurableApplicationContext server(String... keys) {
        return new SpringApplicationBuilder(ApiServerApplication.class).run(Stream.concat(Stream.concat(database().stream(),
                Stream.of("--server.port=0", "--vpnaas.agent.port=0", "--vpnaas.bootstrap.admin-key=" + ApiTestBase.BOOTSTRAP_KEY)),
                Stream.of(keys)).toArray(String[]::new));
    }

    static ApiClient api(ConfigurableApplicationContext server) {
        return new ApiClient(((WebServerApplicationContext) server).getWebServer().getPort(), ApiTestBase.BOOTSTRAP_KEY);
    }

    static String created(HttpResult result) {
        assertThat(result.status()).as(result.body()).isEqualTo(201);
        return result.id();
    }

    static Map<String, String> pskByPeerName(ConfigurableApplicationContext server, String gateway) {
        return server.getBean(SnapshotBuilder.class).current(UUID.fromString(gateway)).orElseThrow().getPeersList().stream()
                .collect(Collectors.toMap(Peer::getName, Peer::getPsk));
    }

    /** The key id of every stored PSK, in hex ("format 1" for those without one). */
    static List<String> pskKeyIds(ConfigurableApplicationContext server) {
        return server.getBean(JdbcTemplate.class).query("select psk_ciphertext from peer where psk_ciphertext is not null",
                (rs, i) -> {
                    byte[] c = rs.getBytes(1);
                    return c[0] == 1 ? "format 1" : HexFormat.of().formatHex(c, 1, 9);
                });
    }

    @Test
    void rotationKeepsEverySecretReadableAndRetiresTheOldKey() {
        var generatedPeer = body("name", "generated", "address", "198.51.100.8", "ikeIdentity", "gen.example", "auth", body("type", "psk"));
        String gateway, generatedPsk;
        X509Certificate ca;
        try (var server = server("--vpnaas.secrets.master-key=" + oldKey)) {
            ApiClient api = api(server);
            gateway = created(api.post("/v1/gateways", body("name", "gw", "publicAddresses", List.of("192.0.2.1"))));
            String given = created(api.post("/v1/peers", body("name", "given", "address", "198.51.100.7",
                    "ikeIdentity", "given.example", "auth", body("type", "psk", "psk", "rotate me carefully"))));
            HttpResult generated = api.post("/v1/peers", generatedPeer, "Idempotency-Key", "peer-2");
            generatedPsk = generated.json().get("generatedPsk").asText();
            // as a server before key ids wrote it
            server.getBean(JdbcTemplate.class).update("update peer set psk_ciphertext = ? where id = ?", TestKeys.format1(oldKey,
                    generatedPsk.getBytes(StandardCharsets.UTF_8), PeerService.pskAssociatedData(UUID.fromString(generated.id()))),
                    UUID.fromString(created(generated)));
            String policy = created(api.post("/v1/crypto-policies", body("name", "p",
                    "ikeProposals", List.of("aes256gcm16-prfsha384-x25519"), "espProposals", List.of("aes256gcm16"))));
            for (String peer : List.of(given, generated.id())) {
                created(api.post("/v1/tunnels", body("name", "t-" + peer, "gatewayId", gateway, "peerId", peer, "policyId", policy,
                        "localTrafficSelectors", List.of("10.1.0.0/24"), "remoteTrafficSelectors", List.of("10.2.0.0/24"))));
            }
            ca = server.getBean(AgentCertificateAuthority.class).caCertificate();
        }
        Map<String, String> psks = Map.of("given", "rotate me carefully", "generated", generatedPsk);

        try (var server = server("--vpnaas.secrets.master-key=" + newKey, "--vpnaas.secrets.previous-master-keys=" + oldKey)) {
            assertThat(pskByPeerName(server, gateway)).isEqualTo(psks);
            assertThat(server.getBean(AgentCertificateAuthority.class).caCertificate()).isEqualTo(ca);
            HttpResult replay = api(server).post("/v1/peers", generatedPeer, "Idempotency-Key", "peer-2");
            assertThat(replay.header("Idempotency-Key-Replayed")).as(replay.body()).isEqualTo("true");
            assertThat(replay.json().get("generatedPsk").asText()).isEqualTo(generatedPsk);
            created(api(server).post("/v1/peers", body("name", "later", "address", "198.51.100.9", "ikeIdentity", "later.example",
                    "auth", body("type", "psk", "psk", "written under the new key"))));
            assertThat(pskKeyIds(server)).containsExactlyInAnyOrder(TestKeys.idOf(oldKey), "format 1", TestKeys.idOf(newKey));
        }

        var out = new ByteArrayOutputStream();
        int exit = ReencryptSecretsCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8), Stream.concat(database().stream(),
                Stream.of("--vpnaas.secrets.master-key=" + newKey, "--vpnaas.secrets.previous-master-keys=" + oldKey)).toArray(String[]::new));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("peer PSKs: 2 re-encrypted, 1 already under the current key",
                "agent CA private key: 1 re-encrypted", "stored idempotent responses: 1 re-encrypted");

        try (var server = server("--vpnaas.secrets.master-key=" + newKey)) {
            assertThat(pskKeyIds(server)).containsOnly(TestKeys.idOf(newKey));
            assertThat(pskByPeerName(server, gateway)).isEqualTo(psks);
            assertThat(server.getBean(AgentCertificateAuthority.class).caCertificate()).isEqualTo(ca);
            // fingerprinted under the removed key: refused like another request (Idempotency's comment, README)
            assertThat(api(server).post("/v1/peers", generatedPeer, "Idempotency-Key", "peer-2").status()).isEqualTo(422);
        }

        assertThatThrownBy(() -> server("--vpnaas.secrets.master-key=" + oldKey).close())
                .rootCause().isInstanceOf(MasterKeyConfigurationException.class)
                .hasMessage("the stored agent CA key cannot be decrypted: the secret is encrypted under master key "
                        + TestKeys.idOf(newKey) + ", which is not configured (neither vpnaas.secrets.master-key nor one of "
                        + "vpnaas.secrets.previous-master-keys)");
    }
}
