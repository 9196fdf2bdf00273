package net.vpnaas.ike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.vpnaas.ike.message.AuthMethod;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IdType;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.InvalidIkeSpiAnswer;
import net.vpnaas.ike.message.KeyExchangeMethod;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.MessageIdSyncNotify;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PaceEncryptedNonce;
import net.vpnaas.ike.message.PpkIdentity;
import net.vpnaas.ike.message.PpkIdentityKey;
import net.vpnaas.ike.message.ReplayCounterSyncNotify;
import net.vpnaas.ike.message.SecurePasswordMethodsNotify;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link IkeMessageFuzzTarget} for a bounded time inside the normal test
 * run (see {@link JazzerRun}). Seconds: system property {@code ike.fuzz.seconds} (default 30). The
 * corpus starts empty on every run (only the seeds), so coverage growth proves that this run found
 * new paths.
 */
class IkeMessageFuzzTest {

    @Test
    void decodeRulesAndReassemblySurviveCoverageGuidedFuzzing() throws Exception {
        writeSeeds(JazzerRun.seeds("ike-message"));
        JazzerRun run = JazzerRun.run("ike-message", IkeMessageFuzzTarget.class, "net.vpnaas.ike.message.**", JazzerRun.seconds());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.initialCoverage()).as("instrumentation reached the codec").isGreaterThan(100);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
    }

    /**
     * Seeds: the real strongSwan messages the codec tests use, one with the notifications of RFC 8784 and RFC 9867, a
     * token maker's INVALID_IKE_SPI answer (RFC 6290), the notifications of an RFC 6311 sync, RFC 7619's ID_NULL
     * and NULL AUTH, and PACE's SECURE_PASSWORD_METHODS, GSPM(ENONCE), KE and AUTH method 12 (RFC 6467, RFC 6631).
     */
    private static void writeSeeds(Path seeds) throws IOException {
        IkeMessage ppk = IkeMessage.of(IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, true, false, 1), List.of(
                NotifyPayload.of(NotifyType.PPK_IDENTITY, PpkIdentity.encode("ppk-a".getBytes(StandardCharsets.US_ASCII))),
                NotifyPayload.of(NotifyType.NO_PPK_AUTH, Bytes.fromHex("00112233")),
                NotifyPayload.of(NotifyType.USE_PPK_INT, Bytes.EMPTY),
                NotifyPayload.of(NotifyType.PPK_IDENTITY_KEY,
                        PpkIdentityKey.encode("ppk-a".getBytes(StandardCharsets.US_ASCII), Bytes.fromHex("0102030405060708").toByteArray()))));
        Files.write(seeds.resolve("ppk-notifications"), ppk.encode());
        IkeHeader lost = IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, true, false, 3);
        Files.write(seeds.resolve("qcd-invalid-ike-spi"), InvalidIkeSpiAnswer.to(lost, Bytes.wrap(new byte[16])).encode());
        IkeMessage sync = IkeMessage.of(IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, false, false, 0), List.of(
                new MessageIdSyncNotify(Bytes.fromHex("01020304"), 5, 9).payload(), new ReplayCounterSyncNotify(1000, false).payload()));
        Files.write(seeds.resolve("rfc6311-sync"), sync.encode());
        // RFC 7619: an IDi of type ID_NULL and an AUTH with the NULL method, unprotected so the codec sees them.
        IkeMessage nullAuth = IkeMessage.of(IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, true, false, 1), List.of(
                IdentificationPayload.of(true, IdType.NULL, Bytes.EMPTY),
                AuthenticationPayload.of(AuthMethod.NULL_AUTHENTICATION, Bytes.fromHex("00112233445566778899aabbccddeeff"))));
        Files.write(seeds.resolve("null-auth"), nullAuth.encode());
        // RFC 6467 / 6631: the offer in IKE_SA_INIT, and PACE's first IKE_AUTH (ENONCE in GSPM, KEi), unprotected.
        IkeMessage paceInit = IkeMessage.of(IkeHeader.of(1, 0, ExchangeType.IKE_SA_INIT, true, false, 0), List.of(
                new SecurePasswordMethodsNotify(List.of(SecurePasswordMethodsNotify.PACE)).payload()));
        Files.write(seeds.resolve("pace-init"), paceInit.encode());
        IkeMessage pace = IkeMessage.of(IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, true, false, 1), List.of(
                IdentificationPayload.of(true, IdType.FQDN, Bytes.wrap("a.example".getBytes(StandardCharsets.US_ASCII))),
                new PaceEncryptedNonce(Bytes.wrap(new byte[16]), Bytes.fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")).payload(),
                KeyExchangePayload.of(KeyExchangeMethod.of(19), Bytes.wrap(new byte[64])),
                AuthenticationPayload.of(AuthMethod.GENERIC_SECURE_PASSWORD, Bytes.fromHex("00112233445566778899aabbccddeeff"))));
        Files.write(seeds.resolve("pace-auth"), pace.encode());
        try (InputStream in = IkeMessageFuzzTest.class.getResourceAsStream(
                "/net/vpnaas/ike/message/strongswan-exchange.hex")) {
            List<String> lines = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.isBlank()).toList());
            for (int i = 0; i < lines.size(); i++) {
                byte[] bytes = HexFormat.of().parseHex(lines.get(i).split(" ")[1]);
                Files.write(seeds.resolve("strongswan-" + i), bytes);
            }
        }
    }
}
