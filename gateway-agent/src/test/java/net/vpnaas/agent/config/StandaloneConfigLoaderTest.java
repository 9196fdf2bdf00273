package net.vpnaas.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.vpnaas.model.CryptoPolicySpec;
import net.vpnaas.model.DpdSettings;
import net.vpnaas.model.GatewayDefence;
import net.vpnaas.model.PeerAuth;
import net.vpnaas.model.PeerPpk;
import net.vpnaas.model.PeerSpec;
import net.vpnaas.model.RetransmitSettings;
import net.vpnaas.model.crypto.KeyExchangeMethod;
import net.vpnaas.model.gateway.GatewayConfiguration;
import net.vpnaas.model.gateway.ResolvedTunnel;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class StandaloneConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheExampleWithFilesReadAndDefaultsApplied() throws Exception {
        StandaloneConfig c = StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, ExampleConfigFiles.exampleJson()));
        GatewayConfiguration config = c.configuration();

        assertThat(config.gateway().name()).isEqualTo("gw-fra-1");
        assertThat(config.gateway().identity().value()).isEqualTo("gw-fra-1.vpn.example");
        assertThat(config.gateway().addresses()).extracting(a -> a.getHostAddress())
                .containsExactly("192.0.2.1", "2001:db8:0:0:0:0:0:1");
        assertThat(config.gateway().ownCertificate()).hasValueSatisfying(cert -> {
            assertThat(cert.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(cert.privateKeyPem()).contains("PRIVATE KEY-----");
        });

        PeerSpec berlin = config.peers().getFirst();
        assertThat(berlin.auth()).as("read from pskFile, the line end stripped").isEqualTo(new PeerAuth.Psk(ExampleConfigFiles.PSK));
        assertThat(berlin.labels()).containsEntry("site", "berlin");
        assertThat(config.peers().get(1).auth()).isInstanceOfSatisfying(PeerAuth.Certificate.class, cert -> {
            assertThat(cert.caBundlePem()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(cert.expectedIdentity()).isEqualTo("dc-paris.vpn.example");
        });

        CryptoPolicySpec modern = config.cryptoPolicies().getFirst();
        assertThat(modern.ikeLifetimeSeconds()).isEqualTo(28_800);
        assertThat(modern.pfs()).hasValueSatisfying(k -> assertThat(k.method()).isEqualTo(KeyExchangeMethod.CURVE_25519));
        assertThat(modern.initiates()).isTrue();
        assertThat(c.dataPath()).isEqualTo(new DataPathConfig("vpnaas0", 1400, 2));

        // The REST contract's defaults (openapi/vpn-api.yaml CryptoPolicySpec), applied by tenant-model.
        assertThat(config.cryptoPolicies().get(1)).isEqualTo(new CryptoPolicySpec("defaults", Map.of(),
                List.of("chacha20poly1305-prfsha256-x25519"), List.of("chacha20poly1305"),
                14_400, 3_600, 540, 100, DpdSettings.DEFAULT, 32, false, null, "respond", "auto", null, null, 1280,
                RetransmitSettings.DEFAULT, 20, "udp", 4500));

        ResolvedTunnel paris = config.resolvedTunnels().get(1);
        assertThat(paris.peer()).isSameAs(config.peers().get(1));
        assertThat(paris.cryptoPolicy()).isSameAs(config.cryptoPolicies().get(1));
        assertThat(paris.localTrafficSelectors()).hasToString("[10.0.0.0/16, fd00:10:0:0:0:0:0:0/48]");
    }

    @Test
    void defenceThresholdsLeftOutTakeTheDefaults() throws Exception {
        String json = ExampleConfigFiles.exampleJson().replace("\"privateKeyFile\": \"private/gw-fra-1.pem\"",
                "\"privateKeyFile\": \"private/gw-fra-1.pem\", \"defence\": {\"cookieThreshold\": 0, \"halfOpenLimit\": 500}");
        StandaloneConfig c = StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, json));
        assertThat(c.configuration().gateway().spec().defence()).isEqualTo(new GatewayDefence(0, 200, 500, 50, 200, 20, 5));
        assertThat(StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, ExampleConfigFiles.exampleJson()))
                .configuration().gateway().spec().defence()).isEqualTo(GatewayDefence.DEFAULT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gateway name missing       | '"name": "gw-fra-1",'                | ''                                            | gateway.name                               | is required
            unknown ESP algorithm      | '"aes128-sha256"'                    | '"aes128-sha257"'                             | cryptoPolicies[0].espProposals[1]          | unknown transform 'sha257'
            SHA-1 is refused as weak   | '"aes128-sha256"'                    | '"aes128-sha1"'                               | cryptoPolicies[0].espProposals[1]          | sha1' is refused as weak (SHA-1
            3DES is refused as weak    | '"aes128-sha256"'                    | '"3des-sha256"'                               | cryptoPolicies[0].espProposals[1]          | 3des' is refused as weak (3DES
            weak PFS group             | '"pfsGroup": "x25519"'               | '"pfsGroup": "modp1024"'                      | cryptoPolicies[0].pfsGroup                 | modp1024' is refused as weak
            AEAD IKE without PRF       | '"chacha20poly1305-prfsha256-x25519"'| '"chacha20poly1305-x25519"'                   | cryptoPolicies[1].ikeProposals[0]          | need a PRF
            IKE without key exchange   | '"aes256-sha256-ecp256"'             | '"aes256-sha256"'                             | cryptoPolicies[0].ikeProposals[1]          | need a key exchange method
            mixed AEAD and CBC         | '"aes256gcm16", "aes128-sha256"'     | '"aes256gcm16-aes128-sha256"'                 | cryptoPolicies[0].espProposals[0]          | mixes AEAD and non-AEAD
            ESN inside a proposal      | '"aes256gcm16", "aes128-sha256"'     | '"aes256gcm16-esn"'                           | cryptoPolicies[0].espProposals[0]          | esn field
            PFS group inside ESP       | '"aes256gcm16", "aes128-sha256"'     | '"aes256gcm16-x25519"'                        | cryptoPolicies[0].espProposals[0]          | pfsGroup
            unknown PFS group          | '"pfsGroup": "x25519"'               | '"pfsGroup": "x2559"'                         | cryptoPolicies[0].pfsGroup                 | unknown key exchange method 'x2559'
            replay window negative     | '"replayWindow": 64'                 | '"replayWindow": -1'                          | cryptoPolicies[0].replayWindow             | between 0 and 4096
            replay window not a number | '"replayWindow": 64'                 | '"replayWindow": "64"'                        | cryptoPolicies[0].replayWindow             | must be an integer
            IKE lifetime beyond a day  | '"ikeLifetimeSeconds": 28800'        | '"ikeLifetimeSeconds": 90000'                 | cryptoPolicies[0].ikeLifetimeSeconds       | between 300 and 86400
            fuzzed margin too long     | '"rekeyMarginSeconds": 540'          | '"rekeyMarginSeconds": 1800'                  | cryptoPolicies[0].rekeyMarginSeconds       | (3600 s) must be below
            DPD timeout below interval | '"timeoutSeconds": 150'              | '"timeoutSeconds": 20'                        | cryptoPolicies[0].dpd.timeoutSeconds       | greater than dpd.intervalSeconds
            bad DPD action             | '"action": "restart"'                | '"action": "reboot"'                          | cryptoPolicies[0].dpd.action               | must be one of clear, hold, restart
            unknown DPD field          | '"action": "restart"'                | '"action": "restart", "retries": 3'           | cryptoPolicies[0].dpd.retries              | unknown field
            bad start action           | '"startAction": "initiate"'          | '"startAction": "start"'                      | cryptoPolicies[0].startAction              | must be one of initiate, respond
            bad encapsulation          | '"encapsulation": "auto"'            | '"encapsulation": "udp"'                      | cryptoPolicies[0].encapsulation            | must be one of auto, force_udp
            bad transport              | '"encapsulation": "auto"'            | '"encapsulation": "auto", "transport": "sctp"'| cryptoPolicies[0].transport                | must be one of udp, tcp, udp-with-tcp-fallback
            TCP port 0                 | '"encapsulation": "auto"'            | '"encapsulation": "auto", "tcpPort": 0'       | cryptoPolicies[0].tcpPort                  | between 1 and 65535
            bad esn                    | '"esn": false'                       | '"esn": "no"'                                 | cryptoPolicies[0].esn                      | must be true or false
            misspelt field             | '"espProposals": ["chacha20poly1305"]'| '"espProposal": ["chacha20poly1305"]'        | cryptoPolicies[1].espProposal              | unknown field
            unknown peer               | '"peer": "dc-paris"'                 | '"peer": "dc-pariss"'                         | tunnels[1].peer                            | no peer named 'dc-pariss'
            unknown policy             | '"cryptoPolicy": "modern"'           | '"cryptoPolicy": "modrn"'                     | tunnels[0].cryptoPolicy                    | no crypto policy named 'modrn'
            selector with host bits    | '"10.20.0.0/24"'                     | '"10.20.0.1/24"'                              | tunnels[0].remoteTrafficSelectors[0]       | has host bits set
            selector not an address    | '"10.20.0.0/24"'                     | '"berlin.example/24"'                         | tunnels[0].remoteTrafficSelectors[0]       | is not an IP address
            remote overlaps local      | '"10.20.0.0/24"'                     | '"10.0.128.0/24"'                             | tunnels[0].remoteTrafficSelectors[0]       | overlaps a local traffic selector
            empty selector list        | '"localTrafficSelectors": ["10.0.0.0/16"],' | '"localTrafficSelectors": [],'         | tunnels[0].localTrafficSelectors           | must hold 1 to 16 traffic selectors
            duplicate tunnel name      | '"name": "paris-dc"'                 | '"name": "berlin-lan"'                        | tunnels[1].name                            | duplicate name 'berlin-lan'
            bad name characters        | '"name": "paris-dc"'                 | '"name": "paris/dc"'                          | tunnels[1].name                            | letters, digits
            bad label key              | '"site": "berlin"'                   | '"Site": "berlin"'                            | peers[0].labels.Site                       | label key must be
            peer address not a name    | '"198.51.100.7"'                     | '"vpn_berlin"'                                | peers[0].address                           | neither an IP address nor a domain name
            an inverted range          | '"10.20.0.0/24"'                     | '"10.20.0.9-10.20.0.1"'                       | tunnels[0].remoteTrafficSelectors[0]       | range is inverted
            selector family alone      | '"10.99.0.0/16", '                   | ''                                            | tunnels[1].localTrafficSelectors[0]        | is IPv4 but remoteTrafficSelectors holds no IPv4 selector
            expected identity differs  | '"expectedIdentity": "dc-paris.vpn.example"' | '"expectedIdentity": "C=FR, CN=paris"'| tunnels[1].peer                            | expects the certificate identity 'C=FR, CN=paris'
            inside CIDR (not offered)  | '"cryptoPolicy": "modern",'          | '"cryptoPolicy": "modern", "insideCidr": "169.254.10.0/30",' | tunnels[0].insideCidr        | unknown field
            bad gateway identity       | '"ikeIdentity": "gw-fra-1.vpn.example"' | '"ikeIdentity": "gw fra"'                  | gateway.ikeIdentity                        | is not an IP address, domain name
            PSK file missing           | '"secrets/branch-berlin.psk"'        | '"secrets/nope.psk"'                          | peers[0].auth.pskFile                      | file not found
            auth type missing          | '"type": "psk", '                    | ''                                            | peers[0].auth.type                         | is required
            name not a string          | '"name": "paris-dc"'                 | '"name": 7'                                   | tunnels[1].name                            | must be a string
            peer identity missing      | '"ikeIdentity": "berlin.vpn.example",' | ''                                          | peers[0].ikeIdentity                       | is required
            psk and pskFile both       | '"type": "psk",'                     | '"type": "psk", "psk": "0123456789abcdef0123",' | peers[0].auth.psk                        | exactly one of psk and pskFile
            unknown auth type          | '"type": "psk"'                      | '"type": "kerberos"'                          | peers[0].auth.type                         | must be "psk", "certificate", "null" or "password"
            missing CA file            | '"certs/partner-ca.pem"'             | '"certs/nope.pem"'                            | peers[1].auth.caCertificateFile            | file not found
            CA file is not a cert      | '"certs/partner-ca.pem"'             | '"secrets/branch-berlin.psk"'                 | peers[1].auth.caCertificateFile            | must hold at least one PEM certificate
            expected identity missing  | ', "expectedIdentity": "dc-paris.vpn.example"' | ''                                  | peers[1].auth.expectedIdentity             | is required
            key file is not a key      | '"private/gw-fra-1.pem"'             | '"certs/gw-fra-1.pem"'                        | gateway.privateKeyFile                     | not a PEM private key
            unknown gateway field      | '"privateKeyFile": "private/gw-fra-1.pem"' | '"ikePort": 500'                        | gateway.ikePort                            | unknown field
            cookies above puzzles      | '"privateKeyFile": "private/gw-fra-1.pem"' | '"privateKeyFile": "private/gw-fra-1.pem", "defence": {"cookieThreshold": 300}' | gateway.defence.cookieThreshold | must be between 0 and puzzleThreshold (200)
            unknown defence field      | '"privateKeyFile": "private/gw-fra-1.pem"' | '"privateKeyFile": "private/gw-fra-1.pem", "defence": {"cookieSecretLifetime": 60}' | gateway.defence.cookieSecretLifetime | unknown field
            certificate without key    | '"privateKeyFile": "private/gw-fra-1.pem"' | '"ikePort": 500'                        | gateway.privateKeyFile                     | certificateFile and privateKeyFile go together
            duplicate public address   | '["192.0.2.1", "2001:db8::1"]'       | '["192.0.2.1", "192.0.2.1"]'                  | gateway.publicAddresses[1]                 | duplicate address
            loopback public address    | '["192.0.2.1", "2001:db8::1"]'       | '["127.0.0.1", "2001:db8::1"]'                | gateway.publicAddresses[0]                 | is a loopback address (127.0.0.0/8), never a VPN endpoint
            broadcast public address   | '["192.0.2.1", "2001:db8::1"]'       | '["255.255.255.255", "2001:db8::1"]'          | gateway.publicAddresses[0]                 | is the limited broadcast address
            unspecified peer address   | '"198.51.100.7"'                     | '"0.0.0.0"'                                   | peers[0].address                           | is unspecified
            multicast peer address     | '"2001:db8:100::7"'                  | '"ff02::1"'                                   | peers[1].address                           | is multicast (ff00::/8)
            link-local peer address    | '"198.51.100.7"'                     | '"169.254.0.7"'                               | peers[0].address                           | unless link-local endpoints are allowed
            IPv4-mapped peer address   | '"198.51.100.7"'                     | '"::ffff:198.51.100.7"'                       | peers[0].address                           | write it as IPv4
            allowance not a boolean    | '"gateway": {'                       | '"allowLinkLocalEndpoints": "yes", "gateway": {' | allowLinkLocalEndpoints                  | must be true or false
            IPv6 peer, IPv4 gateway    | '["192.0.2.1", "2001:db8::1"]'       | '["192.0.2.1"]'                               | tunnels[1].peer                            | has no IPv6 public address
            TUN name too long          | '"tunName": "vpnaas0"'               | '"tunName": "a-very-long-tun-name"'           | dataPath.tunName                           | 1-15 letters
            JSON syntax error          | '"esn": false,'                      | '"esn": false,,'                              | (json)                                     | line 35, column 20
            duplicate JSON key         | '"esn": false,'                      | '"esn": false, "esn": true,'                  | (json)                                     | Duplicate
            """)
    void rejectsABadFileNamingTheField(String what, String from, String to, String field, String message) throws IOException {
        String json = ExampleConfigFiles.exampleJson();
        assertThat(json).as("mutation target present").contains(from);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, json.replace(from, to))));

        assertThat(e).as(what).isNotNull();
        assertThat(e.errors()).as(e.getMessage())
                .anySatisfy(err -> {
                    assertThat(err.field()).isEqualTo(field);
                    assertThat(err.detail()).contains(message);
                });
        assertThat(e.getMessage()).contains(field);
    }

    /** "file not found" says it all: not also "is required" for the value the file would have held. */
    @Test
    void aFileThatCannotBeReadIsTheOnlyErrorOfItsField() throws IOException {
        String json = ExampleConfigFiles.exampleJson()
                .replace("\"secrets/branch-berlin.psk\"", "\"secrets/nope.psk\"")
                .replace("\"private/gw-fra-1.pem\"", "\"private/nope.pem\"");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, json)));
        assertThat(e.errors()).extracting(Violation::field)
                .containsExactlyInAnyOrder("peers[0].auth.pskFile", "gateway.privateKeyFile");
    }

    @Test
    void linkLocalEndpointsOnlyWhereTheFileAllowsThem() throws Exception {
        String linkLocal = ExampleConfigFiles.exampleJson()
                .replace("[\"192.0.2.1\", \"2001:db8::1\"]", "[\"169.254.0.1\", \"fe80::1\"]")
                .replace("\"198.51.100.7\"", "\"169.254.0.7\"")
                .replace("\"2001:db8:100::7\"", "\"fe80::7\"");
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, linkLocal)));
        assertThat(refused.errors()).extracting(Violation::field).containsExactlyInAnyOrder(
                "gateway.publicAddresses[0]", "gateway.publicAddresses[1]", "peers[0].address", "peers[1].address");

        String allowed = linkLocal.replaceFirst("\\{", "{ \"allowLinkLocalEndpoints\": true,");
        GatewayConfiguration c = StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, allowed)).configuration();
        assertThat(c.gateway().spec().publicAddresses()).containsExactly("169.254.0.1", "fe80::1");
        assertThat(c.peers()).extracting(PeerSpec::address).containsExactly("169.254.0.7", "fe80::7");

        ConfigException loopback = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, allowed.replace("\"169.254.0.7\"", "\"127.0.0.7\""))));
        assertThat(loopback.errors()).extracting(Violation::field).containsExactly("peers[0].address");
    }

    @Test
    void aTunnelToACertificatePeerNeedsAGatewayCertificate() throws IOException {
        ObjectNode root = (ObjectNode) JsonMapper.shared().readTree(ExampleConfigFiles.exampleJson());
        ((ObjectNode) root.get("gateway")).remove("certificateFile");
        ((ObjectNode) root.get("gateway")).remove("privateKeyFile");
        String json = root.toString();
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, json)));

        assertThat(e).isNotNull();
        assertThat(e.errors()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("tunnels[1].peer");
            assertThat(v.detail()).startsWith("peer 'dc-paris' authenticates with a certificate, but gateway 'gw-fra-1' has no IKE certificate");
        });
    }

    @Test
    void aQkdPolicyNeedsThePeersSaeIdAndTheAgentsKme() throws IOException {
        ObjectNode root = (ObjectNode) JsonMapper.shared().readTree(ExampleConfigFiles.exampleJson());
        ((ObjectNode) root.get("cryptoPolicies").get(0)).put("pfsGroup", "qkd");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, root.toString())));
        assertThat(e.errors()).extracting(Violation::field).containsExactly("tunnels[0].peer");
        assertThat(e.errors().getFirst().detail()).startsWith("peer 'branch-berlin' has no qkd (its SAE ID), which crypto policy 'modern'");

        for (var peer : root.get("peers")) ((ObjectNode) peer).putObject("qkd").put("saeId", "sae-b").put("fallback", "mlkem768");
        e = catchThrowableOfType(ConfigException.class, () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, root.toString())));
        assertThat(e.errors()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("qkd");
            assertThat(v.detail()).startsWith("is required: tunnel 'berlin-lan' takes QKD keys (crypto policy 'modern')");
        });

        root.putObject("qkd").put("kmeUrl", "http://kme.example").put("certificateFile", "nope.pem").put("timeoutMillis", 5);
        e = catchThrowableOfType(ConfigException.class, () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, root.toString())));
        assertThat(e.errors()).extracting(Violation::field).containsExactly("qkd.kmeUrl", "qkd.certificateFile", "qkd.privateKeyFile",
                "qkd.caCertificateFile", "qkd.timeoutMillis");
        assertThat(e.errors().getFirst().detail()).isEqualTo("must be an https URL without query, e.g. https://kme.example:8443");
    }

    @Test
    void reportsEveryProblemAtOnce() throws IOException {
        String json = ExampleConfigFiles.exampleJson()
                .replace("\"peer\": \"dc-paris\"", "\"peer\": \"nobody\"")
                .replace("\"replayWindow\": 64", "\"replayWindow\": 99999")
                .replace("\"198.51.100.7\"", "\"198.51.100.777\"");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, json)));

        assertThat(e.errors()).extracting(Violation::field)
                .contains("tunnels[1].peer", "cryptoPolicies[0].replayWindow", "peers[0].address");
    }

    @Test
    void ppksInlineOrFromAFile() throws Exception {
        String secret = "a post-quantum preshared key of 32+ bytes";
        String json = ExampleConfigFiles.exampleJson().replace("\"pskFile\": \"secrets/branch-berlin.psk\" }",
                "\"pskFile\": \"secrets/branch-berlin.psk\" }, \"ppkRequired\": true, \"ppks\": ["
                        + "{\"id\": \"ppk-file\", \"secretFile\": \"secrets/berlin.ppk\"}, {\"id\": \"ppk-inline\", \"secret\": \"" + secret + "\"}]");
        assertThat(json).contains("ppk-file");
        Path config = ExampleConfigFiles.write(dir, json);
        Files.writeString(dir.resolve("secrets/berlin.ppk"), secret + "-from-file\n");
        PeerSpec berlin = StandaloneConfigLoader.load(config).configuration().peers().getFirst();
        assertThat(berlin.ppkRequired()).isTrue();
        assertThat(berlin.ppks()).containsExactly(new PeerPpk("ppk-file", secret + "-from-file"), new PeerPpk("ppk-inline", secret));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir,
                json.replace("{\"id\": \"ppk-inline\", \"secret\": \"" + secret + "\"}", "{\"id\": \"ppk-inline\"}"))));
        assertThat(e.errors()).extracting(Violation::field).containsExactly("peers[0].ppks[1].secret");
    }

    @Test
    void shortPskIsRejected() throws IOException {
        String json = ExampleConfigFiles.exampleJson()
                .replace("\"pskFile\": \"secrets/branch-berlin.psk\"", "\"psk\": \"0x00112233\"");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, json)));

        assertThat(e.errors()).containsExactly(new Violation("peers[0].auth.psk", "must be 16 to 256 bytes long"));
    }

    @Test
    void aViolationOfAValueFromAFileNamesTheFilesField() throws Exception {
        Path config = ExampleConfigFiles.write(dir, ExampleConfigFiles.exampleJson());
        java.nio.file.Files.writeString(dir.resolve("secrets/branch-berlin.psk"), "too short\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StandaloneConfigLoader.load(config));
        assertThat(e.errors()).containsExactly(new Violation("peers[0].auth.pskFile", "must be 16 to 256 bytes long"));
    }

    @Test
    void nullAuthenticationWithOrWithoutAGatewayPsk() throws Exception {
        String both = ExampleConfigFiles.exampleJson().replace("\"type\": \"psk\", \"pskFile\": \"secrets/branch-berlin.psk\"", "\"type\": \"null\"");
        assertThat(StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, both)).configuration().peers().getFirst().auth())
                .isEqualTo(new PeerAuth.Null(null));
        String gatewayPsk = ExampleConfigFiles.exampleJson().replace("\"type\": \"psk\", \"pskFile\": \"secrets/branch-berlin.psk\"",
                "\"type\": \"null\", \"gatewayPskFile\": \"secrets/branch-berlin.psk\"");
        PeerAuth auth = StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, gatewayPsk)).configuration().peers().getFirst().auth();
        assertThat(auth).isInstanceOf(PeerAuth.Null.class);
        assertThat(((PeerAuth.Null) auth).gatewayPsk()).isNotBlank();
        String shortPsk = ExampleConfigFiles.exampleJson().replace("\"type\": \"psk\", \"pskFile\": \"secrets/branch-berlin.psk\"",
                "\"type\": \"null\", \"gatewayPsk\": \"short\"");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, shortPsk)));
        assertThat(e.errors()).containsExactly(new Violation("peers[0].auth.gatewayPsk", "must be 16 to 256 bytes long"));
    }

    /** The example with its first peer on a password, inline or from {@code passwordFile}, and its policy on ECP groups alone (PACE needs them). */
    private static String withPassword(String auth) throws IOException {
        return ExampleConfigFiles.exampleJson().replace("\"type\": \"psk\", \"pskFile\": \"secrets/branch-berlin.psk\"", "\"type\": \"password\", " + auth)
                .replace("[\"aes256gcm16-prfsha384-x25519\", \"aes256-sha256-ecp256\"]", "[\"aes256gcm16-prfsha384-ecp384\", \"aes256-sha256-ecp256\"]");
    }

    @Test
    void aPasswordMayBeASixDigitCodeInlineOrFromAFile() throws Exception {
        assertThat(StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, withPassword("\"password\": \"402915\""))).configuration().peers().getFirst().auth())
                .isEqualTo(new PeerAuth.Password("402915"));
        Path file = ExampleConfigFiles.write(dir, withPassword("\"passwordFile\": \"secrets/pin\""));
        Files.writeString(dir.resolve("secrets/pin"), "402915\n");
        assertThat(StandaloneConfigLoader.load(file).configuration().peers().getFirst().auth()).isEqualTo(new PeerAuth.Password("402915"));
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, withPassword("\"password\": \"4029\""))));
        assertThat(e.errors()).containsExactly(new Violation("peers[0].auth.password", "must be 6 to 256 bytes long"));
    }

    @Test
    void aPasswordPeersTunnelIsRefusedUnderAPolicyWithANonEcpIkeGroup() throws Exception {
        String x25519 = withPassword("\"password\": \"402915\"").replace("aes256gcm16-prfsha384-ecp384", "aes256gcm16-prfsha384-x25519");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, x25519)));
        assertThat(e).isNotNull();
        assertThat(e.errors()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("tunnels[0].cryptoPolicy");
            assertThat(v.detail()).contains("peer 'branch-berlin' authenticates with a password", "x25519", "ECP groups");
        });
    }

    @Test
    void aPskIsItsUtf8TextAsInTheRestApi() throws Exception {
        // strongSwan would read 0x... as hex; the REST API stores the text, and a file means what the API means
        String json = ExampleConfigFiles.exampleJson()
                .replace("\"pskFile\": \"secrets/branch-berlin.psk\"", "\"psk\": \"0x00112233445566778899\"");
        PeerSpec berlin = StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, json)).configuration().peers().getFirst();
        assertThat(berlin.auth()).isEqualTo(new PeerAuth.Psk("0x00112233445566778899"));
    }

    @Test
    void aMistypedValueIsNamedOnceNotAgainAsMissing() throws IOException {
        String json = ExampleConfigFiles.exampleJson().replace("\"publicAddresses\": [\"192.0.2.1\", \"2001:db8::1\"]",
                "\"publicAddresses\": \"192.0.2.1\"");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(ExampleConfigFiles.write(dir, json)));
        assertThat(e.errors()).containsExactly(new Violation("gateway.publicAddresses", "must be an array of strings"));
    }

    @Test
    void missingOrEmptyFileIsAClearError() throws IOException {
        ConfigException missing = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.load(dir.resolve("absent.json")));
        assertThat(missing.errors()).singleElement().extracting(Violation::field).isEqualTo("(file)");

        ConfigException empty = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.parse("", dir, "empty.json"));
        assertThat(empty.errors()).singleElement().extracting(Violation::detail).isEqualTo("file is empty");

        ConfigException array = catchThrowableOfType(ConfigException.class,
                () -> StandaloneConfigLoader.parse("[]", dir, "array.json"));
        assertThat(array.errors()).extracting(Violation::field).contains("(root)");
    }
}
