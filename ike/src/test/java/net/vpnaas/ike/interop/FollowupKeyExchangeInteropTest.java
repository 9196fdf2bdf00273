package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9370 section 2.2.4 against strongSwan 6.0.6, our engine as initiator and as responder of the IKE
 * SA: Child SA rekeys with PFS X25519 + ML-KEM-768 (CREATE_CHILD_SA, then IKE_FOLLOWUP_KE) and IKE SA
 * rekeys with an additional ML-KEM-768 exchange against a peer that insists on it ({@code ke1_mlkem768},
 * no {@code ke1_none}), each started by either side; and the same Child SA rekey under certificate
 * authentication. After each rekey both sides list the same SPIs and algorithms (strongSwan's
 * {@code ake1}), and charon's log names the key exchanges it selected. The IKE_FOLLOWUP_KE requests,
 * an ML-KEM-768 key each, are fragmented both ways (RFC 7383).
 */
class FollowupKeyExchangeInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
    private static final String ESP = "aes256gcm16-x25519-ke1_mlkem768";
    private static final String CHARON_ESP = "selected proposal: ESP:AES_GCM_16_256/CURVE_25519/NO_EXT_SEQ/KE1_ML_KEM_768";
    private static final String CHARON_IKE = "selected proposal: IKE:AES_GCM_16_256/PRF_HMAC_SHA2_384/CURVE_25519/KE1_ML_KEM_768";
    private static final String OUR_ID = "left.vpn.example";
    private static final String THEIR_ID = "right@vpn.example";

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan6();
    }

    @ParameterizedTest(name = "we initiate the IKE SA: {0}")
    @ValueSource(booleans = {true, false})
    void childRekeysWithPfsThroughIkeFollowupKeStartedByEachSide(boolean weInitiate) {
        withPsk(weInitiate, "fk", (swan, ours) -> {
            establish(weInitiate, swan, ours);
            rekeyChildBy(true, swan, ours);
            rekeyChildBy(false, swan, ours);
            assertThat(count(swan.log(), CHARON_ESP)).as("charon selected ESP with X25519 + ML-KEM-768 in both rekeys")
                    .isGreaterThanOrEqualTo(2);
            // An ML-KEM-768 encapsulation key does not fit 1280 bytes: the IKE_FOLLOWUP_KE requests went in
            // SKF fragments (RFC 7383), strongSwan's and ours.
            assertThat(swan.log()).containsPattern("generating IKE_FOLLOWUP_KE request \\d+ \\[ EF\\(1/2\\) ]")
                    .containsPattern("parsed IKE_FOLLOWUP_KE request \\d+ \\[ EF\\(1/2\\) ]");
        });
    }

    /**
     * strongSwan insists on ML-KEM-768 for every IKE SA ({@code ke1_mlkem768} without {@code ke1_none}): the
     * rekeys, ours and its own, run it in IKE_FOLLOWUP_KE, and the Child SA moves to each new IKE SA.
     */
    @ParameterizedTest(name = "we initiate the IKE SA: {0}")
    @ValueSource(booleans = {true, false})
    void ikeRekeysWithAnAdditionalKeyExchangeStartedByEachSide(boolean weInitiate) {
        withPsk(weInitiate, "fi", (swan, ours) -> {
            establish(weInitiate, swan, ours);
            rekeyIkeBy(true, swan, ours);
            rekeyIkeBy(false, swan, ours);
            assertThat(count(swan.log(), CHARON_IKE + "\n")).as("charon selected X25519 + ML-KEM-768 for all three IKE SAs")
                    .isGreaterThanOrEqualTo(3);
            // The Child SA still carries traffic keys both agree on: a rekey over the newest IKE SA works.
            rekeyChildBy(false, swan, ours);
        });
    }

    @ParameterizedTest(name = "we initiate the IKE SA: {0}")
    @ValueSource(booleans = {true, false})
    void certificatesWithMlKemAndAChildRekeyThroughIkeFollowupKe(boolean weInitiate) throws IOException {
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued mine = pki.issue(OUR_ID, KeyKind.ECDSA_P256);
        TestPki.Issued theirs = pki.issue(THEIR_ID, KeyKind.ECDSA_P256);
        Path pem = Files.createTempDirectory("fc-certs-");
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "fc");
             StrongSwanPeer swan = StrongSwanPeer.start(StrongSwanBuild.V6_0_6, net.right().ns(), 2, "")) {
            String file = pki.installInto(swan, theirs);
            swan.load(new SwanctlConf(List.of(connection(net, new Auth.PubKey(THEIR_ID, "pubkey", file),
                    new Auth.PubKey(OUR_ID, "pubkey", null))), List.of()));
            Files.writeString(pem.resolve("me.pem"), mine.certificatePem());
            Files.writeString(pem.resolve("me.key"), mine.privateKeyPem());
            Files.writeString(pem.resolve("ca.pem"), pki.root().certificatePem());
            String properties = properties(OurEnginePeer.properties(net, "unused", weInitiate ? "initiate" : "respond", 0, 0))
                    .replace("local_id=left.vpn.example", "local_id=" + OUR_ID)
                    .replace("remote_id=right.vpn.example", "remote_id=" + THEIR_ID)
                    .replace("psk=unused\n", "cert=%s\nkey=%s\nca=%s\n".formatted(pem.resolve("me.pem"), pem.resolve("me.key"),
                            pem.resolve("ca.pem")));
            try (OurEnginePeer ours = OurEnginePeer.startReporting(net.left().ns(), properties)) {
                StrongSwanPeer.withLogsOnFailure(() -> {
                    establish(weInitiate, swan, ours);
                    assertThat(swan.log()).contains("authentication of '" + OUR_ID + "' with ECDSA");
                    rekeyChildBy(!weInitiate, swan, ours);
                }, swan);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(pem)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    private interface Scenario {
        void run(StrongSwanPeer swan, OurEnginePeer ours);
    }

    private static void withPsk(boolean weInitiate, String prefix, Scenario scenario) {
        String psk = OurEnginePeer.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, prefix);
             StrongSwanPeer swan = StrongSwanPeer.start(StrongSwanBuild.V6_0_6, net.right().ns(), 2, "")) {
            Auth me = new Auth.Psk("right.vpn.example");
            Auth them = new Auth.Psk("left.vpn.example");
            swan.load(SwanctlConf.of(connection(net, me, them), new PskSecret(me.id(), them.id(), psk.getBytes(StandardCharsets.US_ASCII))));
            String properties = properties(OurEnginePeer.properties(net, psk, weInitiate ? "initiate" : "respond", 0, 0));
            try (OurEnginePeer ours = OurEnginePeer.startReporting(net.left().ns(), properties)) {
                StrongSwanPeer.withLogsOnFailure(() -> {
                    try {
                        scenario.run(swan, ours);
                    } finally {
                        printKeyExchanges(swan);
                    }
                }, swan);
            }
        }
    }

    /** strongSwan's side: the hybrid IKE proposal, PFS X25519 + ML-KEM-768 for the Child SA, no rekeys of its own. */
    private static Connection connection(NamespacePair net, Auth me, Auth them) {
        Connection c = Connection.siteToSite("site", net.right(), net.left(), me, them).withProposals(IKE).withRekeyTime(Duration.ZERO);
        SwanctlConf.Child child = c.children().getFirst().withEspProposals(ESP);
        return c.withChildren(List.of(new SwanctlConf.Child(child.name(), child.localTs(), child.remoteTs(), child.espProposals(),
                child.startAction(), Duration.ZERO)));
    }

    private static String properties(String base) {
        return base.replace("ike=aes256gcm16-prfsha384-x25519\n", "ike=" + IKE + "\n").replace("esp=aes256gcm16\n", "esp=" + ESP + "\n");
    }

    private static void establish(boolean weInitiate, StrongSwanPeer swan, OurEnginePeer ours) {
        if (!weInitiate) {
            ours.awaitListening(WAIT);
            swan.initiate("net");
        }
        IkeSaStatus theirs = awaitSame(swan, ours, s -> true, "one IKE SA with one Child SA");
        assertThat(theirs.initiator()).isEqualTo(!weInitiate);
        assertThat(theirs.additionalKeyExchanges()).containsExactly("ML_KEM_768");
        assertThat(swan.log()).contains(CHARON_IKE + "\n");
    }

    /**
     * HDR, SK {N(REKEY_SA), SA(ESP: X25519, ADDKE1 ML-KEM-768), Ni, KEi, TSi, TSr}  -->
     * <--  HDR, SK {SA, Nr, KEr, N(ADDITIONAL_KEY_EXCHANGE)(link), TSi, TSr}
     * HDR(IKE_FOLLOWUP_KE), SK {KEi(1), N(ADDITIONAL_KEY_EXCHANGE)(link)}  -->
     * <--  HDR(IKE_FOLLOWUP_KE), SK {KEr(1)}
     * then the initiator deletes the old Child SA.
     */
    private static void rekeyChildBy(boolean us, StrongSwanPeer swan, OurEnginePeer ours) {
        IkeSaStatus before = awaitSame(swan, ours, s -> true, "one IKE SA with one Child SA");
        long oldSpi = before.children().getFirst().spiIn();
        long followupsBefore = count(ours.log(), "IKE_FOLLOWUP_KE request #");
        if (us) ours.command("rekey-child");
        else swan.swanctl("--rekey", "--child", "net").orThrow();
        IkeSaStatus after = awaitSame(swan, ours, s -> s.children().getFirst().spiIn() != oldSpi,
                "the Child SA rekeyed by " + (us ? "us" : "strongSwan"));
        ChildSaStatus theirs = after.children().getFirst();
        EngineStatus.Child mine = EngineStatus.lastIn(ours.log()).ikeSas().getFirst().children().getFirst();
        assertThat(theirs.dhGroup()).isEqualTo("CURVE_25519");
        assertThat(theirs.additionalKeyExchanges()).containsExactly("ML_KEM_768");
        assertThat(mine.pfsGroup()).isEqualTo("CURVE25519+ML_KEM_768");
        assertThat(theirs.encrAlg() + "/" + theirs.encrKeysize()).isEqualTo("AES_GCM_16/256");
        assertThat(mine.encr() + "/" + mine.keyBits()).isEqualTo("AES_GCM_16/256");
        String direction = us ? "-->" : "<--";
        assertThat(count(ours.log(), "IKE_FOLLOWUP_KE request #")).isGreaterThan(followupsBefore);
        assertThat(ours.log()).containsPattern("IKE_FOLLOWUP_KE request #\\d+ " + direction + " ");
        assertThat(ours.log()).doesNotContain("WARNING");
    }

    /**
     * HDR, SK {SA(IKE: X25519, ADDKE1 ML-KEM-768, new SPI), Ni, KEi}  -->
     * <--  HDR, SK {SA, Nr, KEr, N(ADDITIONAL_KEY_EXCHANGE)(link)}
     * HDR(IKE_FOLLOWUP_KE), SK {KEi(1), N(ADDITIONAL_KEY_EXCHANGE)(link)}  -->
     * <--  HDR(IKE_FOLLOWUP_KE), SK {KEr(1)}
     * then the initiator deletes the old IKE SA; the Child SA lives on under the new one.
     */
    private static void rekeyIkeBy(boolean us, StrongSwanPeer swan, OurEnginePeer ours) {
        IkeSaStatus before = awaitSame(swan, ours, s -> true, "one IKE SA with one Child SA");
        if (us) ours.command("rekey-ike");
        else swan.swanctl("--rekey", "--ike", "site").orThrow();
        IkeSaStatus after = awaitSame(swan, ours, s -> s.initiatorSpi() != before.initiatorSpi(),
                "the IKE SA rekeyed by " + (us ? "us" : "strongSwan"));
        EngineStatus.Ike mine = EngineStatus.lastIn(ours.log()).ikeSas().getFirst();
        assertThat(after.initiator()).isEqualTo(!us);
        assertThat(after.dhGroup()).isEqualTo("CURVE_25519");
        assertThat(after.additionalKeyExchanges()).containsExactly("ML_KEM_768");
        assertThat(mine.keyExchange()).isEqualTo("CURVE25519+ML_KEM_768");
        assertThat(after.children().getFirst().spiIn()).isEqualTo(before.children().getFirst().spiIn());
        assertThat(ours.log()).containsPattern("IKE_FOLLOWUP_KE request #\\d+ " + (us ? "-->" : "<--") + " ");
        assertThat(ours.log()).doesNotContain("WARNING");
    }

    /** Waits until both sides hold the same single IKE SA and Child SA (SPIs) and {@code condition} holds for strongSwan's. */
    private static IkeSaStatus awaitSame(StrongSwanPeer swan, OurEnginePeer ours, java.util.function.Predicate<IkeSaStatus> condition,
                                         String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            IkeSaStatus same = OurEnginePeer.sameSingleSas(swan.listSas(), EngineStatus.lastIn(ours.log()));
            if (same != null && condition.test(same)) return same;
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; ours: "
                    + EngineStatus.lastIn(ours.log()) + ", strongSwan's: " + swan.listSas());
            NetNs.sleep(Duration.ofMillis(100));
        }
    }

    private static void printKeyExchanges(StrongSwanPeer swan) {
        swan.log().lines().filter(l -> l.contains("selected proposal") || l.contains("IKE_FOLLOWUP_KE") || l.contains("key exchange"))
                .forEach(l -> System.out.println("charon: " + l));
    }

    private static long count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        long n = 0;
        while (m.find()) n++;
        return n;
    }
}
