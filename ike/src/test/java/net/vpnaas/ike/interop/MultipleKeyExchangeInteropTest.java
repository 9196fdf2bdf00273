package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ML-KEM as additional key exchanges (RFC 9370, draft-ietf-ipsecme-ikev2-mlkem) in IKE_INTERMEDIATE
 * (RFC 9242) against strongSwan 6.0.6, both roles: both sides must agree on the IKE and Child SA SPIs
 * (which needs the same keys after every key update and the same IntAuth in both AUTH payloads),
 * charon's log must name the key exchanges it negotiated, and with ML-KEM-1024 the first
 * IKE_INTERMEDIATE exchange must have been fragmented both ways (RFC 7383). A Child SA rekey by
 * strongSwan then runs over the new IKE SA's keys. Rekeys with additional key exchanges, in
 * IKE_FOLLOWUP_KE, are {@link FollowupKeyExchangeInteropTest}'s.
 */
class MultipleKeyExchangeInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan6();
    }

    @ParameterizedTest(name = "{0}, we initiate: {1}")
    @CsvSource({
            "aes256gcm16-prfsha384-x25519-ke1_mlkem768, true, CURVE_25519/KE1_ML_KEM_768",
            "aes256gcm16-prfsha384-x25519-ke1_mlkem768, false, CURVE_25519/KE1_ML_KEM_768",
            "aes256gcm16-prfsha384-ecp384-ke1_mlkem1024-ke2_mlkem768, true, ECP_384/KE1_ML_KEM_1024/KE2_ML_KEM_768",
            "aes256gcm16-prfsha384-ecp384-ke1_mlkem1024-ke2_mlkem768, false, ECP_384/KE1_ML_KEM_1024/KE2_ML_KEM_768"})
    void mlKemAfterTheFirstKeyExchange(String proposal, boolean weInitiate, String charonNames) {
        String psk = OurEnginePeer.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "mk");
             StrongSwanPeer swan = StrongSwanPeer.start(StrongSwanBuild.V6_0_6, net.right().ns(), 2, "")) {
            Auth me = new Auth.Psk("right.vpn.example");
            Auth them = new Auth.Psk("left.vpn.example");
            swan.load(SwanctlConf.of(Connection.siteToSite("site", net.right(), net.left(), me, them)
                            .withProposals(proposal).withRekeyTime(Duration.ZERO),
                    new PskSecret(me.id(), them.id(), psk.getBytes(StandardCharsets.US_ASCII))));
            String properties = OurEnginePeer.properties(net, psk, weInitiate ? "initiate" : "respond", 0, 0)
                    .replace("ike=aes256gcm16-prfsha384-x25519", "ike=" + proposal);
            try (OurEnginePeer ours = OurEnginePeer.startReporting(net.left().ns(), properties)) {
                StrongSwanPeer.withLogsOnFailure(() -> run(weInitiate, proposal, charonNames, swan, ours), swan);
            }
        }
    }

    private static void run(boolean weInitiate, String proposal, String charonNames, StrongSwanPeer swan, OurEnginePeer ours) {
        // HDR, SAi1(KE, ADDKE1[, ADDKE2]), KEi, Ni, N(INTERMEDIATE_EXCHANGE_SUPPORTED), ...  -->
        //                     <--  HDR, SAr1, KEr, Nr, N(INTERMEDIATE_EXCHANGE_SUPPORTED), ...
        // HDR(IKE_INTERMEDIATE #1), SK {KEi(ML-KEM)}  -->          (SKF fragments for ML-KEM-1024)
        //                     <--  HDR(IKE_INTERMEDIATE #1), SK {KEr(ML-KEM)}
        // [the same for ADDKE2 in #2]
        // HDR(IKE_AUTH), SK {IDi, AUTH(... | IntAuth), SAi2, TSi, TSr}  -->
        //                     <--  HDR(IKE_AUTH), SK {IDr, AUTH(... | IntAuth), SAr2, TSi, TSr}
        if (!weInitiate) {
            ours.awaitListening(WAIT);
            swan.initiate("net");
        }
        EngineStatus mine = ours.awaitStatus(s -> s.established().size() == 1 && s.ikeSas().getFirst().children().size() == 1
                && s.ikeSas().getFirst().children().getFirst().installed(), WAIT, "one IKE SA with one Child SA");
        IkeSaStatus theirs = swan.awaitInstalled("net", WAIT);
        EngineStatus.Ike ourIke = mine.ikeSas().getFirst();
        assertThat(ourIke.initiator()).isEqualTo(weInitiate);
        assertThat(theirs.initiator()).isEqualTo(!weInitiate);
        assertThat(ourIke.initiatorSpi()).as("IKE SPIi").isEqualTo(theirs.initiatorSpi());
        assertThat(ourIke.responderSpi()).as("IKE SPIr").isEqualTo(theirs.responderSpi());
        ChildSaStatus child = theirs.installedChild("net");
        assertThat(ourIke.children().getFirst().spiIn()).isEqualTo(child.spiOut());
        assertThat(ourIke.children().getFirst().spiOut()).isEqualTo(child.spiIn());

        String charon = swan.log();
        assertThat(charon).as("charon names the negotiated key exchanges")
                .containsPattern("selected proposal: IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/" + Pattern.quote(charonNames));
        String log = ours.log();
        int exchanges = proposal.contains("ke2_") ? 2 : 1;
        for (int n = 1; n <= exchanges; n++) {
            assertThat(log).as("IKE_INTERMEDIATE #%d in our log", n).containsPattern("IKE_INTERMEDIATE request #" + n + " (-->|<--)");
            assertThat(log).as("IKE_INTERMEDIATE #%d in our log", n).containsPattern("IKE_INTERMEDIATE response #" + n + " (-->|<--)");
        }
        assertThat(log).containsPattern("IKE_AUTH request #" + (exchanges + 1) + " ");
        if (proposal.contains("mlkem1024")) {
            // ML-KEM-1024's 1568-byte key and ciphertext do not fit 1280 bytes: both sides fragmented exchange #1.
            assertThat(log).containsPattern("IKE_INTERMEDIATE (request|response) #1 --> \\S+ fragment 1 of [2-9]");
            assertThat(log).containsPattern("IKE_INTERMEDIATE (request|response) #1 <-- \\S+ fragment 1 of [2-9]");
            assertThat(charon).contains("splitting IKE message").contains("reassembled fragmented IKE message");
        }
        assertThat(log).doesNotContain("WARNING");

        // A Child SA rekey over the IKE SA's final keys (CREATE_CHILD_SA without additional key exchanges).
        swan.swanctl("--rekey", "--child", "net").orThrow();
        IkeSaStatus rekeyed = swan.awaitSa(sa -> sa.installedChild("net") != null
                && sa.installedChild("net").spiIn() != child.spiIn(), WAIT, "child rekeyed");
        EngineStatus after = ours.awaitStatus(s -> s.established().size() == 1 && s.ikeSas().getFirst().children().stream()
                .anyMatch(c -> c.spiOut() == rekeyed.installedChild("net").spiIn()), WAIT, "the rekeyed Child SA");
        assertThat(after.ikeSas().getFirst().initiatorSpi()).isEqualTo(ourIke.initiatorSpi());
        charon.lines().filter(l -> l.contains("IKE_INTERMEDIATE") || l.contains("selected proposal"))
                .forEach(l -> System.out.println("charon: " + l));
    }
}
