package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.KeyExchangeMethod;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.task.ProposalSelection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * IKE_SA_INIT sent again for INVALID_KE_PAYLOAD (RFC 7296 1.2) or a COOKIE (2.6), against strongSwan
 * 5.9 in both roles: our engine ({@link ReportingEngineMain}, left namespace) and charon (right).
 *
 * <p>kernel-libipsec only does ESP in UDP, so strongSwan fakes a NAT through the NAT detection
 * notifies; an initiator whose retried request lacks them gets no NAT-D in the response, and strongSwan
 * then cannot install the Child SA. Each case ends with one IKE SA and one Child SA on both sides,
 * the same ones, UDP-encapsulated; every IKE_SA_INIT request carried NAT-D; and strongSwan's pings
 * reach our NAT-T port as ESP in UDP (this engine has no data path; the agent's test pings through).
 */
class IkeSaInitRetryInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String OUR_ID = "left.vpn.example";
    private static final String THEIR_ID = "right.vpn.example";
    private static final String X25519 = "aes256gcm16-prfsha384-x25519";
    /** Offers X25519 too, but sends its KE for ECP-256, the first group. */
    private static final String ECP256_FIRST = "aes256gcm16-prfsha384-ecp256-x25519";

    enum Case {
        // HDR, SAi1, KEi(ecp256), Ni, N(NAT_D) x2  -->
        //                     <--  HDR, N(INVALID_KE_PAYLOAD, x25519)
        // HDR, SAi1, KEi(x25519), Ni, N(NAT_D) x2  -->
        WE_INITIATE_STRONGSWAN_WANTS_ANOTHER_GROUP(true, ECP256_FIRST, X25519, "", 50, "INVALID_KE_PAYLOAD"),
        // the same with the roles swapped: strongSwan's first KE is not the group we choose
        STRONGSWAN_INITIATES_WE_WANT_ANOTHER_GROUP(false, X25519, ECP256_FIRST, "", 50, "INVALID_KE_PAYLOAD"),
        // HDR, SAi1, KEi, Ni, N(NAT_D) x2  -->
        //                     <--  HDR, N(COOKIE)
        // HDR, N(COOKIE), SAi1, KEi, Ni, N(NAT_D) x2  -->
        // charon demands cookies once a peer address has cookie_threshold_ip half-open IKE SAs: the test
        // leaves one (an IKE_SA_INIT nobody completes) before our engine starts.
        WE_INITIATE_STRONGSWAN_DEMANDS_A_COOKIE(true, X25519, X25519, "dos_protection = yes\ncookie_threshold_ip = 1", 50, "COOKIE"),
        // our cookie_threshold 0: every IKE_SA_INIT without a valid COOKIE gets one
        STRONGSWAN_INITIATES_WE_DEMAND_A_COOKIE(false, X25519, X25519, "", 0, "COOKIE");

        final boolean weInitiate;
        final String ourIke;
        final String theirIke;
        final String charonSettings;
        final int ourCookieThreshold;
        final String retryNotify;

        Case(boolean weInitiate, String ourIke, String theirIke, String charonSettings, int ourCookieThreshold, String retryNotify) {
            this.weInitiate = weInitiate;
            this.ourIke = ourIke;
            this.theirIke = theirIke;
            this.charonSettings = charonSettings;
            this.ourCookieThreshold = ourCookieThreshold;
            this.retryNotify = retryNotify;
        }
    }

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void theRetriedExchangeReachesAnEncapsulatedChildSaThatCarriesTraffic(Case c) {
        String psk = OurEnginePeer.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "ii");
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns(), 2, c.charonSettings)) {
            swan.load(SwanctlConf.of(Connection.siteToSite("net", net.right(), net.left(), new Auth.Psk(THEIR_ID),
                    new Auth.Psk(OUR_ID)).withProposals(c.theirIke), new PskSecret(THEIR_ID, OUR_ID, psk.getBytes(StandardCharsets.US_ASCII))));
            if (c == Case.WE_INITIATE_STRONGSWAN_DEMANDS_A_COOKIE) leaveHalfOpenIkeSa(net.left(), swan, net.right());
            int charonLogBefore = swan.log().length(); // what follows is about our engine only
            String properties = OurEnginePeer.properties(net, psk, c.weInitiate ? "initiate" : "respond", 0, 0)
                    .replace("ike=" + X25519, "ike=" + c.ourIke)
                    + "cookie_threshold=" + c.ourCookieThreshold + "\n";
            try (OurEnginePeer ours = OurEnginePeer.startReporting(net.left().ns(), properties)) {
                try {
                    StrongSwanPeer.withLogsOnFailure(() -> run(c, net, swan, ours, charonLogBefore), swan);
                } catch (RuntimeException | AssertionError e) {
                    e.addSuppressed(new AssertionError("--- engine log ---\n" + ours.log()));
                    throw e;
                }
            }
        }
    }

    private static void run(Case c, NamespacePair net, StrongSwanPeer swan, OurEnginePeer ours, int charonLogBefore) {
        if (!c.weInitiate) {
            ours.awaitListening(WAIT);
            swan.initiate("net");
        }
        IkeSaStatus theirs = ours.awaitSameSasAs(swan, WAIT);
        assertThat(theirs.initiator()).as("strongSwan's role").isEqualTo(!c.weInitiate);
        assertThat(theirs.installedChild("net").udpEncapsulated()).as("ESP in UDP").isTrue();

        // The retry happened, and every IKE_SA_INIT request (the first and the retried one) carried NAT-D.
        String ourLog = ours.log();
        String direction = c.weInitiate ? "<--" : "-->";
        assertThat(ourLog).containsPattern("IKE_SA_INIT response #0 " + direction + " \\S+ \\[N\\(" + c.retryNotify + "\\)\\]");
        List<String> requests = ourLog.lines().filter(l -> l.contains("IKE_SA_INIT request #0 " + (c.weInitiate ? "-->" : "<--"))).toList();
        assertThat(requests).as("IKE_SA_INIT requests our engine " + (c.weInitiate ? "sent" : "took")).hasSizeGreaterThanOrEqualTo(c.weInitiate ? 2 : 1)
                .allMatch(l -> l.contains("N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP)"));
        List<String> charonRequests = swan.log().substring(charonLogBefore).lines()
                .filter(l -> l.contains((c.weInitiate ? "parsed" : "generating") + " IKE_SA_INIT request 0")).toList();
        assertThat(charonRequests).as("IKE_SA_INIT requests in charon's log").hasSizeGreaterThanOrEqualTo(c.weInitiate ? 1 : 2)
                .allMatch(l -> l.contains("N(NATD_S_IP) N(NATD_D_IP)"));
        if (c.retryNotify.equals("COOKIE")) assertThat(charonRequests).anyMatch(l -> l.contains("[ N(COOKIE) SA KE No"));

        // strongSwan pings our inner address through its Child SA: ESP in UDP arrives at our port 4500.
        long before = ours.espIn();
        net.right().ns().tryExec("ping", "-c", "5", "-i", "0.2", "-W", "1", "-I", net.right().innerAddress(), net.left().innerAddress());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ours.espIn() < before + 5 && System.nanoTime() < deadline) NetNs.sleep(Duration.ofMillis(50));
        assertThat(ours.espIn() - before).as("ESP-in-UDP datagrams at our NAT-T port").isGreaterThanOrEqualTo(5);
        assertThat(ours.awaitSameSasAs(swan, WAIT).installedChild("net").packetsOut()).as("packets strongSwan encrypted")
                .isGreaterThanOrEqualTo(5);
    }

    /**
     * Sends charon an IKE_SA_INIT from {@code from}'s address (another port than ours) and never
     * completes it: charon keeps a half-open IKE SA for that address for 30 s.
     */
    private static void leaveHalfOpenIkeSa(Site from, StrongSwanPeer swan, Site to) {
        SecureRandom random = new SecureRandom();
        byte[] publicValue = new byte[32];
        byte[] nonce = new byte[32];
        random.nextBytes(publicValue);
        random.nextBytes(nonce);
        byte[] request = IkeMessage.of(IkeHeader.of(random.nextLong() | 1, 0, ExchangeType.IKE_SA_INIT, true, false, 0), List.of(
                new SecurityAssociationPayload(ProposalSelection.offerIke(List.of(ProposalParser.ike(X25519)), Bytes.EMPTY, true)),
                KeyExchangePayload.of(KeyExchangeMethod.of(net.vpnaas.ike.crypto.KeyExchangeMethod.CURVE25519.id()), Bytes.wrap(publicValue)),
                new NoncePayload(Bytes.wrap(nonce)))).encode();
        try {
            Path file = Files.createTempFile("ii-half-open", ".ike");
            try {
                Files.write(file, request);
                from.ns().exec("bash", "-c", "cat '" + file + "' > /dev/udp/" + to.outerAddress() + "/500");
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // charon answers it, to a port nobody listens on; from then on it counts a half-open IKE SA for the address.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!swan.log().contains("generating IKE_SA_INIT response 0")) {
            if (System.nanoTime() > deadline) throw new AssertionError("charon did not answer the IKE_SA_INIT\n" + swan.logTail());
            NetNs.sleep(Duration.ofMillis(20));
        }
    }
}
