package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our engine (left namespace, IkeMain over real UDP 500/4500) against strongSwan 5.9 (right
 * namespace): both report the same IKE and Child SA SPIs. No data path on our side; this is about
 * IKE.
 */
class OurEngineVsStrongSwanTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @Test
    void weInitiateStrongSwanResponds() {
        String psk = OurEnginePeer.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer right = OurEnginePeer.strongSwanPeer(net, psk);
             OurEnginePeer left = OurEnginePeer.start(net.left().ns(), OurEnginePeer.properties(net, psk, "initiate", 14400, 3600))) {
            // HDR, SAi1, KEi, Ni, N(NAT_D) x2  -->
            //                     <--  HDR, SAr1, KEr, Nr, N(NAT_D) x2, ...
            // HDR, SK {IDi, N(INITIAL_CONTACT), AUTH, SAi2, TSi, TSr}  -->
            //                     <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
            OurEnginePeer.Child ours = left.awaitChildren(1, WAIT);
            IkeSaStatus theirs = right.awaitInstalled("net", WAIT);
            assertThat(theirs.initiator()).isFalse();
            assertThat(theirs.remoteId()).isEqualTo("left.vpn.example");
            ChildSaStatus child = theirs.installedChild("net");
            assertThat(child.spiIn()).isEqualTo(ours.spiOut());
            assertThat(child.spiOut()).isEqualTo(ours.spiIn());
            assertThat(child.localTs()).containsExactly(net.right().innerSubnet());
            assertThat(child.remoteTs()).containsExactly(net.left().innerSubnet());
            assertThat(List.of(theirs.encrAlg(), theirs.prfAlg(), theirs.dhGroup()))
                    .containsExactly("AES_GCM_16", "PRF_HMAC_SHA2_384", "CURVE_25519");

            // strongSwan rekeys the Child SA: CREATE_CHILD_SA with REKEY_SA, then Delete of the old one.
            right.swanctl("--rekey", "--child", "net").orThrow();
            IkeSaStatus rekeyed = right.awaitSa(sa -> sa.installedChild("net") != null
                    && sa.installedChild("net").spiIn() != child.spiIn(), WAIT, "child rekeyed");
            NetNs.sleep(Duration.ofMillis(500));
            OurEnginePeer.Child now = left.awaitChildren(1, WAIT);
            assertThat(now.spiOut()).isEqualTo(rekeyed.installedChild("net").spiIn());
            assertThat(now.spiIn()).isEqualTo(rekeyed.installedChild("net").spiOut());

            // strongSwan rekeys the IKE SA: the Child SA stays, the IKE SPIs change.
            right.swanctl("--rekey", "--ike", "site").orThrow();
            IkeSaStatus ikeRekeyed = right.awaitSa(sa -> sa.established() && sa.initiatorSpi() != theirs.initiatorSpi()
                    && sa.installedChild("net") != null, WAIT, "IKE SA rekeyed");
            assertThat(ikeRekeyed.installedChild("net").spiIn()).isEqualTo(now.spiOut());
        }
    }

    @Test
    void strongSwanInitiatesWeRespond() {
        String psk = OurEnginePeer.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer right = OurEnginePeer.strongSwanPeer(net, psk);
             OurEnginePeer left = OurEnginePeer.start(net.left().ns(), OurEnginePeer.properties(net, psk, "respond", 14400, 3600))) {
            NetNs.sleep(Duration.ofMillis(1500)); // let the JVM bind its sockets
            StrongSwanPeer.withLogsOnFailure(() -> right.initiate("net"), right);
            IkeSaStatus theirs = right.awaitInstalled("net", WAIT);
            OurEnginePeer.Child ours = left.awaitChildren(1, WAIT);
            assertThat(theirs.initiator()).isTrue();
            ChildSaStatus child = theirs.installedChild("net");
            assertThat(child.spiIn()).isEqualTo(ours.spiOut());
            assertThat(child.spiOut()).isEqualTo(ours.spiIn());
            // The engine's Delete on shutdown takes the IKE SA down on strongSwan's side too.
            left.close();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!right.listSas().isEmpty() && System.nanoTime() < deadline) NetNs.sleep(Duration.ofMillis(50));
            assertThat(right.listSas()).as("strongSwan's IKE SA after our Delete").isEmpty();
        }
    }

    @Test
    void ourLifetimesDriveChildAndIkeRekeysThatStrongSwanFollows() {
        String psk = OurEnginePeer.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer right = OurEnginePeer.strongSwanPeer(net, psk);
             OurEnginePeer left = OurEnginePeer.start(net.left().ns(), OurEnginePeer.properties(net, psk, "initiate", 6, 3))) {
            OurEnginePeer.Child first = left.awaitChildren(1, WAIT);
            IkeSaStatus before = right.awaitInstalled("net", WAIT);
            // After 3 s we rekey the Child SA (HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr} -->, then D(ESP) -->),
            // after 6 s the IKE SA (HDR, SK {SA(IKE), Ni, KEi} -->, then D(IKE) on the old SA -->).
            IkeSaStatus after = right.awaitSa(sa -> sa.established() && sa.initiatorSpi() != before.initiatorSpi()
                    && sa.installedChild("net") != null && sa.installedChild("net").spiIn() != first.spiOut(),
                    Duration.ofSeconds(20), "IKE and Child SA rekeyed by our engine");
            assertThat(after.initiator()).as("the rekeying side is the new IKE SA's initiator").isFalse();
            OurEnginePeer.Child now = left.children().getLast();
            assertThat(after.installedChild("net").spiIn()).isEqualTo(now.spiOut());
            assertThat(after.installedChild("net").spiOut()).isEqualTo(now.spiIn());
            assertThat(right.listSas()).as("old IKE SA deleted by us").hasSize(1);
            assertThat(left.log()).doesNotContain("WARNING");
        }
    }

    @ParameterizedTest(name = "{0} certificates, strongSwan initiates: {1}")
    @CsvSource({"ECDSA_P256, false", "RSA_2048, true", "ED25519, false"})
    void certificateAuthenticationBothWays(KeyKind kind, boolean strongSwanInitiates) throws Exception {
        TestPki pki = TestPki.create(kind);
        TestPki.Issued ours = pki.issue("left.vpn.example", kind);
        TestPki.Issued theirs = pki.issue("right@vpn.example", kind);
        Path pem = Files.createTempDirectory("ike-certs-");
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer right = StrongSwanPeer.start(net.right().ns())) {
            String file = pki.installInto(right, theirs);
            right.load(SwanctlConf.of(SwanctlConf.Connection.siteToSite("site", net.right(), net.left(),
                    new SwanctlConf.Auth.PubKey(theirs.id(), "pubkey", file), new SwanctlConf.Auth.PubKey(ours.id(), "pubkey", null))));
            Files.writeString(pem.resolve("me.pem"), ours.certificatePem());
            Files.writeString(pem.resolve("me.key"), ours.privateKeyPem());
            Files.writeString(pem.resolve("ca.pem"), pki.ca().certificatePem());
            String props = OurEnginePeer.properties(net, "unused", strongSwanInitiates ? "respond" : "initiate", 14400, 3600)
                    .replace("remote_id=right.vpn.example", "remote_id=right@vpn.example")
                    + "cert=" + pem.resolve("me.pem") + "\nkey=" + pem.resolve("me.key") + "\nca=" + pem.resolve("ca.pem") + "\n";
            try (OurEnginePeer left = OurEnginePeer.start(net.left().ns(), props)) {
                // HDR, SK {IDi, CERT, CERTREQ, AUTH(method 14), SAi2, TSi, TSr}  -->
                //                     <--  HDR, SK {IDr, CERT, AUTH(method 14), SAr2, TSi, TSr}
                if (strongSwanInitiates) {
                    NetNs.sleep(Duration.ofMillis(1500));
                    StrongSwanPeer.withLogsOnFailure(() -> right.initiate("net"), right);
                }
                OurEnginePeer.Child child = left.awaitChildren(1, WAIT);
                IkeSaStatus sa = right.awaitInstalled("net", WAIT);
                assertThat(sa.remoteId()).isEqualTo("left.vpn.example");
                assertThat(sa.installedChild("net").spiIn()).isEqualTo(child.spiOut());
                assertThat(right.log()).contains("authentication of 'left.vpn.example' with");
                assertThat(right.log()).contains("using trusted ca certificate");
            }
        } finally {
            try (var files = Files.list(pem)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(pem);
        }
    }
}
