package net.vpnaas.api.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import net.vpnaas.api.secret.SecretCipher;
import net.vpnaas.api.secret.SecretReencryption;
import net.vpnaas.api.secret.TestKeys;
import net.vpnaas.api.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * reencrypt-secrets runs while replicas serve: an update of a peer that loaded the row before the
 * PSK was re-encrypted and writes after it must not put the old ciphertext back.
 */
class PeerReencryptionRaceTest extends ApiTestBase {
    @Autowired PeerRepository peers;
    @Autowired TransactionTemplate transactions;
    @Autowired SecretCipher cipher;

    @Test
    void anUpdateLoadedBeforeTheReencryptionKeepsTheNewCiphertext() {
        TenantFixture t = newTenant("customer");
        UUID id = UUID.fromString(created(t.admin().post("/v1/peers", peerBody("raced"))));
        // format 1 under the server's own key: the one thing a re-encryption under that key rewrites
        byte[] legacy = TestKeys.format1(MASTER_KEY, "correct horse battery staple".getBytes(StandardCharsets.UTF_8),
                PeerService.pskAssociatedData(id));
        jdbc.update("update peer set psk_ciphertext = ? where id = ?", legacy, id);

        transactions.executeWithoutResult(tx -> {
            PeerEntity peer = peers.findByIdAndTenantId(id, UUID.fromString(t.id())).orElseThrow();
            // on another thread, so on another connection and in a transaction of its own, as the command runs
            var tally = CompletableFuture.supplyAsync(() -> new SecretReencryption(jdbc, cipher).reencrypt(PeerService.PSKS)).join();
            assertThat(tally.reencrypted()).isEqualTo(1);
            peer.setEndpoint("renamed", Map.of(), peer.getAddress(), peer.getIkeIdentity());
        });

        byte[] stored = jdbc.queryForObject("select psk_ciphertext from peer where id = ?", byte[].class, id);
        assertThat(jdbc.queryForObject("select name from peer where id = ?", String.class, id)).isEqualTo("renamed");
        assertThat(cipher.isUnderCurrentKey(stored)).as("the re-encrypted PSK stayed").isTrue();
        assertThat(cipher.decrypt(stored, PeerService.pskAssociatedData(id)))
                .isEqualTo("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
    }
}
