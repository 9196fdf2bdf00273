package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PpkSecret;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Post-quantum preshared keys (RFC 8784) against strongSwan 6.0.6 ({@code ppk_id}, {@code ppk_required}),
 * both roles, with PSK authentication: alone after X25519, and after an ML-KEM-768 additional key
 * exchange (RFC 9370), where our side holds a second PPK the responder must pass over. Both sides
 * must agree on the IKE and Child SA SPIs (only possible with the same PPK in SK_pi, SK_pr and SK_d:
 * a Child SA rekey by strongSwan runs over SK_d), and both logs must say a PPK was used. strongSwan
 * 6.0.6 has no RFC 9867: our initiator's USE_PPK_INT goes unanswered and RFC 8784 is used.
 */
class PpkInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PPK_ID = "ppk-a";

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan6();
    }

    @ParameterizedTest(name = "{0}, we initiate: {1}")
    @CsvSource({
            "aes256gcm16-prfsha384-x25519, true",
            "aes256gcm16-prfsha384-x25519, false",
            "aes256gcm16-prfsha384-x25519-ke1_mlkem768, true",
            "aes256gcm16-prfsha384-x25519-ke1_mlkem768, false"})
    void requiredPpkWithPsk(String proposal, boolean weInitiate) {
        String psk = OurEnginePeer.newPsk();
        byte[] ppk = OurEnginePeer.newPsk().getBytes(StandardCharsets.US_ASCII);
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "pk");
             StrongSwanPeer swan = StrongSwanPeer.start(StrongSwanBuild.V6_0_6, net.right().ns(), 2, "")) {
            Auth me = new Auth.Psk("right.vpn.example");
            Auth them = new Auth.Psk("left.vpn.example");
            swan.load(SwanctlConf.of(Connection.siteToSite("site", net.right(), net.left(), me, them)
                            .withProposals(proposal).withRekeyTime(Duration.ZERO).withPpk(PPK_ID, true),
                    new PskSecret(me.id(), them.id(), psk.getBytes(StandardCharsets.US_ASCII))).withPpks(new PpkSecret(PPK_ID, ppk)));
            String ours = PPK_ID + ":" + HexFormat.of().formatHex(ppk);
            // With ML-KEM our side holds a second PPK: as initiator we offer ppk-a first, as responder we must pick it.
            String keys = !proposal.contains("mlkem") ? ours
                    : weInitiate ? ours + ",ppk-other:" + "42".repeat(32) : "ppk-other:" + "42".repeat(32) + "," + ours;
            String properties = OurEnginePeer.properties(net, psk, weInitiate ? "initiate" : "respond", 0, 0)
                    .replace("ike=aes256gcm16-prfsha384-x25519", "ike=" + proposal)
                    + "ppk=" + keys + "\nppk_required=yes\n";
            try (OurEnginePeer engine = OurEnginePeer.startReporting(net.left().ns(), properties)) {
                StrongSwanPeer.withLogsOnFailure(() -> run(weInitiate, proposal, swan, engine), swan);
            }
        }
    }

    private static void run(boolean weInitiate, String proposal, StrongSwanPeer swan, OurEnginePeer ours) {
        // HDR, SAi1, KEi, Ni, N(USE_PPK), ...  -->   <--  HDR, SAr1, KEr, Nr, N(USE_PPK), ...
        // [HDR(IKE_INTERMEDIATE), SK {KEi(ML-KEM-768)}  -->   <--  HDR(IKE_INTERMEDIATE), SK {KEr}]
        // HDR(IKE_AUTH), SK {IDi, AUTH(SK_pi with PPK), N(PPK_IDENTITY, ppk-a), SAi2, TSi, TSr}  -->
        //                     <--  HDR(IKE_AUTH), SK {IDr, AUTH(SK_pr with PPK), N(PPK_IDENTITY), SAr2, TSi, TSr}
        if (!weInitiate) {
            ours.awaitListening(WAIT);
            swan.initiate("net");
        }
        EngineStatus mine = ours.awaitStatus(s -> s.established().size() == 1 && s.ikeSas().getFirst().children().size() == 1
                && s.ikeSas().getFirst().children().getFirst().installed(), WAIT, "one IKE SA with one Child SA");
        IkeSaStatus theirs = swan.awaitInstalled("net", WAIT);
        EngineStatus.Ike ourIke = mine.ikeSas().getFirst();
        assertThat(ourIke.initiatorSpi()).as("IKE SPIi").isEqualTo(theirs.initiatorSpi());
        assertThat(ourIke.responderSpi()).as("IKE SPIr").isEqualTo(theirs.responderSpi());
        ChildSaStatus child = theirs.installedChild("net");
        assertThat(ourIke.children().getFirst().spiIn()).isEqualTo(child.spiOut());

        String log = ours.log();
        assertThat(log).containsPattern("IKE_AUTH request #\\d+ (-->|<--) \\S+ \\[.*N\\(PPK_IDENTITY\\)");
        assertThat(log).containsPattern("IKE_AUTH response #\\d+ (-->|<--) \\S+ \\[.*N\\(PPK_IDENTITY\\)");
        assertThat(log).contains("PPK " + PPK_ID + " mixed into the keys");
        assertThat(log).doesNotContain("NO_PPK_AUTH").doesNotContain("WARNING");
        // strongSwan 6.0.6 has no RFC 9867: offered USE_PPK_INT, it answers USE_PPK, and the PPK goes into IKE_AUTH.
        if (weInitiate) {
            assertThat(log).containsPattern("IKE_SA_INIT request #0 --> \\S+ \\[.*N\\(USE_PPK\\) N\\(USE_PPK_INT\\)");
            assertThat(log).containsPattern("IKE_SA_INIT response #0 <-- \\S+ \\[.*N\\(USE_PPK\\)").doesNotContainPattern("response #0 <-- .*USE_PPK_INT");
        }
        if (proposal.contains("mlkem")) {
            assertThat(swan.log()).containsPattern("selected proposal: IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/"
                    + Pattern.quote("CURVE_25519/KE1_ML_KEM_768"));
        }
        assertThat(swan.log()).contains("using PPK for PPK_ID '" + PPK_ID + "'");

        // A Child SA rekey: its keys come from SK_d, which the PPK went into.
        swan.swanctl("--rekey", "--child", "net").orThrow();
        IkeSaStatus rekeyed = swan.awaitSa(sa -> sa.installedChild("net") != null
                && sa.installedChild("net").spiIn() != child.spiIn(), WAIT, "child rekeyed");
        ours.awaitStatus(s -> s.established().size() == 1 && s.ikeSas().getFirst().children().stream()
                .anyMatch(c -> c.spiOut() == rekeyed.installedChild("net").spiIn()), WAIT, "the rekeyed Child SA");
        swan.log().lines().filter(l -> l.contains("PPK")).forEach(l -> System.out.println("charon: " + l));
    }
}
