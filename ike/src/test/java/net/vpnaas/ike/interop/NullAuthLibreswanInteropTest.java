package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NULL authentication (RFC 7619) against Libreswan 4.10, both sides anonymous (ID_NULL, AUTH method 13),
 * our engine initiating. IKE_AUTH must complete on both sides with ID_NULL. The Child SA then fails on
 * Libreswan's side: this kernel has no ESP for pluto's XFRM (its netlink "Add SA" fails), so it answers
 * TS_UNACCEPTABLE. That failure is EXPECTED here and says nothing about NULL authentication; the
 * ours-against-ours tests carry traffic through a NULL-authenticated tunnel.
 */
class NullAuthLibreswanInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireNetns();
        Prereqs.requireRootWith(LibreswanPeer.NEEDS);
    }

    @Test
    void ikeAuthCompletesWithIdNullOnBothSides() {
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "ln");
             LibreswanPeer pluto = LibreswanPeer.start(net.right().ns(), """
                     conn anon
                         left=%s
                         leftid=%%null
                         leftsubnet=%s
                         right=%%any
                         rightid=%%null
                         rightsubnet=%s
                         authby=null
                         ikev2=insist
                         ike=aes_gcm256-sha2_384;dh31
                         esp=aes_gcm256
                         auto=add
                     """.formatted(net.right().outerAddress(), net.right().innerSubnet(), net.left().innerSubnet()), "")) {
            String properties = OurEnginePeer.properties(net, "unused", "initiate", 0, 0)
                    .replace("psk=unused\n", "null_auth=both\n");
            try (OurEnginePeer ours = OurEnginePeer.startReporting(net.left().ns(), properties)) {
                // HDR, SK {IDi(ID_NULL), AUTH(13), SAi2, TSi, TSr}  -->  <--  HDR, SK {IDr(ID_NULL), AUTH(13), N(TS_UNACCEPTABLE)}
                pluto.awaitLog("established IKE SA", WAIT);
                String log = pluto.log();
                assertThat(log).as("pluto authenticated us with the NULL method and ID_NULL")
                        .contains("responder established IKE SA; authenticated peer using authby=null and ID_NULL");
                awaitEngineLog(ours, "the peer authenticated with the NULL method as %null (unauthenticated)");
                // Expected on this kernel, not a NULL-auth failure: pluto cannot install the Child SA without
                // kernel ESP (its XFRM "Add SA" fails, here with errno 38) and refuses it with TS_UNACCEPTABLE.
                pluto.awaitLog("netlink response for Add SA", WAIT);
                awaitEngineLog(ours, "peer refused the Child SA: TS_UNACCEPTABLE");
            }
        }
    }

    private static void awaitEngineLog(OurEnginePeer ours, String line) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!ours.log().contains(line)) {
            if (System.nanoTime() > deadline) throw new AssertionError("our engine never logged \"" + line + "\":\n" + ours.log());
            NetNs.sleep(Duration.ofMillis(50));
        }
    }
}
