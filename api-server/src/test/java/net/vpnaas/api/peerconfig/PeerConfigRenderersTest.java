package net.vpnaas.api.peerconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.DpdSettings;
import net.vpnaas.model.GatewaySpec;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.TunnelTraffic;
import org.junit.jupiter.api.Test;

/** Each renderer against one fixed tunnel, text for text; then what each refuses. */
class PeerConfigRenderersTest {
    static final GatewaySpec GATEWAY = new GatewaySpec("fra-1", Map.of(), List.of("192.0.2.10", "2001:db8::10"));
    static final PeerSpec PEER = new PeerSpec("branch-office", Map.of(), "198.51.100.20", "branch.example.com",
            new PeerAuth.Psk("s3cret-psk-for-the-test"));
    static final CryptoPolicySpec POLICY = policy(List.of("aes256gcm16-prfsha384-ecp384", "aes128-sha256-modp2048"),
            List.of("aes256gcm16", "aes128-sha256"), "ecp256", false);

    static CryptoPolicySpec policy(List<String> ike, List<String> esp, String pfsGroup, boolean esn) {
        CryptoPolicySpec p = new CryptoPolicySpec("modern", Map.of(), ike, esp, 28800, 3600, 300, 50,
                new DpdSettings(20, 60, "hold"), 64, esn, pfsGroup, "initiate", "force_udp", null, 3000, null, null, null, null, null)
                .withDefaults();
        assertThat(p.validate()).isEmpty();
        return p;
    }

    static CustomerSide side(PeerSpec peer, CryptoPolicySpec policy, List<String> gatewaySelectors, List<String> peerSelectors) {
        return new CustomerSide("fra to branch", GATEWAY, true, peer, policy, TunnelTraffic.ranges(gatewaySelectors),
                TunnelTraffic.ranges(peerSelectors));
    }

    static CustomerSide fixed() {
        return side(PEER, POLICY, List.of("10.1.0.0/16"), List.of("10.2.0.0/16", "10.3.0.10-10.3.0.20"));
    }

    @Test
    void strongSwan() throws Exception {
        assertThat(PeerConfigFormat.STRONGSWAN.fileName(fixed())).isEqualTo("vpnaas-fra_to_branch.swanctl.conf");
        assertThat(PeerConfigFormat.STRONGSWAN.render(fixed())).isEqualTo("""
                # strongSwan swanctl.conf for your side of vpnaas tunnel 'fra to branch'
                # (gateway 'fra-1', peer 'branch-office').
                # Save it as /etc/swanctl/conf.d/vpnaas-fra_to_branch.conf and run: swanctl --load-all
                # Replace every <...> first: the service cannot know it.
                # strongSwan sets these in strongswan.conf, for all connections; the gateway uses:
                #   peer declared dead after 60 s without an answer (charon.retransmit_*), IKE fragments of 1280 bytes (charon.fragment_size), NAT keepalives every 20 s (charon.keep_alive).
                connections {
                  vpnaas-fra_to_branch {
                    version = 2
                    # your device's address as the gateway knows it; behind a NAT, its own address (or %any)
                    local_addrs = 198.51.100.20
                    remote_addrs = 192.0.2.10
                    proposals = aes256gcm16-prfsha384-ecp384,aes128-sha256-prfsha256-modp2048
                    rekey_time = 28500s
                    over_time = 300s
                    rand_time = 150s
                    dpd_delay = 20s
                    encap = yes
                    local {
                      auth = psk
                      id = "branch.example.com"
                    }
                    remote {
                      auth = psk
                      id = "192.0.2.10"
                    }
                    children {
                      vpnaas-fra_to_branch {
                        local_ts = 10.2.0.0/16,10.3.0.10-10.3.0.20
                        remote_ts = 10.1.0.0/16
                        esp_proposals = aes256gcm16-ecp256-noesn,aes128-sha256-ecp256-noesn
                        rekey_time = 3000s
                        life_time = 3600s
                        rand_time = 300s
                        replay_window = 64
                        dpd_action = trap
                        # the gateway sets the tunnel up itself: answer it, and start it on traffic
                        start_action = trap
                      }
                    }
                  }
                }
                secrets {
                  ike-vpnaas-fra_to_branch {
                    id-1 = "branch.example.com"
                    id-2 = "192.0.2.10"
                    secret = 0x7333637265742d70736b2d666f722d7468652d74657374
                  }
                }
                """);
    }

    @Test
    void libreswan() throws Exception {
        assertThat(PeerConfigFormat.LIBRESWAN.render(fixed())).isEqualTo("""
                # Libreswan configuration for your side of vpnaas tunnel 'fra to branch'
                # (gateway 'fra-1', peer 'branch-office').
                # Two files: the connection(s) as /etc/ipsec.d/vpnaas-fra_to_branch.conf, the secret as /etc/ipsec.d/vpnaas-fra_to_branch.secrets (mode 0600); then: ipsec auto --add <connection>.
                # Replace every <...> first: the service cannot know it.
                # Libreswan has one rekey margin; the gateway rekeys IKE SAs 300 s and Child SAs 600 s before they expire.
                # ---- vpnaas-fra_to_branch.conf ----
                conn vpnaas-fra_to_branch
                    ikev2=insist
                    # your device's address as the gateway knows it; behind a NAT, its own address (or %defaultroute)
                    left=198.51.100.20
                    leftid=@branch.example.com
                    leftsubnets={10.2.0.0/16 10.3.0.10/31 10.3.0.12/30 10.3.0.16/30 10.3.0.20/32}
                    right=192.0.2.10
                    rightid=192.0.2.10
                    rightsubnet=10.1.0.0/16
                    authby=secret
                    ike=aes_gcm256-sha2_384-dh20,aes128-sha2_256-dh14
                    esp=aes_gcm256;dh19,aes128-sha2_256;dh19
                    pfs=yes
                    esn=no
                    replay-window=64
                    ikelifetime=28800s
                    salifetime=3600s
                    rekeymargin=300s
                    rekeyfuzz=50%
                    dpddelay=20s
                    dpdtimeout=60s
                    dpdaction=hold
                    fragmentation=yes
                    encapsulation=yes
                    # the gateway sets the tunnel up itself: answer it, and start it on traffic
                    auto=route

                # ---- vpnaas-fra_to_branch.secrets ----
                @branch.example.com 192.0.2.10 : PSK "s3cret-psk-for-the-test"
                """);
    }

    @Test
    void ciscoIos() throws Exception {
        assertThat(PeerConfigFormat.CISCO_IOS.render(fixed())).isEqualTo("""
                ! Cisco IOS XE configuration for your side of vpnaas tunnel 'fra to branch'
                ! (gateway 'fra-1', peer 'branch-office').
                ! Replace every <...> first: the service cannot know it.
                ! Assumed: IOS XE 16 or later with IKEv2; a policy-based crypto map 'vpnaas' on your outside interface (if it
                ! already has a crypto map, add the entry to that map with a free sequence number instead).
                ! The tunnel comes up on the first packet the access list matches, or when the gateway sets it up.
                ! Not set per tunnel on IOS XE: the rekey margin (the gateway rekeys 300 s / 600 s before the IKE / Child SA lifetimes end;
                ! IOS rekeys before its own lifetimes below), the replay window (64: crypto ipsec security-association replay window-size),
                ! IKE fragmentation (1280 bytes: crypto ikev2 fragmentation mtu) and NAT keepalives (20 s: crypto isakmp nat keepalive).
                ! The gateway puts ESP in UDP 4500 (it makes this side detect a NAT): nothing to set here.
                crypto ikev2 proposal vpnaas-fra_to_branch-1
                 encryption aes-gcm-256
                 prf sha384
                 group 20
                !
                crypto ikev2 proposal vpnaas-fra_to_branch-2
                 encryption aes-cbc-128
                 integrity sha256
                 prf sha256
                 group 14
                !
                crypto ikev2 policy vpnaas-fra_to_branch
                 ! your outside address; behind a NAT, the interface's own address
                 match address local 198.51.100.20
                 proposal vpnaas-fra_to_branch-1
                 proposal vpnaas-fra_to_branch-2
                !
                crypto ikev2 keyring vpnaas-fra_to_branch
                 peer vpnaas-gateway
                  address 192.0.2.10
                  pre-shared-key local s3cret-psk-for-the-test
                  pre-shared-key remote s3cret-psk-for-the-test
                !
                crypto ikev2 profile vpnaas-fra_to_branch
                 match identity remote address 192.0.2.10 255.255.255.255
                 identity local fqdn branch.example.com
                 authentication local pre-share
                 authentication remote pre-share
                 keyring local vpnaas-fra_to_branch
                 lifetime 28800
                 ! the gateway probes after 20 s idle and gives up after 60 s
                 dpd 20 12 periodic
                !
                crypto ipsec transform-set vpnaas-fra_to_branch-t1 esp-gcm 256
                 mode tunnel
                !
                crypto ipsec transform-set vpnaas-fra_to_branch-t2 esp-aes 128 esp-sha256-hmac
                 mode tunnel
                !
                ip access-list extended vpnaas-fra_to_branch
                 permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255
                 permit ip 10.3.0.10 0.0.0.1 10.1.0.0 0.0.255.255
                 permit ip 10.3.0.12 0.0.0.3 10.1.0.0 0.0.255.255
                 permit ip 10.3.0.16 0.0.0.3 10.1.0.0 0.0.255.255
                 permit ip host 10.3.0.20 10.1.0.0 0.0.255.255
                !
                crypto map vpnaas 10 ipsec-isakmp
                 set peer 192.0.2.10
                 set transform-set vpnaas-fra_to_branch-t1 vpnaas-fra_to_branch-t2
                 set pfs group19
                 set security-association lifetime seconds 3600
                 set ikev2-profile vpnaas-fra_to_branch
                 match address vpnaas-fra_to_branch
                !
                interface <your outside interface>
                 crypto map vpnaas
                """);
    }

    @Test
    void withoutTheSecretEveryFormatWritesThePlaceholder() throws Exception {
        PeerSpec noSecret = new PeerSpec(PEER.name(), Map.of(), PEER.address(), PEER.ikeIdentity(), new PeerAuth.Psk(null));
        CustomerSide side = side(noSecret, POLICY, List.of("10.1.0.0/16"), List.of("10.2.0.0/16"));
        assertThat(PeerConfigFormat.STRONGSWAN.render(side)).contains("secret = \"<your pre-shared key>\"");
        assertThat(PeerConfigFormat.LIBRESWAN.render(side)).contains("@branch.example.com 192.0.2.10 : PSK \"<your pre-shared key>\"");
        assertThat(PeerConfigFormat.CISCO_IOS.render(side)).contains("pre-shared-key local <your pre-shared key>");
    }

    /** A PSK Libreswan cannot quote goes in hex (its UTF-8 bytes), as strongSwan's always does. */
    @Test
    void aPskWithAQuoteIsWrittenInHexForLibreswan() throws Exception {
        PeerSpec quoted = new PeerSpec(PEER.name(), Map.of(), PEER.address(), PEER.ikeIdentity(), new PeerAuth.Psk("say \"hi\" to the gateway"));
        assertThat(PeerConfigFormat.LIBRESWAN.render(side(quoted, POLICY, List.of("10.1.0.0/16"), List.of("10.2.0.0/16"))))
                .contains(": PSK 0x736179202268692220746f207468652067617465776179\n");
    }

    @Test
    void aCertificatePeerTrustsTheTenantIkeCaByFileNameAndHasNoSecrets() throws Exception {
        PeerSpec certificate = new PeerSpec(PEER.name(), Map.of(), PEER.address(), "branch.example.com",
                new PeerAuth.Certificate("(pem)", "branch.example.com"));
        CustomerSide side = side(certificate, POLICY, List.of("10.1.0.0/16"), List.of("10.2.0.0/16"));
        assertThat(PeerConfigFormat.STRONGSWAN.render(side)).contains("auth = pubkey", "certs = \"<your certificate>.pem\"",
                "cacerts = \"tenant-ike-ca.pem\"", "GET /v1/ike-ca").doesNotContain("secrets {", "auth = psk");
        assertThat(PeerConfigFormat.LIBRESWAN.render(side)).contains("authby=rsasig,ecdsa", "leftcert=<your certificate>",
                "-i tenant-ike-ca.pem").doesNotContain(": PSK");
        assertThat(PeerConfigFormat.CISCO_IOS.render(side)).contains("authentication remote ecdsa-sig", "tenant-ike-ca.pem")
                .doesNotContain("keyring", "pre-share");
        CustomerSide uploaded = new CustomerSide(side.tunnelName(), GATEWAY, false, certificate, POLICY, side.gatewaySelectors(),
                side.peerSelectors());
        assertThat(PeerConfigFormat.STRONGSWAN.render(uploaded)).contains("cacerts = \"<the CA of your gateway's uploaded certificate>.pem\"")
                .doesNotContain("tenant-ike-ca.pem");
    }

    /** A peer named by DNS may reach either family of a dual-stack gateway; Libreswan gets one connection per family. */
    @Test
    void aDnsPeerOfADualStackTunnel() throws Exception {
        PeerSpec dns = new PeerSpec(PEER.name(), Map.of(), "branch.dyn.example.net", PEER.ikeIdentity(), PEER.auth());
        CustomerSide side = side(dns, POLICY, List.of("10.1.0.0/16", "2001:db8:1::/48"), List.of("10.2.0.0/16", "2001:db8:2::/48"));
        assertThat(PeerConfigFormat.STRONGSWAN.render(side)).contains("local_addrs = branch.dyn.example.net",
                "remote_addrs = 192.0.2.10,2001:db8::10", "local_ts = 10.2.0.0/16,2001:db8:2:0:0:0:0:0/48");
        assertThat(PeerConfigFormat.LIBRESWAN.render(side)).contains("conn vpnaas-fra_to_branch\n", "conn vpnaas-fra_to_branch-v6\n",
                "leftsubnet=2001:db8:2:0:0:0:0:0/48", "# the gateway is also at 2001:db8::10");
    }

    @Test
    void libreswanRefusesAPrfOtherThanTheIntegrityHashAndCurve448() {
        CryptoPolicySpec policy = policy(List.of("aes128-sha256-prfsha384-modp2048", "aes256gcm16-prfsha256-x448"), List.of("aes256gcm16"),
                "x448", false);
        assertThatThrownBy(() -> PeerConfigFormat.LIBRESWAN.render(side(PEER, policy, List.of("10.1.0.0/16"), List.of("10.2.0.0/16"))))
                .isInstanceOfSatisfying(UnexpressibleConfigurationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).containsExactly("cryptoPolicy.ikeProposals[0]", "cryptoPolicy.ikeProposals[1]",
                                "cryptoPolicy.pfsGroup"));
    }

    @Test
    void ciscoIosRefusesWhatIosXeCannotNegotiate() {
        CryptoPolicySpec policy = policy(List.of("aes256gcm16-prfsha384-ecp384"), List.of("chacha20poly1305"), null, false);
        PeerSpec dnIdentity = new PeerSpec(PEER.name(), Map.of(), PEER.address(), "C=DE, O=Branch, CN=branch",
                new PeerAuth.Psk("what?is-this-key"));
        assertThatThrownBy(() -> PeerConfigFormat.CISCO_IOS.render(side(dnIdentity, policy, List.of("10.1.0.0/16"), List.of("10.2.0.0/16"))))
                .isInstanceOfSatisfying(UnexpressibleConfigurationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).containsExactly("cryptoPolicy.espProposals[0]", "peer.ikeIdentity", "peer.auth.psk"));
    }

    /** Every transform of the model, named per format: the tables the renderers use, in one place each. */
    @Test
    void algorithmTables() {
        assertThat(java.util.Arrays.stream(net.vpnaas.model.crypto.EncryptionAlgorithm.values())
                .map(e -> e.token() + "=" + LibreswanAlgorithms.encryption(e) + "/" + CiscoIosAlgorithms.ikeEncryption(e).orElse("-")
                        + "/" + CiscoIosAlgorithms.espEncryption(e).orElse("-")).toList())
                .containsExactly("aes128=aes128/aes-cbc-128/esp-aes 128", "aes256=aes256/aes-cbc-256/esp-aes 256",
                        "aes128gcm16=aes_gcm128/aes-gcm-128/esp-gcm 128", "aes256gcm16=aes_gcm256/aes-gcm-256/esp-gcm 256",
                        "chacha20poly1305=chacha20_poly1305/-/-");
        assertThat(java.util.Arrays.stream(net.vpnaas.model.crypto.IntegrityAlgorithm.values())
                .map(i -> i.token() + "=" + LibreswanAlgorithms.integrity(i) + "/" + CiscoIosAlgorithms.ikeIntegrity(i)
                        + "/" + CiscoIosAlgorithms.espIntegrity(i)).toList())
                .containsExactly("sha256=sha2_256/sha256/esp-sha256-hmac", "sha384=sha2_384/sha384/esp-sha384-hmac",
                        "sha512=sha2_512/sha512/esp-sha512-hmac");
        assertThat(java.util.Arrays.stream(net.vpnaas.model.crypto.PseudoRandomFunction.values())
                .map(f -> f.token() + "=" + LibreswanAlgorithms.prf(f) + "/" + CiscoIosAlgorithms.prf(f)).toList())
                .containsExactly("prfsha256=sha2_256/sha256", "prfsha384=sha2_384/sha384", "prfsha512=sha2_512/sha512");
        assertThat(java.util.Arrays.stream(net.vpnaas.model.crypto.KeyExchangeMethod.values())
                .map(k -> k.token() + "=" + LibreswanAlgorithms.keyExchange(k).orElse("-") + "/"
                        + CiscoIosAlgorithms.group(k).map(String::valueOf).orElse("-")).toList())
                .containsExactly("modp2048=dh14/14", "modp3072=dh15/15", "modp4096=dh16/16", "ecp256=dh19/19", "ecp384=dh20/20",
                        "ecp521=dh21/21", "x25519=dh31/-", "x448=-/-", "mlkem512=-/-", "mlkem768=-/-", "mlkem1024=-/-",
                        "qkd=-/-");
    }

    @Test
    void additionalKeyExchangesAreWrittenForStrongSwanAndRefusedByTheOthers() throws Exception {
        CryptoPolicySpec policy = policy(List.of("aes256gcm16-prfsha384-ecp384-ke1_mlkem768-ke1_none"), List.of("aes256gcm16"), null, false);
        var side = side(PEER, policy, List.of("10.1.0.0/16"), List.of("10.2.0.0/16"));
        assertThat(PeerConfigFormat.STRONGSWAN.render(side)).contains("proposals = aes256gcm16-prfsha384-ecp384-ke1_mlkem768-ke1_none");
        for (PeerConfigFormat format : List.of(PeerConfigFormat.LIBRESWAN, PeerConfigFormat.CISCO_IOS)) {
            assertThatThrownBy(() -> format.render(side)).as(format.name())
                    .isInstanceOfSatisfying(UnexpressibleConfigurationException.class, e -> assertThat(e.violations())
                            .anySatisfy(v -> {
                                assertThat(v.field()).isEqualTo("cryptoPolicy.ikeProposals[0]");
                                assertThat(v.detail()).contains("no additional key exchanges (RFC 9370)");
                            }));
        }
    }

    /** A hybrid PFS group: strongSwan takes it at the end of each ESP proposal, the others cannot say it. */
    @Test
    void additionalKeyExchangesOfThePfsGroupAreWrittenForStrongSwanAndRefusedByTheOthers() throws Exception {
        CryptoPolicySpec policy = policy(List.of("aes256gcm16-prfsha384-x25519"), List.of("aes256gcm16", "aes128gcm16"),
                "ecp256-ke1_mlkem768", false);
        var side = side(PEER, policy, List.of("10.1.0.0/16"), List.of("10.2.0.0/16"));
        assertThat(PeerConfigFormat.STRONGSWAN.render(side))
                .contains("esp_proposals = aes256gcm16-ecp256-ke1_mlkem768-noesn,aes128gcm16-ecp256-ke1_mlkem768-noesn");
        for (PeerConfigFormat format : List.of(PeerConfigFormat.LIBRESWAN, PeerConfigFormat.CISCO_IOS)) {
            assertThatThrownBy(() -> format.render(side)).as(format.name())
                    .isInstanceOfSatisfying(UnexpressibleConfigurationException.class, e -> assertThat(e.violations())
                            .anySatisfy(v -> {
                                assertThat(v.field()).isEqualTo("cryptoPolicy.pfsGroup");
                                assertThat(v.detail()).contains("no additional key exchanges (RFC 9370): ecp256-ke1_mlkem768");
                            }));
        }
    }
}
