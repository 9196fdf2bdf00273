package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.vpnaas.ike.config.EspProposalConfig;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interop matrix against strongSwan 5.9: our engine ({@link ReportingEngineMain}, left namespace,
 * real UDP 500/4500) and charon (right namespace). Each row picks a role, an outer address family, an
 * authentication, an IKE and an ESP proposal, and optionally which side rekeys the Child SA afterwards
 * (that CREATE_CHILD_SA is where an ESP proposal's PFS group is used; the first Child SA is keyed
 * from the IKE SA). A row passes only when both sides hold exactly one ESTABLISHED IKE SA with the same
 * SPIs and algorithms and exactly one installed Child SA with mirrored SPIs and the same algorithms,
 * both equal to the first choice of the row's proposals, and charon's log names the signature scheme
 * the row stands for.
 *
 * <p>Ten rows cover: both roles (5 each), IPv4 and IPv6 outer addresses (6 and 4 rows),
 * 6 IKE proposals (AES-GCM, AES-CBC+HMAC and ChaCha20-Poly1305; PRF SHA-256/384/512; X25519, X448,
 * ECP-256/384/521, MODP-3072), 6 ESP proposals (AES-GCM-128/256, ChaCha20-Poly1305, AES-CBC with
 * HMAC-SHA-256/384), with and without PFS, and PSK, ECDSA, RSA-PSS and Ed25519 certificates.
 */
class InteropMatrixTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String OUR_ID = "left.vpn.example";
    private static final String THEIR_ID = "right@vpn.example";

    enum Side { US, STRONGSWAN, NOBODY }

    /** How both sides authenticate, and how charon's log names the scheme of our AUTH payload. */
    enum AuthKind {
        PSK(null, "pre-shared key"),
        ECDSA(KeyKind.ECDSA_P256, "ECDSA"),
        RSA_PSS(KeyKind.RSA_2048, "RSA_EMSA_PSS"),
        ED25519(KeyKind.ED25519, "ED25519");

        final KeyKind keyKind;
        final String charonScheme;

        AuthKind(KeyKind keyKind, String charonScheme) {
            this.keyKind = keyKind;
            this.charonScheme = charonScheme;
        }
    }

    record Row(Side initiator, IpFamily outer, AuthKind auth, String ike, String esp, Side rekeysChild) {
        @Override
        public String toString() {
            return "%s initiates, %s, %s, IKE %s, ESP %s, child rekey by %s".formatted(initiator, outer, auth, ike, esp, rekeysChild);
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row(Side.US, IpFamily.V4, AuthKind.PSK, "aes256gcm16-prfsha384-x25519", "aes256gcm16", Side.NOBODY),
                new Row(Side.STRONGSWAN, IpFamily.V6, AuthKind.PSK, "aes256gcm16-prfsha384-x25519", "chacha20poly1305", Side.US),
                new Row(Side.US, IpFamily.V6, AuthKind.ECDSA, "aes128-sha256-prfsha256-ecp256", "aes128gcm16-ecp256", Side.STRONGSWAN),
                new Row(Side.STRONGSWAN, IpFamily.V4, AuthKind.ECDSA, "aes128-sha256-prfsha256-ecp256", "aes128-sha256", Side.US),
                new Row(Side.US, IpFamily.V4, AuthKind.RSA_PSS, "chacha20poly1305-prfsha512-x448", "chacha20poly1305-x25519", Side.US),
                new Row(Side.STRONGSWAN, IpFamily.V6, AuthKind.RSA_PSS, "chacha20poly1305-prfsha512-modp3072", "aes256-sha384", Side.NOBODY),
                new Row(Side.US, IpFamily.V6, AuthKind.ED25519, "aes256-sha512-prfsha512-ecp521", "aes256-sha384-ecp384", Side.STRONGSWAN),
                new Row(Side.STRONGSWAN, IpFamily.V4, AuthKind.ED25519, "aes256-sha512-prfsha512-ecp384", "aes128gcm16", Side.US),
                new Row(Side.US, IpFamily.V4, AuthKind.PSK, "aes256-sha384-prfsha384-modp3072", "aes128-sha256-modp3072", Side.US),
                new Row(Side.STRONGSWAN, IpFamily.V4, AuthKind.PSK, "chacha20poly1305-prfsha512-x448", "aes256gcm16-x448", Side.STRONGSWAN));
    }

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rows")
    void bothSidesHoldTheSameSas(Row row) throws IOException {
        Path pem = Files.createTempDirectory("ii-certs-");
        try (NamespacePair net = NamespacePair.create(row.outer(), row.outer(), "ii");
             // charon signs with RSA PKCS#1 v1.5 unless told to prefer PSS; ECDSA and Ed25519 need no choice.
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns(), 2,
                     row.auth() == AuthKind.RSA_PSS ? "rsa_pss = yes" : "")) {
            String ourProperties = configure(row, net, swan, pem);
            try (OurEnginePeer ours = OurEnginePeer.startReporting(net.left().ns(), ourProperties)) {
                long t0 = System.nanoTime();
                StrongSwanPeer.withLogsOnFailure(() -> run(row, swan, ours), swan);
                System.out.printf("%s: %d ms from engine start to the last check%n", row, (System.nanoTime() - t0) / 1_000_000);
                System.out.println(ours.log());
            }
        } finally {
            deleteTree(pem);
        }
    }

    private static void run(Row row, StrongSwanPeer swan, OurEnginePeer ours) {
        // HDR, SAi1, KEi, Ni, N(NAT_D) x2  -->
        //                     <--  HDR, SAr1, KEr, Nr, N(NAT_D) x2 [, CERTREQ]
        // HDR, SK {IDi, [CERT,] [N(INITIAL_CONTACT),] AUTH, SAi2, TSi, TSr}  -->
        //                     <--  HDR, SK {IDr, [CERT,] AUTH, SAr2, TSi, TSr}
        if (row.initiator() == Side.STRONGSWAN) {
            ours.awaitListening(WAIT);
            swan.initiate("net");
        }
        IkeProposalConfig ike = ProposalParser.ike(row.ike());
        EspProposalConfig esp = ProposalParser.esp(row.esp());
        EngineStatus.Ike first = assertSameSas(row, swan, ours, ike, esp, "NONE", 0);
        assertThat(swan.log()).as("charon verified our AUTH with the row's scheme")
                .containsPattern("authentication of '" + OUR_ID + "' with [^\\n]*" + row.auth().charonScheme + "[^\\n]* successful");
        if (row.auth() != AuthKind.PSK) {
            assertThat(swan.log()).as("charon signed with the row's scheme").containsPattern(
                    "authentication of '" + THEIR_ID + "' \\(myself\\) with [^\\n]*" + row.auth().charonScheme);
        }
        if (row.rekeysChild() == Side.NOBODY) return;

        // HDR, SK {N(REKEY_SA), SA, Ni, [KEi,] TSi, TSr}  -->
        //                     <--  HDR, SK {SA, Nr, [KEr,] TSi, TSr}
        // HDR, SK {D(ESP, old SPI)}  -->     <--  HDR, SK {D(ESP, old SPI)}
        if (row.rekeysChild() == Side.US) ours.command("rekey-child");
        else swan.swanctl("--rekey", "--child", "net").orThrow();
        String pfs = esp.pfsGroups().isEmpty() ? "NONE" : esp.pfsGroups().getFirst().name();
        EngineStatus.Ike after = assertSameSas(row, swan, ours, ike, esp, pfs, first.children().getFirst().spiIn());
        assertThat(after.initiatorSpi()).as("the Child SA rekey keeps the IKE SA").isEqualTo(first.initiatorSpi());
    }

    /**
     * Waits until both sides settle on one IKE SA and one installed Child SA (whose inbound SPI is not
     * {@code oldSpiIn}) and compares them field by field.
     */
    private static EngineStatus.Ike assertSameSas(Row row, StrongSwanPeer swan, OurEnginePeer ours, IkeProposalConfig ike,
                                                  EspProposalConfig esp, String pfs, long oldSpiIn) {
        EngineStatus mine = ours.awaitStatus(s -> s.ikeSas().size() == 1 && s.established().size() == 1
                        && s.ikeSas().getFirst().children().size() == 1
                        && s.ikeSas().getFirst().children().getFirst().installed()
                        && s.ikeSas().getFirst().children().getFirst().spiIn() != oldSpiIn,
                WAIT, "one IKE SA with one new Child SA");
        IkeSaStatus theirs = swan.awaitSa(sa -> sa.established() && sa.children().size() == 1
                        && sa.installedChild("net") != null && sa.installedChild("net").spiOut() != oldSpiIn,
                WAIT, "ESTABLISHED with one new Child SA");
        assertThat(swan.listSas()).as("strongSwan's IKE SAs").hasSize(1);
        EngineStatus.Ike ourIke = mine.ikeSas().getFirst();
        EngineStatus.Child ourChild = ourIke.children().getFirst();
        ChildSaStatus theirChild = theirs.installedChild("net");

        assertThat(ourIke.initiator()).as("our role").isEqualTo(row.initiator() == Side.US);
        assertThat(theirs.initiator()).as("strongSwan's role").isEqualTo(row.initiator() == Side.STRONGSWAN);
        assertThat(ourIke.initiatorSpi()).as("IKE SPIi").isEqualTo(theirs.initiatorSpi());
        assertThat(ourIke.responderSpi()).as("IKE SPIr").isEqualTo(theirs.responderSpi());
        assertThat(ourChild.spiIn()).as("Child SA: our inbound SPI is strongSwan's outbound").isEqualTo(theirChild.spiOut());
        assertThat(ourChild.spiOut()).as("Child SA: our outbound SPI is strongSwan's inbound").isEqualTo(theirChild.spiIn());

        var expectedCipher = ike.ciphers().getFirst();
        String expectedInteg = ike.integrity().isEmpty() ? "NONE" : ike.integrity().getFirst().name();
        assertThat(ourIke.encr() + "/" + ourIke.keyBits() + "/" + ourIke.integ() + "/" + ourIke.prf() + "/" + ourIke.keyExchange())
                .as("our IKE algorithms").isEqualTo(expectedCipher.algorithm() + "/" + expectedCipher.keyBits() + "/"
                        + expectedInteg + "/" + ike.prfs().getFirst() + "/" + ike.groups().getFirst());
        assertThat(StrongSwanNames.encryption(theirs.encrAlg()) + "/"
                + StrongSwanNames.keyBits(theirs.encrAlg(), theirs.encrKeysize()) + "/"
                + StrongSwanNames.integrity(theirs.integAlg()) + "/" + StrongSwanNames.prf(theirs.prfAlg()) + "/"
                + StrongSwanNames.keyExchange(theirs.dhGroup()))
                .as("strongSwan's IKE algorithms, in our names")
                .isEqualTo(ourIke.encr() + "/" + ourIke.keyBits() + "/" + ourIke.integ() + "/" + ourIke.prf() + "/" + ourIke.keyExchange());

        var espCipher = esp.ciphers().getFirst();
        String espInteg = esp.integrity().isEmpty() ? "NONE" : esp.integrity().getFirst().name();
        assertThat(ourChild.encr() + "/" + ourChild.keyBits() + "/" + ourChild.integ() + "/" + ourChild.pfsGroup())
                .as("our ESP algorithms").isEqualTo(espCipher.algorithm() + "/" + espCipher.keyBits() + "/" + espInteg + "/" + pfs);
        assertThat(StrongSwanNames.encryption(theirChild.encrAlg()) + "/"
                + StrongSwanNames.keyBits(theirChild.encrAlg(), theirChild.encrKeysize()) + "/"
                + StrongSwanNames.integrity(theirChild.integAlg()) + "/" + StrongSwanNames.keyExchange(theirChild.dhGroup()))
                .as("strongSwan's ESP algorithms, in our names")
                .isEqualTo(ourChild.encr() + "/" + ourChild.keyBits() + "/" + ourChild.integ() + "/" + ourChild.pfsGroup());
        return ourIke;
    }

    /** Loads charon's side of the row and returns the connection file for ours. */
    private static String configure(Row row, NamespacePair net, StrongSwanPeer swan, Path pem) throws IOException {
        String start = row.initiator() == Side.US ? "initiate" : "respond";
        String common = """
                name=net
                local=%s
                remote=%s
                local_id=%s
                remote_id=%s
                ike=%s
                esp=%s
                local_ts=%s
                remote_ts=%s
                start=%s
                dpd=0
                jitter=0
                rekey_ike=0
                rekey_child=0
                """.formatted(net.left().outerAddress(), net.right().outerAddress(), OUR_ID, THEIR_ID, row.ike(), row.esp(),
                net.left().innerSubnet(), net.right().innerSubnet(), start);
        Connection base = Connection.siteToSite("net", net.right(), net.left(), new Auth.Psk(THEIR_ID), new Auth.Psk(OUR_ID))
                .withProposals(row.ike());
        base = base.withChildren(base.children().stream().map(c -> c.withEspProposals(row.esp())).toList())
                .withRekeyTime(Duration.ZERO);
        if (row.auth() == AuthKind.PSK) {
            String psk = OurEnginePeer.newPsk();
            swan.load(SwanctlConf.of(base, new PskSecret(THEIR_ID, OUR_ID, psk.getBytes(StandardCharsets.US_ASCII))));
            return common + "psk=" + psk + "\n";
        }
        TestPki pki = TestPki.create(row.auth().keyKind);
        TestPki.Issued mine = pki.issue(OUR_ID, row.auth().keyKind);
        TestPki.Issued theirs = pki.issue(THEIR_ID, row.auth().keyKind);
        String file = pki.installInto(swan, theirs);
        swan.load(new SwanctlConf(List.of(new Connection(base.name(), base.localAddr(), base.remoteAddr(),
                base.proposals(), new Auth.PubKey(THEIR_ID, "pubkey", file), new Auth.PubKey(OUR_ID, "pubkey", null),
                base.children(), base.rekeyTime())), List.of()));
        Files.writeString(pem.resolve("me.pem"), mine.certificatePem());
        Files.writeString(pem.resolve("me.key"), mine.privateKeyPem());
        Files.writeString(pem.resolve("ca.pem"), pki.ca().certificatePem());
        return common + "cert=" + pem.resolve("me.pem") + "\nkey=" + pem.resolve("me.key") + "\nca=" + pem.resolve("ca.pem")
                + "\nrsa_padding=pss\n";
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
