package net.vpnaas.agent.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.vpnaas.ike.interop.ExecResult;
import net.vpnaas.ike.interop.FreeRadius;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.JavaProcessInNamespace;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanBuild;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote access in namespaces: strongSwan 5.9 (Debian) as a road-warrior EAP client in the right
 * namespace; our standalone agent (engine and data path) with a remote-access endpoint in its file in
 * the left one, passing EAP through to FreeRADIUS 3.2 in the same namespace. The gateway's RADIUS server 1
 * (127.0.0.1:1812) is stopped in every test but the failover one (nothing listens: the ICMP port
 * unreachable makes the gateway ask server 2 at once) and server 2 (127.0.0.1:1912) answers, so every
 * login also shows the failover; the failover test runs both and silences server 1 in between.
 */
class RemoteAccessEapNamespaceTest {
    private static final String SECRET = "radius-test-secret-1";
    private static final String ALICE = "alice@example.com";
    private static final String ALICE_PASSWORD = "alice-password-1";
    private static final int SERVER_1_PORT = 1812;
    private static final int SERVER_2_PORT = 1912;
    /** What the gateway waits on a silent RADIUS server before asking the next: 1 + 2 + 4 s (EngineConnections). */
    private static final Duration SILENT_SERVER_COST = Duration.ofSeconds(7);
    private static final String POOL_FIRST_ADDRESS = "10.99.0.1";
    private static final String DNS_SERVER = RemoteAccessGateway.DNS_SERVER;

    @TempDir
    Path dir;
    private NamespacePair net;
    private FreeRadius radius;
    private JavaProcessInNamespace gateway;
    private StrongSwanPeer client;
    private TestPki pki;

    @BeforeEach
    void setUp() throws Exception {
        Prereqs.requireStrongSwan();
        Prereqs.requireRootWith(FreeRadius.BINARY + " (apt-get install freeradius)",
                "/usr/lib/ipsec/plugins/libstrongswan-eap-mschapv2.so (apt-get install libcharon-extauth-plugins)");
        net = NamespacePair.create(IpFamily.V4, IpFamily.V4, "eap");
        pki = TestPki.create(KeyKind.ECDSA_P256);
    }

    @AfterEach
    void tearDown() {
        if (client != null) client.close();
        if (gateway != null) gateway.close();
        if (radius != null) radius.close();
        if (net != null) net.close();
    }

    private void startRadiusAndGateway(String eapType, boolean eapOnly) throws Exception {
        radius = startRadius(eapType, SERVER_2_PORT, false);
        startGateway(eapOnly);
    }

    private FreeRadius startRadius(String eapType, int port, boolean mschapv2ErrorInEap) {
        // With EAP-only the EAP server stands for the gateway: charon checks its certificate against the
        // gateway's IKE identity (its aaa_id setting does not apply then), so FreeRADIUS holds one for it.
        TestPki.Issued radiusCert = pki.issue("gw.vpn.example", KeyKind.ECDSA_P256);
        return FreeRadius.start(net.left().ns(), dir.resolve("radius-" + port), port, SECRET, Map.of(ALICE, ALICE_PASSWORD), eapType,
                mschapv2ErrorInEap, radiusCert.certificatePem(), radiusCert.privateKeyPem(), pki.root().certificatePem());
    }

    private void startGateway(boolean eapOnly) {
        startGateway("10.99.0.0/24", eapOnly);
    }

    private void startGateway(String pool, boolean eapOnly) {
        gateway = RemoteAccessGateway.start(net.left(), dir.resolve("agent"), pki.issue(RemoteAccessGateway.IDENTITY, KeyKind.ECDSA_P256),
                pool, eapOnly, List.of(SERVER_1_PORT, SERVER_2_PORT), SECRET, null, List.of());
    }

    /** @param certificate the client's certificate and key for EAP-TLS, null for password methods */
    private void startClient(String localAuth, String remoteAuth, String secrets, TestPki.Issued certificate) throws Exception {
        startClient(StrongSwanBuild.DEBIAN_5_9, "eap-mschapv2 eap-tls md5", "", localAuth, remoteAuth, secrets, certificate);
    }

    /**
     * @param eapPlugins the EAP methods charon loads (with what they need)
     * @param pluginSettings more of the {@code plugins} section, e.g. a method's inner method
     */
    private void startClient(StrongSwanBuild build, String eapPlugins, String pluginSettings, String localAuth, String remoteAuth,
                             String secrets, TestPki.Issued certificate) throws Exception {
        client = StrongSwanPeer.start(build, net.right().ns(), 2, """
                load = %s eap-identity %s resolve
                plugins {
                  openssl {
                    load_legacy = yes
                  }
                  # The DNS servers go to a file of this test, never to the machine's resolv.conf: 5.9
                  # writes the file itself (it runs no resolvconf here), 6.0 runs the configured
                  # resolvconf program, a script of this test that writes the same file.
                  resolve {
                    file = %s
                    resolvconf {
                      path = %s
                    }
                  }
                  %s
                }
                """.formatted(build.plugins(), eapPlugins, dir.resolve("client-resolv.conf"), fakeResolvconf(), pluginSettings));
        if (certificate != null) pki.installInto(client, certificate);
        else Files.writeString(client.swanctlDir().resolve("x509ca/ca.pem"), pki.root().certificatePem());
        client.load("""
                connections {
                  rw {
                    version = 2
                    local_addrs = %s
                    remote_addrs = %s
                    proposals = aes256gcm16-prfsha384-x25519
                    vips = %s
                    local {
                      %s
                    }
                    remote {
                      %s
                      id = gw.vpn.example
                    }
                    children {
                      rw {
                        remote_ts = %s
                        esp_proposals = aes256gcm16
                      }
                    }
                  }
                }
                secrets {
                  %s
                }
                """.formatted(net.right().outerAddress(), net.left().outerAddress(),
                // an address of the family of the network behind the gateway
                net.left().innerSubnet().contains(":") ? "::" : "0.0.0.0", localAuth, remoteAuth,
                net.left().innerSubnet(), secrets));
    }

    /** A resolvconf(8) stand-in: {@code -a IFACE} adds the nameserver lines on stdin to client-resolv.conf. */
    private Path fakeResolvconf() throws java.io.IOException {
        Path script = dir.resolve("resolvconf");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = \"-a\" ] && cat >> '" + dir.resolve("client-resolv.conf") + "'\nexit 0\n");
        script.toFile().setExecutable(true);
        return script;
    }

    private static String mschapv2Secret(String password) {
        return "eap-alice {\n    id = " + ALICE + "\n    secret = \"" + password + "\"\n  }";
    }

    @Test
    void eapMschapv2ClientGetsVirtualIpDnsAndSplitRouteAndPingsTheHostBehindTheGateway() throws Exception {
        // EAP-only allowed, and charon asks for it (it always does), but MSCHAPv2 does not authenticate the
        // server (RFC 5998 4): the gateway signs with its certificate all the same.
        startRadiusAndGateway("mschapv2", true);
        startClient("auth = eap-mschapv2\n      id = " + ALICE, "auth = pubkey", mschapv2Secret(ALICE_PASSWORD), null);
        StrongSwanPeer.withLogsOnFailure(() -> {
            Duration took = client.initiate("rw");
            assertClientGotPoolAddressDnsAndSplitRouteAndReachesTheNetworkBehind();
            assertThat(client.log()).as("the gateway authenticated with its certificate").contains("authentication of 'gw.vpn.example' with ECDSA");
            assertThat(gatewayLog()).contains("EAP-only asked but EAP type 26 does not authenticate us: we sign")
                    .contains("RADIUS 127.0.0.1:1812 did not answer: RADIUS 127.0.0.1:1812: refused (ICMP port unreachable)")
                    .contains("RADIUS 127.0.0.1:1912 answered: it is asked first")
                    .contains("accepted " + ALICE + ", MSK of");
            assertThat(took).as("a stopped server 1 (port unreachable) costs no timeout").isLessThan(SILENT_SERVER_COST.minusSeconds(2));
        }, client);
    }

    /**
     * The RADIUS reason travels with the refusal: FreeRADIUS's Reply-Message and MS-CHAP-Error from the
     * Access-Reject end up in the reason the gateway gives the IKE SA's authentication failure (the
     * reason of its IkeDown event, which the log line shows) when it refuses the client with
     * AUTHENTICATION_FAILED.
     */
    @Test
    void wrongPasswordIsRefusedAsAuthenticationFailedWithTheRadiusReason() throws Exception {
        radius = startRadius("mschapv2", SERVER_2_PORT, false);
        startGateway(false);
        startClient("auth = eap-mschapv2\n      id = " + ALICE, "auth = pubkey", mschapv2Secret("not-the-password"), null);
        assertThatThrownBy(() -> client.initiate("rw")).isInstanceOf(IllegalStateException.class);
        assertThat(client.log()).contains("parsed IKE_AUTH response 2 [ EAP/FAIL N(AUTH_FAILED) ]")
                .contains("received AUTHENTICATION_FAILED notify error");
        assertThat(radius.log()).contains("Login incorrect").contains("MS-CHAP-Error = ");
        awaitGatewayLog("authentication failed: EAP: Access-Reject: access denied for " + ALICE
                + "; MS-CHAPv2 error 691 (authentication failure): Authentication rejected");
        assertThat(gatewayLog()).contains("[EAP N(AUTHENTICATION_FAILED)]");
    }

    /**
     * A server that gives MS-CHAP-Error to the client in an MSCHAPv2 Failure Request (FreeRADIUS's
     * {@code send_error = yes}): strongSwan shows it and gives up there, without the acknowledgement that
     * would bring the Access-Reject, so the gateway says why as it passes the request on; the client's
     * INFORMATIONAL with AUTHENTICATION_FAILED then ends the IKE SA on the gateway.
     */
    @Test
    void wrongPasswordWithTheErrorSentInEapIsLoggedAsTheGatewayPassesItOn() throws Exception {
        radius = startRadius("mschapv2", SERVER_2_PORT, true);
        startGateway(false);
        startClient("auth = eap-mschapv2\n      id = " + ALICE, "auth = pubkey", mschapv2Secret("not-the-password"), null);
        assertThatThrownBy(() -> client.initiate("rw")).isInstanceOf(IllegalStateException.class);
        assertThat(client.log()).contains("EAP-MS-CHAPv2 failed with error ERROR_AUTHENTICATION_FAILURE");
        awaitGatewayLog("RADIUS 127.0.0.1:1912 refused " + ALICE
                + " in the EAP method: MS-CHAPv2 error 691 (authentication failure): Authentication rejected");
        awaitGatewayLog("[N(AUTHENTICATION_FAILED)]");
        // RFC 7296 2.21.2: the client's refusal ends the half-authenticated IKE SA at once
        awaitGatewayLog("gone: refused by the peer");
    }

    /** The gateway logs a refusal's consequences just after sending or receiving it: wait for them. */
    private void awaitGatewayLog(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!gatewayLog().contains(text) && System.nanoTime() < deadline) NetNs.sleep(Duration.ofMillis(50));
        assertThat(gatewayLog()).contains(text);
    }

    /**
     * Two FreeRADIUS servers. Server 1 answers the first login; then it goes silent (stopped with its
     * socket open: no answer, no ICMP), and the next login waits out the configured 1 + 2 + 4 s on it
     * before server 2 answers; server 2 then stays first, so the login after that costs no wait.
     */
    @Test
    void silentRadiusServer1CostsItsTimeoutsOnceThenServer2Answers() throws Exception {
        FreeRadius server1 = startRadius("mschapv2", SERVER_1_PORT, false);
        try (server1) {
            radius = startRadius("mschapv2", SERVER_2_PORT, false);
            startGateway(false);
            startClient("auth = eap-mschapv2\n      id = " + ALICE, "auth = pubkey", mschapv2Secret(ALICE_PASSWORD), null);
            StrongSwanPeer.withLogsOnFailure(() -> {
                client.initiate("rw");
                assertThat(server1.loginsAccepted()).as("server 1 answered while up").isEqualTo(1);
                assertThat(radius.loginsAccepted()).as("server 2 not asked").isZero();
                client.terminateIke("rw");

                server1.suspend();
                Duration failover = client.initiate("rw");
                assertThat(radius.loginsAccepted()).as("server 2 answered").isEqualTo(1);
                assertThat(failover).as("the silent server's 1 + 2 + 4 s, then a normal login")
                        .isGreaterThanOrEqualTo(SILENT_SERVER_COST).isLessThan(SILENT_SERVER_COST.plusSeconds(6));
                assertThat(gatewayLog()).contains("RADIUS 127.0.0.1:1812 did not answer: RADIUS 127.0.0.1:1812: no answer to 3 sends")
                        .contains("RADIUS 127.0.0.1:1912 answered: it is asked first from now on");
                assertClientGotPoolAddressDnsAndSplitRouteAndReachesTheNetworkBehind();
                client.terminateIke("rw");

                Duration next = client.initiate("rw");
                assertThat(radius.loginsAccepted()).isEqualTo(2);
                assertThat(next).as("server 2 asked first: no wait on server 1 again").isLessThan(SILENT_SERVER_COST.minusSeconds(2));
            }, client);
        }
    }

    /**
     * A client whose IKE identity is its address has no name the gateway could pass on as its EAP
     * identity: the gateway asks for it with EAP-Identity itself, then passes the rest through.
     */
    @Test
    void clientNamedByAddressIsAskedForItsEapIdentityByTheGateway() throws Exception {
        startRadiusAndGateway("mschapv2", false);
        startClient("auth = eap-mschapv2\n      id = " + net.right().outerAddress() + "\n      eap_id = " + ALICE, "auth = pubkey",
                mschapv2Secret(ALICE_PASSWORD), null);
        StrongSwanPeer.withLogsOnFailure(() -> {
            client.initiate("rw");
            assertThat(client.log()).contains("server requested EAP_IDENTITY").contains("server requested EAP_MSCHAPV2");
            assertThat(gatewayLog()).contains("accepted " + ALICE + ", MSK of");
        }, client);
    }

    /**
     * EAP-only (RFC 5998) with EAP-TLS, which authenticates the server (FreeRADIUS's certificate) as
     * well as the client: the gateway's first IKE_AUTH answer has no CERT and no AUTH, and no
     * certificate of the gateway ever reaches charon, as its log shows; the gateway is authenticated
     * by the AUTH it computes from the MSK after EAP, and the tunnel still comes up and carries traffic.
     */
    @Test
    void eapOnlyWithEapTlsGatewaySendsNoCertificateOrAuthBeforeEap() throws Exception {
        startRadiusAndGateway("tls", true);
        TestPki.Issued alice = startEapTlsClient("auth = eap-tls");
        StrongSwanPeer.withLogsOnFailure(() -> {
            client.initiate("rw");
            String log = client.log();
            assertThat(firstIkeAuthAnswer(log)).as("EAP-only: no CERT, no AUTH before EAP").isEqualTo("[ IDr EAP/REQ/TLS ]");
            assertThat(log).contains("allow mutual EAP-only authentication")
                    .contains("authentication of 'gw.vpn.example' with EAP successful")
                    .doesNotContain("received end entity cert").doesNotContain("authentication of 'gw.vpn.example' with ECDSA");
            assertThat(gatewayLog()).contains("EAP-only (RFC 5998) with EAP type 13")
                    .contains("accepted " + alice.id() + ", MSK of");
            assertClientGotPoolAddressDnsAndSplitRouteAndReachesTheNetworkBehind();
        }, client);
    }

    /** EAP-TLS without EAP-only: the gateway proves itself with its certificate and signature first. */
    @Test
    void eapTlsClientWithCertificateAuthenticatedGatewayGetsTheSameRemoteAccess() throws Exception {
        startRadiusAndGateway("tls", false);
        startEapTlsClient("auth = pubkey");
        StrongSwanPeer.withLogsOnFailure(() -> {
            client.initiate("rw");
            assertThat(firstIkeAuthAnswer(client.log())).startsWith("[ IDr CERT AUTH EAP/REQ/TLS");
            assertThat(client.log()).contains("authentication of 'gw.vpn.example' with ECDSA");
            assertClientGotPoolAddressDnsAndSplitRouteAndReachesTheNetworkBehind();
        }, client);
    }

    /**
     * EAP-TTLS (strongSwan 5.9's eap-ttls) with EAP-MSCHAPv2 inside: FreeRADIUS ends the TLS tunnel
     * (its certificate for the gateway's name, which charon checks) and checks the password in its
     * inner-tunnel server; the gateway passes the TLS records through in EAP-Message attributes and
     * takes the MSK that TTLS derives.
     */
    @Test
    void eapTtlsWithInnerMschapv2ClientGetsTheSameRemoteAccess() throws Exception {
        startRadiusAndGateway("ttls", false);
        startClient(StrongSwanBuild.DEBIAN_5_9, "eap-ttls eap-mschapv2 md5", """
                eap-ttls {
                    phase2_method = mschapv2
                  }""", "auth = eap-ttls\n      id = " + ALICE, "auth = pubkey", mschapv2Secret(ALICE_PASSWORD), null);
        StrongSwanPeer.withLogsOnFailure(() -> {
            client.initiate("rw");
            assertThat(client.log()).contains("server requested EAP_TTLS")
                    .contains("received tunneled EAP-TTLS AVP [EAP/REQ/MSCHAPV2]")
                    .contains("EAP method EAP_TTLS succeeded, MSK established");
            assertThat(radius.log()).contains("Login OK: [" + ALICE + "]").contains("eap_ttls");
            assertThat(gatewayLog()).contains("accepted " + ALICE + ", MSK of");
            assertClientGotPoolAddressDnsAndSplitRouteAndReachesTheNetworkBehind();
        }, client);
    }

    /**
     * PEAP with EAP-MSCHAPv2 inside; Debian's 5.9 package has no eap-peap plugin, so the client is
     * strongSwan 6.0.6 (md4 for MSCHAPv2's hash there).
     */
    @Test
    void peapWithInnerMschapv2ClientGetsTheSameRemoteAccess() throws Exception {
        Prereqs.requireStrongSwan6();
        startRadiusAndGateway("peap", false);
        startClient(StrongSwanBuild.V6_0_6, "eap-peap eap-mschapv2 md4", "", "auth = eap-peap\n      id = " + ALICE, "auth = pubkey",
                mschapv2Secret(ALICE_PASSWORD), null);
        StrongSwanPeer.withLogsOnFailure(() -> {
            client.initiate("rw");
            assertThat(client.log()).contains("server requested EAP_PEAP")
                    .contains("EAP method EAP_PEAP succeeded, MSK established");
            assertThat(radius.log()).contains("Login OK: [" + ALICE + "]").contains("eap_peap");
            assertThat(gatewayLog()).contains("accepted " + ALICE + ", MSK of");
            assertClientGotPoolAddressDnsAndSplitRouteAndReachesTheNetworkBehind();
        }, client);
    }

    /**
     * An IPv6 pool: a client asking for an IPv6 virtual IP only ({@code vips = ::}) gets the pool's first
     * address as INTERNAL_IP6_ADDRESS, the IPv6 network behind the gateway as INTERNAL_IP6_SUBNET, and
     * pings a host there through the tunnel. The namespaces of this test have IPv6 inside.
     */
    @Test
    void ipv6PoolHandsAnIpv6VirtualIpToAClientAskingForOne() throws Exception {
        net.close();
        net = NamespacePair.create(IpFamily.V4, IpFamily.V6, "eap6");
        radius = startRadius("mschapv2", SERVER_2_PORT, false);
        startGateway("fd99::/120", false);
        startClient("auth = eap-mschapv2\n      id = " + ALICE, "auth = pubkey", mschapv2Secret(ALICE_PASSWORD), null);
        StrongSwanPeer.withLogsOnFailure(() -> {
            client.initiate("rw");
            NetNs ns = net.right().ns();
            assertThat(client.log()).contains("CPRQ(ADDR6").contains("processing INTERNAL_IP6_ADDRESS attribute")
                    .contains("installing new virtual IP fd99::1");
            assertThat(client.swanctl("--list-sas").orThrow().stdout()).as("swanctl --list-sas")
                    .containsPattern("local\\s+fd99::1/128").containsPattern("remote\\s+" + Pattern.quote(net.left().innerSubnet()));
            assertThat(ns.exec("ip", "-6", "addr").stdout()).as("the virtual IP from the pool").contains("fd99::1/128");
            ExecResult ping = ns.tryExec(Map.of(), Duration.ofSeconds(20), List.of("ping", "-6", "-c", "3", "-W", "2", net.left().innerAddress()));
            assertThat(ping.exitCode()).as("ping through the tunnel:\n" + ping.stdout() + gatewayLog()).isZero();
        }, client);
    }

    private TestPki.Issued startEapTlsClient(String remoteAuth) throws Exception {
        TestPki.Issued alice = pki.issue("alice-tls@example.com", KeyKind.ECDSA_P256);
        startClient("auth = eap-tls\n      id = alice-tls@example.com\n      certs = " + alice.fileName(), remoteAuth, "", alice);
        return alice;
    }

    /** The payloads of the gateway's first IKE_AUTH answer, as charon lists them. */
    private static String firstIkeAuthAnswer(String charonLog) {
        String line = charonLog.lines().filter(l -> l.contains("parsed IKE_AUTH response 1")).findFirst().orElseThrow();
        return line.substring(line.indexOf("response 1 ") + "response 1 ".length());
    }

    /**
     * What the endpoint hands a client, as strongSwan took it: the pool's first address as virtual IP
     * (charon's log, its SA list, the namespace's addresses), the DNS server (the resolve plugin's file),
     * only the allowed network routed into the tunnel (table 220, no default route); and a ping to the
     * host behind the gateway goes through.
     */
    private void assertClientGotPoolAddressDnsAndSplitRouteAndReachesTheNetworkBehind() {
        NetNs ns = net.right().ns();
        assertThat(client.log()).contains("installing new virtual IP " + POOL_FIRST_ADDRESS)
                .contains("installing DNS server " + DNS_SERVER);
        String sas = client.swanctl("--list-sas").orThrow().stdout();
        assertThat(sas).as("swanctl --list-sas").contains("[" + POOL_FIRST_ADDRESS + "]")
                .containsPattern("local\\s+" + Pattern.quote(POOL_FIRST_ADDRESS) + "/32")
                .containsPattern("remote\\s+" + Pattern.quote(net.left().innerSubnet()));
        assertThat(ns.exec("ip", "-4", "addr").stdout()).as("the virtual IP from the pool").contains(POOL_FIRST_ADDRESS + "/32");
        assertThat(read(dir.resolve("client-resolv.conf"))).as("DNS server assigned").contains("nameserver " + DNS_SERVER);
        assertThat(ns.exec("ip", "route", "show", "table", "220").stdout()).as("split route: only the gateway's network")
                .contains(net.left().innerSubnet()).doesNotContain("default");
        ExecResult ping = ns.tryExec(Map.of(), Duration.ofSeconds(20), List.of("ping", "-c", "3", "-W", "2", net.left().innerAddress()));
        assertThat(ping.exitCode()).as("ping through the tunnel:\n" + ping.stdout() + gatewayLog()).isZero();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String gatewayLog() {
        return gateway == null ? "" : gateway.log();
    }
}
