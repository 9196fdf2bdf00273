package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IKE fragmentation (RFC 7383) against strongSwan: RSA-4096 certificates with an intermediate CA make
 * IKE_AUTH about 4 KB each way, so our engine (fragment size 1280, the default) and charon
 * ({@code fragment_size = 1000}, {@code fragmentation = yes}) must both split it and both reassemble
 * the other's fragments. Each side's log must show it, and the SAs must match.
 */
class IkeFragmentationInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OUR_ID = "left.vpn.example";
    private static final String THEIR_ID = "right@vpn.example";
    private static final Pattern CHARON_SPLIT = Pattern.compile("splitting IKE message \\((\\d+) bytes\\) into (\\d+) fragments");
    private static final Pattern CHARON_REASSEMBLED = Pattern.compile("received fragment #(\\d+) of (\\d+), reassembled fragmented IKE message");

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @ParameterizedTest(name = "we initiate: {0}")
    @ValueSource(booleans = {true, false})
    void largeIkeAuthIsFragmentedInBothDirections(boolean weInitiate) throws IOException {
        TestPki pki = TestPki.create(KeyKind.RSA_4096).intermediate(KeyKind.RSA_4096);
        TestPki.Issued mine = pki.issue(OUR_ID, KeyKind.RSA_4096);
        TestPki.Issued theirs = pki.issue(THEIR_ID, KeyKind.RSA_4096);
        Path pem = Files.createTempDirectory("if-certs-");
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "if");
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns(), 2, "fragment_size = 1000")) {
            String file = pki.installInto(swan, theirs);
            Connection base = Connection.siteToSite("net", net.right(), net.left(), new Auth.PubKey(THEIR_ID, "pubkey", file),
                    new Auth.PubKey(OUR_ID, "pubkey", null)).withRekeyTime(Duration.ZERO).withFragmentation("yes");
            swan.load(new SwanctlConf(List.of(base), List.of()));
            StringBuilder chain = new StringBuilder(mine.certificatePem());
            for (var ca : pki.intermediates()) chain.append(TestPki.pem(ca));
            Files.writeString(pem.resolve("me.pem"), chain);
            Files.writeString(pem.resolve("me.key"), mine.privateKeyPem());
            Files.writeString(pem.resolve("ca.pem"), pki.root().certificatePem());
            String properties = """
                    name=net
                    local=%s
                    remote=%s
                    local_id=%s
                    remote_id=%s
                    ike=aes256gcm16-prfsha384-x25519
                    esp=aes256gcm16
                    local_ts=%s
                    remote_ts=%s
                    start=%s
                    dpd=0
                    jitter=0
                    rekey_ike=0
                    rekey_child=0
                    cert=%s
                    key=%s
                    ca=%s
                    rsa_padding=pss
                    """.formatted(net.left().outerAddress(), net.right().outerAddress(), OUR_ID, THEIR_ID,
                    net.left().innerSubnet(), net.right().innerSubnet(), weInitiate ? "initiate" : "respond",
                    pem.resolve("me.pem"), pem.resolve("me.key"), pem.resolve("ca.pem"));
            try (OurEnginePeer ours = OurEnginePeer.startReporting(net.left().ns(), properties)) {
                StrongSwanPeer.withLogsOnFailure(() -> run(weInitiate, swan, ours), swan);
                System.out.println(ours.log());
            }
        } finally {
            try (Stream<Path> walk = Files.walk(pem)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    private static void run(boolean weInitiate, StrongSwanPeer swan, OurEnginePeer ours) {
        // HDR, SAi1, KEi, Ni, N(NAT_D) x2, N(IKEV2_FRAGMENTATION_SUPPORTED)  -->
        //              <--  HDR, SAr1, KEr, Nr, N(NAT_D) x2, N(IKEV2_FRAGMENTATION_SUPPORTED), CERTREQ
        // HDR, SKF(1/n) {IDi, CERT, CERT, CERTREQ, AUTH, SAi2, TSi, TSr}, ..., HDR, SKF(n/n)  -->
        //              <--  HDR, SKF(1/m) {IDr, CERT, CERT, AUTH, SAr2, TSi, TSr}, ..., HDR, SKF(m/m)
        if (!weInitiate) {
            ours.awaitListening(WAIT);
            swan.initiate("net");
        }
        EngineStatus mine = ours.awaitStatus(s -> s.established().size() == 1 && s.ikeSas().getFirst().children().size() == 1
                && s.ikeSas().getFirst().children().getFirst().installed(), WAIT, "one IKE SA with one Child SA");
        IkeSaStatus theirs = swan.awaitSa(sa -> sa.established() && sa.installedChild("net") != null, WAIT,
                "ESTABLISHED with one Child SA");
        EngineStatus.Ike ourIke = mine.ikeSas().getFirst();
        assertThat(ourIke.initiator()).isEqualTo(weInitiate);
        assertThat(ourIke.initiatorSpi()).as("IKE SPIi").isEqualTo(theirs.initiatorSpi());
        assertThat(ourIke.responderSpi()).as("IKE SPIr").isEqualTo(theirs.responderSpi());
        assertThat(ourIke.children().getFirst().spiIn()).isEqualTo(theirs.installedChild("net").spiOut());
        assertThat(ourIke.children().getFirst().spiOut()).isEqualTo(theirs.installedChild("net").spiIn());

        String charon = swan.log();
        charon.lines().filter(l -> l.contains("fragment")).forEach(l -> System.out.println("charon: " + l));
        Matcher split = CHARON_SPLIT.matcher(charon);
        assertThat(split.find()).as("charon fragmented its IKE_AUTH").isTrue();
        int charonFragments = Integer.parseInt(split.group(2));
        Matcher reassembled = CHARON_REASSEMBLED.matcher(charon);
        assertThat(reassembled.find()).as("charon reassembled our IKE_AUTH").isTrue();
        int ourFragments = Integer.parseInt(reassembled.group(2));
        assertThat(charonFragments).isGreaterThan(1);
        assertThat(ourFragments).isGreaterThan(1);

        String log = ours.log();
        String sent = weInitiate ? "IKE_AUTH request #1 --> " : "IKE_AUTH response #1 --> ";
        String received = weInitiate ? "IKE_AUTH response #1 <-- " : "IKE_AUTH request #1 <-- ";
        for (int n = 1; n <= ourFragments; n++) {
            assertThat(log).as("we logged sending fragment %d", n).containsPattern(
                    Pattern.quote(sent) + "\\S+ fragment " + n + " of " + ourFragments + " ");
        }
        for (int n = 1; n <= charonFragments; n++) {
            assertThat(log).as("we logged receiving fragment %d", n).containsPattern(
                    Pattern.quote(received) + "\\S+ fragment " + n + " of " + charonFragments + " ");
        }
    }
}
