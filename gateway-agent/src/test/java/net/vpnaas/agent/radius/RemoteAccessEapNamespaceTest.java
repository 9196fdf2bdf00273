package net.vpnaas.agent.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.vpnaas.agent.StandaloneAgent;
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
 * (127.0.0.1:1812) is down in every test and server 2 (127.0.0.1:1912) answers, so every login also
 * shows the failover.
 */
class RemoteAccessEapNamespaceTest {
    private static final String SECRET = "radius-test-secret-1";
    private static final String ALICE = "alice@example.com";
    private static final String ALICE_PASSWORD = "alice-password-1";

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
        // With EAP-only the EAP server stands for the gateway: charon checks its certificate against the
        // gateway's IKE identity (its aaa_id setting does not apply then), so FreeRADIUS holds one for it.
        TestPki.Issued radiusCert = pki.issue("gw.vpn.example", KeyKind.ECDSA_P256);
        radius = FreeRadius.start(net.left().ns(), dir.resolve("radius"), 1912, SECRET, Map.of(ALICE, ALICE_PASSWORD), eapType,
                radiusCert.certificatePem(), radiusCert.privateKeyPem(), pki.root().certificatePem());
        TestPki.Issued gw = pki.issue("gw.vpn.example", KeyKind.ECDSA_P256);
        Files.writeString(dir.resolve("gw.pem"), gw.certificatePem());
        Files.writeString(dir.resolve("gw.key"), gw.privateKeyPem());
        Path conf = dir.resolve("agent").resolve("gateway.json");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, """
                {"gateway": {"name": "gw", "ikeIdentity": "gw.vpn.example", "publicAddresses": ["%s"],
                             "certificateFile": "%s", "privateKeyFile": "%s"},
                 "peers": [], "tunnels": [],
                 "cryptoPolicies": [{"name": "ra", "ikeProposals": ["aes256gcm16-prfsha384-x25519"], "espProposals": ["aes256gcm16"]}],
                 "remoteAccessEndpoints": [{"name": "staff", "cryptoPolicy": "ra", "addressPools": ["10.99.0.0/24"],
                   "dnsServers": ["10.1.0.53"], "allowedNetworks": ["%s"], "eapOnly": %s,
                   "radiusServers": [{"address": "127.0.0.1", "port": 1812, "secret": "%s"},
                                     {"address": "127.0.0.1", "port": 1912, "secret": "%s"}]}],
                 "dataPath": {"tunName": "ravpn0"}}
                """.formatted(net.left().outerAddress(), dir.resolve("gw.pem"), dir.resolve("gw.key"), net.left().innerSubnet(),
                eapOnly, SECRET, SECRET));
        // The standalone agent, as AgentProcess in the interop tests starts it.
        gateway = JavaProcessInNamespace.start(net.left().ns(), dir.resolve("agent").resolve("agent.log"),
                List.of("-Dlogback.configurationFile=agent-logback.xml"), StandaloneAgent.class.getName(),
                List.of(conf.toString(), "--control-socket", dir.resolve("agent").resolve("control.sock").toString()),
                "READY", Duration.ofSeconds(30));
    }

    /** @param certificate the client's certificate and key for EAP-TLS, null for password methods */
    private void startClient(String localAuth, String remoteAuth, String secrets, TestPki.Issued certificate) throws Exception {
        client = StrongSwanPeer.start(StrongSwanBuild.DEBIAN_5_9, net.right().ns(), 2, """
                load = %s eap-identity eap-mschapv2 eap-tls md5 resolve
                plugins {
                  openssl {
                    load_legacy = yes
                  }
                  # The DNS servers go to a file of this test, never to the machine's resolv.conf: no
                  # resolvconf program is used (its path leads nowhere) and the plugin writes the file.
                  resolve {
                    file = %s
                    resolvconf {
                      path = /nonexistent/resolvconf
                    }
                  }
                }
                """.formatted(StrongSwanBuild.DEBIAN_5_9.plugins(), dir.resolve("client-resolv.conf")));
        if (certificate != null) pki.installInto(client, certificate);
        else Files.writeString(client.swanctlDir().resolve("x509ca/ca.pem"), pki.root().certificatePem());
        client.load("""
                connections {
                  rw {
                    version = 2
                    local_addrs = %s
                    remote_addrs = %s
                    proposals = aes256gcm16-prfsha384-x25519
                    vips = 0.0.0.0
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
                """.formatted(net.right().outerAddress(), net.left().outerAddress(), localAuth, remoteAuth,
                net.left().innerSubnet(), secrets));
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
            client.initiate("rw");
            NetNs ns = net.right().ns();
            assertThat(ns.exec("ip", "-4", "addr").stdout()).as("the virtual IP from the pool").contains("10.99.0.1/32");
            assertThat(read(dir.resolve("client-resolv.conf"))).as("DNS server assigned").contains("nameserver 10.1.0.53");
            assertThat(ns.exec("ip", "route", "show", "table", "220").stdout()).as("split route: only the gateway's network")
                    .contains(net.left().innerSubnet()).doesNotContain("default");
            ExecResult ping = ns.tryExec(Map.of(), Duration.ofSeconds(20), List.of("ping", "-c", "3", "-W", "2", net.left().innerAddress()));
            assertThat(ping.exitCode()).as("ping through the tunnel:\n" + ping.stdout() + gatewayLog()).isZero();
            assertThat(client.log()).as("the gateway authenticated with its certificate").contains("authentication of 'gw.vpn.example' with ECDSA");
            assertThat(gatewayLog()).contains("EAP-only asked but EAP type 26 does not authenticate us: we sign")
                    .contains("RADIUS 127.0.0.1:1912 answered: it is asked first")
                    .contains("accepted " + ALICE + ", MSK of");
        }, client);
    }

    @Test
    void wrongPasswordIsRefusedAsAuthenticationFailedWithTheRadiusReason() throws Exception {
        startRadiusAndGateway("mschapv2", false);
        startClient("auth = eap-mschapv2\n      id = " + ALICE, "auth = pubkey", mschapv2Secret("not-the-password"), null);
        assertThatThrownBy(() -> client.initiate("rw")).isInstanceOf(IllegalStateException.class);
        assertThat(client.log()).contains("received AUTHENTICATION_FAILED notify error");
        // The gateway logs the IKE SA's end just after sending the refusal: wait for it.
        String reason = "authentication failed: EAP: Access-Reject: access denied for " + ALICE;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!gatewayLog().contains(reason) && System.nanoTime() < deadline) NetNs.sleep(Duration.ofMillis(50));
        assertThat(gatewayLog()).contains(reason).contains("[EAP N(AUTHENTICATION_FAILED)]");
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
     * well as the client: the gateway's first IKE_AUTH answer has no CERT and no AUTH, as charon's
     * log shows, and the tunnel still comes up and carries traffic.
     */
    @Test
    void eapOnlyWithEapTlsGatewaySendsNoCertificateOrAuthBeforeEap() throws Exception {
        startRadiusAndGateway("tls", true);
        TestPki.Issued alice = pki.issue("alice-tls@example.com", KeyKind.ECDSA_P256);
        startClient("auth = eap-tls\n      id = alice-tls@example.com\n      certs = " + alice.fileName(),
                "auth = eap-tls", "", alice);
        StrongSwanPeer.withLogsOnFailure(() -> {
            client.initiate("rw");
            String log = client.log();
            String firstAnswer = log.lines().filter(l -> l.contains("parsed IKE_AUTH response 1")).findFirst().orElseThrow();
            String payloads = firstAnswer.substring(firstAnswer.indexOf("response 1 ") + "response 1 ".length());
            assertThat(payloads).as("EAP-only: no CERT, no AUTH before EAP").isEqualTo("[ IDr EAP/REQ/TLS ]");
            assertThat(log).contains("allow mutual EAP-only authentication");
            assertThat(gatewayLog()).contains("EAP-only (RFC 5998) with EAP type 13");
            ExecResult ping = net.right().ns().tryExec(Map.of(), Duration.ofSeconds(20),
                    List.of("ping", "-c", "3", "-W", "2", net.left().innerAddress()));
            assertThat(ping.exitCode()).as("ping through the tunnel:\n" + ping.stdout() + gatewayLog()).isZero();
        }, client);
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
