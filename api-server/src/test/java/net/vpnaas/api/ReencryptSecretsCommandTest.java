package net.vpnaas.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import net.vpnaas.api.ikeca.GatewayCertificates;
import net.vpnaas.api.ikeca.TenantIkeCas;
import net.vpnaas.api.peer.PeerService;
import net.vpnaas.api.secret.EncryptedColumn;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.secret.TestKeys;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code reencrypt-secrets} on an external PostgreSQL (the run command's embedded data directory is
 * {@link MasterKeyRotationTest}'s): every kind of secret under a previous key, in either format,
 * ends under the current key; what is current already is not touched; a row that does not decrypt
 * is named and left as it was; a second run has nothing left to do.
 */
class ReencryptSecretsCommandTest {
    static EmbeddedPostgres pg;
    static JdbcTemplate jdbc;

    final String oldKey = TestKeys.newKey();
    final String newKey = TestKeys.newKey();
    final SecretCipher underOld = TestKeys.cipher(oldKey);
    final UUID tenant = UUID.randomUUID();

    @BeforeAll
    static void database() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(pg.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    record Run(int exitCode, String output) {}

    static Run reencrypt(String... args) {
        var out = new ByteArrayOutputStream();
        String[] all = Stream.concat(Stream.of("--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres"), Stream.of(args)).toArray(String[]::new);
        int code = ReencryptSecretsCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8), all);
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    void peer(UUID id, byte[] pskCiphertext) {
        jdbc.update("""
                insert into peer (id, tenant_id, name, address, ike_identity, auth_method, psk_ciphertext, version, created_at, updated_at)
                values (?, ?, ?, '198.51.100.7', 'remote.example', 'psk', ?, 1, now(), now())""", id, tenant, "p-" + id, pskCiphertext);
    }

    byte[] psk(UUID peer) {
        return jdbc.queryForObject("select psk_ciphertext from peer where id = ?", byte[].class, peer);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everySecretEndsUnderTheCurrentKeyAndOnlyOnce() {
        jdbc.update("insert into tenant (id, name, kind, version, created_at, updated_at) values (?, 'acme', 'customer', 1, now(), now())", tenant);
        UUID format2 = UUID.randomUUID(), format1 = UUID.randomUUID(), current = UUID.randomUUID(), altered = UUID.randomUUID();
        peer(format2, underOld.encrypt(bytes("psk under the old key"), PeerService.pskAssociatedData(format2)));
        peer(format1, TestKeys.format1(oldKey, bytes("psk from before key ids"), PeerService.pskAssociatedData(format1)));
        byte[] alreadyNew = TestKeys.cipher(newKey).encrypt(bytes("psk under the new key"), PeerService.pskAssociatedData(current));
        peer(current, alreadyNew);
        byte[] broken = underOld.encrypt(bytes("psk altered in the database"), PeerService.pskAssociatedData(altered));
        broken[broken.length - 1] ^= 1;
        peer(altered, broken);
        jdbc.update("insert into agent_ca (id, certificate_der, private_key_ciphertext, created_at) values (1, ?, ?, now())",
                bytes("certificate"), underOld.encrypt(bytes("ca key"), bytes("agent-ca-key")));
        jdbc.update("""
                insert into idempotency_record (tenant_id, idempotency_key, request_fingerprint, response_status, response_body, created_at)
                values (?, 'k-1', ?, 201, ?, now())""", tenant, new byte[32],
                underOld.encrypt(bytes("{\"generatedPsk\":\"x\"}"), bytes("idempotency:" + tenant + ":k-1")));
        jdbc.update("insert into ike_ca (tenant_id, certificate_der, private_key_ciphertext, created_at) values (?, ?, ?, now())",
                tenant, bytes("certificate"), underOld.encrypt(bytes("tenant CA key"), TenantIkeCas.keyAssociatedData(tenant)));
        UUID gateway = UUID.randomUUID();
        jdbc.update("""
                insert into gateway (id, tenant_id, name, public_addresses, version, created_at, updated_at)
                values (?, ?, 'gw', '["192.0.2.1"]'::jsonb, 1, now(), now())""", gateway, tenant);
        jdbc.update("""
                insert into gateway_certificate (gateway_id, source, certificate_chain_pem, private_key_ciphertext, not_after,
                  version, created_at, updated_at) values (?, 'uploaded', 'chain', ?, now(), 1, now(), now())""",
                gateway, underOld.encrypt(bytes("gateway key"), GatewayCertificates.keyAssociatedData(gateway)));

        Run first = reencrypt("--vpnaas.secrets.master-key=" + newKey, "--vpnaas.secrets.previous-master-keys=" + oldKey);
        assertThat(first.exitCode()).as(first.output()).isEqualTo(1);
        assertThat(first.output()).contains(
                "re-encrypting secrets under master key " + TestKeys.idOf(newKey),
                "peer PSKs: 2 re-encrypted, 1 already under the current key, 1 left as they were:",
                "  peer id=" + altered + ": the secret does not decrypt under master key " + TestKeys.idOf(oldKey) + ": it was altered",
                "agent CA private key: 1 re-encrypted, 0 already under the current key",
                "stored idempotent responses: 1 re-encrypted, 0 already under the current key",
                "tenant IKE CA private keys: 1 re-encrypted, 0 already under the current key",
                "gateway IKE private keys: 1 re-encrypted, 0 already under the current key",
                "1 secrets are not under master key " + TestKeys.idOf(newKey) + ": keep the previous master keys");

        SecretCipher newOnly = TestKeys.cipher(newKey);
        assertThat(newOnly.decrypt(psk(format2), PeerService.pskAssociatedData(format2))).isEqualTo(bytes("psk under the old key"));
        assertThat(newOnly.decrypt(psk(format1), PeerService.pskAssociatedData(format1))).isEqualTo(bytes("psk from before key ids"));
        assertThat(newOnly.decrypt(jdbc.queryForObject("select private_key_ciphertext from agent_ca", byte[].class), bytes("agent-ca-key")))
                .isEqualTo(bytes("ca key"));
        assertThat(newOnly.decrypt(jdbc.queryForObject("select response_body from idempotency_record where tenant_id = ?", byte[].class, tenant),
                bytes("idempotency:" + tenant + ":k-1"))).isEqualTo(bytes("{\"generatedPsk\":\"x\"}"));
        assertThat(newOnly.decrypt(jdbc.queryForObject("select private_key_ciphertext from ike_ca where tenant_id = ?", byte[].class, tenant),
                TenantIkeCas.keyAssociatedData(tenant))).isEqualTo(bytes("tenant CA key"));
        assertThat(newOnly.decrypt(jdbc.queryForObject("select private_key_ciphertext from gateway_certificate where gateway_id = ?",
                byte[].class, gateway), GatewayCertificates.keyAssociatedData(gateway))).isEqualTo(bytes("gateway key"));
        assertThat(psk(current)).as("current already: not rewritten").isEqualTo(alreadyNew);
        assertThat(psk(altered)).as("left as it was").isEqualTo(broken);
        assertThat(jdbc.queryForList("select version from peer where tenant_id = ?", Long.class, tenant))
                .as("the secret is the same, so is the resource's version").containsOnly(1L);

        Run second = reencrypt("--vpnaas.secrets.master-key=" + newKey, "--vpnaas.secrets.previous-master-keys=" + oldKey);
        assertThat(second.output()).contains("peer PSKs: 0 re-encrypted, 3 already under the current key, 1 left as they were:",
                "agent CA private key: 0 re-encrypted, 1 already", "stored idempotent responses: 0 re-encrypted, 1 already");

        jdbc.update("delete from peer where id = ?", altered);
        Run clean = reencrypt("--vpnaas.secrets.master-key=" + newKey);
        assertThat(clean.exitCode()).as(clean.output()).isZero();
        assertThat(clean.output()).endsWith("every secret is under master key " + TestKeys.idOf(newKey)
                + ": the previous master keys can be removed\n");
    }

    @Test
    void aThrowawayKeyIsRefused() {
        Run run = reencrypt("--vpnaas.secrets.throwaway=true");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).startsWith("reencrypt-secrets: refused with vpnaas.secrets.throwaway=true");
    }

    /** A new encrypted column must join the command's list, or a rotation would leave it under the old key. */
    @Test
    void theCommandKnowsEveryEncryptedColumnOfTheSchema() {
        Set<String> listed = new HashSet<>();
        for (EncryptedColumn c : ReencryptSecretsCommand.COLUMNS) {
            listed.add(c.table() + "." + c.column());
        }
        Set<String> notSecrets = Set.of("api_key.secret_hash", "enrollment_token.token_hash",
                "idempotency_record.request_fingerprint", "agent_ca.certificate_der", "ike_ca.certificate_der",
                "users.invitation_hash", "user_session.token_hash");
        List<String> bytea = jdbc.queryForList("""
                select table_name || '.' || column_name from information_schema.columns
                where table_schema = 'public' and data_type = 'bytea'""", String.class);
        assertThat(bytea).containsExactlyInAnyOrderElementsOf(Stream.concat(listed.stream(), notSecrets.stream()).toList());
    }
}
