package net.vpnaas.api.agent.ca;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import net.vpnaas.api.pki.IssuingCa;
import net.vpnaas.api.secret.EncryptedColumn;
import net.vpnaas.api.secret.MasterKeyConfigurationException;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.secret.UndecryptableSecretException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the one agent CA in PostgreSQL, its key encrypted under the master key. The first replica
 * to start creates it; the others (and later starts) load the same one, so an agent certificate
 * is valid on every replica and survives restarts.
 */
@Component
public class AgentCaStore {
    private static final byte[] KEY_AAD = "agent-ca-key".getBytes(StandardCharsets.UTF_8);
    public static final EncryptedColumn PRIVATE_KEY = new EncryptedColumn("agent CA private key", "agent_ca",
            List.of("id"), "private_key_ciphertext", key -> KEY_AAD);

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;

    public AgentCaStore(JdbcTemplate jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    public AgentCertificateAuthority loadOrCreate(Clock clock) throws GeneralSecurityException {
        if (load(clock) == null) {
            AgentCertificateAuthority fresh = AgentCertificateAuthority.create("vpnaas agent CA", clock);
            // Two replicas starting at once: one insert wins, both then load the winner.
            jdbc.update("insert into agent_ca (id, certificate_der, private_key_ciphertext, created_at) values (1, ?, ?, now()) "
                            + "on conflict (id) do nothing",
                    fresh.caCertificate().getEncoded(), cipher.encrypt(fresh.privateKeyPkcs8(), KEY_AAD));
        }
        return load(clock);
    }

    private AgentCertificateAuthority load(Clock clock) throws GeneralSecurityException {
        List<byte[][]> rows = jdbc.query("select certificate_der, private_key_ciphertext from agent_ca where id = 1",
                (rs, i) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)});
        if (rows.isEmpty()) return null;
        byte[] pkcs8;
        try {
            pkcs8 = cipher.decrypt(rows.getFirst()[1], KEY_AAD);
        } catch (UndecryptableSecretException e) {
            // at start-up: the configured keys are wrong, so the server stops with this one line
            throw new MasterKeyConfigurationException("the stored agent CA key cannot be decrypted: " + e.getMessage());
        }
        return new AgentCertificateAuthority(IssuingCa.load(rows.getFirst()[0], pkcs8), clock);
    }
}
