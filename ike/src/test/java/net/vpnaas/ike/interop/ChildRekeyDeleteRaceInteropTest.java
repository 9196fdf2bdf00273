package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Child SA rekey racing the deletion of that Child SA (RFC 7296 2.25.1), against strongSwan 5.9:
 * our engine ({@link ReportingEngineMain}, left) and charon (right). charon processes everything it
 * receives one second late ({@code receive_delay}), so the two requests cross: each side answers the
 * other's request while its own is still in flight, and the rekey of an SA that its owner is deleting
 * is refused with TEMPORARY_FAILURE.
 *
 * <p>The outcome: both sides agree on the SAs. Here the Child SA is gone on both sides, and the IKE
 * SA that carried only it is closed as well: the tunnel is cleanly down (nothing here redials; the
 * agent would). Should the two sides keep a Child SA instead, it must be the same one and carry ESP.
 */
class ChildRekeyDeleteRaceInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OUR_ID = "left.vpn.example";
    private static final String THEIR_ID = "right.vpn.example";
    /** The Delete or rekey sent first reaches charon's processing after the other side's request. */
    private static final String CHARON_LATE = "receive_delay = 1000\nreceive_delay_type = 0";

    enum Race {
        // HDR, SK {D(ESP)}  -->  (the data path reported the hard limit)
        //                     <--  HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}   (swanctl --rekey)
        // HDR, SK {N(TEMPORARY_FAILURE)}  -->
        //                     <--  HDR, SK {D(ESP)}      (charon takes our Delete first: rekeying will fail)
        WE_DELETE_WHILE_STRONGSWAN_REKEYS,
        // HDR, SK {N(REKEY_SA), SA, Ni, TSi, TSr}  -->
        //                     <--  HDR, SK {D(ESP)}      (swanctl --terminate --child)
        // HDR, SK {D(ESP)}  -->                          (we reply as usual, our rekey will fail)
        //                     <--  HDR, SK {N(TEMPORARY_FAILURE)}
        STRONGSWAN_DELETES_WHILE_WE_REKEY
    }

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @ParameterizedTest
    @EnumSource(Race.class)
    void bothSidesAgreeOnTheSasAfterTheRace(Race race) {
        String psk = OurEnginePeer.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "ii");
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns(), 2, CHARON_LATE)) {
            swan.load(SwanctlConf.of(Connection.siteToSite("net", net.right(), net.left(), new Auth.Psk(THEIR_ID),
                    new Auth.Psk(OUR_ID)), new PskSecret(THEIR_ID, OUR_ID, psk.getBytes(StandardCharsets.US_ASCII))));
            try (OurEnginePeer ours = OurEnginePeer.startReporting(net.left().ns(),
                    OurEnginePeer.properties(net, psk, "initiate", 0, 0))) {
                try {
                    StrongSwanPeer.withLogsOnFailure(() -> race(race, net, swan, ours), swan);
                } catch (RuntimeException | AssertionError e) {
                    e.addSuppressed(new AssertionError("--- engine log ---\n" + ours.log()));
                    throw e;
                }
            }
        }
    }

    private static void race(Race race, NamespacePair net, StrongSwanPeer swan, OurEnginePeer ours) {
        ours.awaitSameSasAs(swan, WAIT);
        if (race == Race.WE_DELETE_WHILE_STRONGSWAN_REKEYS) {
            ours.command("expire-child");
            awaitLine(ours, "INFORMATIONAL request #\\d+ --> \\S+ \\[D\\(ESP 1\\)\\]");
            swan.swanctl("--rekey", "--child", "net").orThrow();
        } else {
            ours.command("rekey-child");
            awaitLine(ours, "CREATE_CHILD_SA request #\\d+ --> \\S+ \\[N\\(REKEY_SA\\)");
            swan.swanctl("--terminate", "--child", "net", "--timeout", "10");
        }

        // The rekey of the SA being deleted was refused with TEMPORARY_FAILURE, by us or by charon.
        String refused = race == Race.WE_DELETE_WHILE_STRONGSWAN_REKEYS
                ? "CREATE_CHILD_SA response #\\d+ --> \\S+ \\[N\\(TEMPORARY_FAILURE\\)\\]"
                : "CREATE_CHILD_SA response #\\d+ <-- \\S+ \\[N\\(TEMPORARY_FAILURE\\)\\]";
        awaitLine(ours, refused);
        assertThat(ours.log()).doesNotContain("CHILD_SA_NOT_FOUND");

        // Both sides settle on the same SAs: none (the tunnel is down), or one IKE SA and one Child SA carrying ESP.
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            List<IkeSaStatus> theirs = swan.listSas();
            EngineStatus mine = ours.status();
            last = "strongSwan: " + theirs + "\nours: " + mine;
            if (theirs.isEmpty() && mine.ikeSas().isEmpty()) {
                System.out.println(race + ": both sides dropped the Child SA and closed the IKE SA that carried only it");
                return;
            }
            if (OurEnginePeer.sameSingleSas(theirs, mine) != null) {
                NetNs.sleep(Duration.ofSeconds(3)); // let any exchange still in flight finish, then check again
                assertThat(ours.awaitSameSasAs(swan, WAIT).installedChild("net")).isNotNull();
                long before = ours.espIn();
                net.right().ns().tryExec("ping", "-c", "3", "-i", "0.2", "-W", "1", "-I", net.right().innerAddress(),
                        net.left().innerAddress());
                assertThat(ours.espIn()).as("ESP on the surviving Child SA").isGreaterThanOrEqualTo(before + 3);
                System.out.println(race + ": both sides kept the same Child SA");
                return;
            }
            NetNs.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("the two sides did not agree on their SAs:\n" + last);
    }

    private static void awaitLine(OurEnginePeer ours, String regex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!p.matcher(ours.log()).find()) {
            if (System.nanoTime() > deadline) throw new AssertionError("no line matching " + regex + " in our engine's log");
            NetNs.sleep(Duration.ofMillis(20));
        }
    }
}
