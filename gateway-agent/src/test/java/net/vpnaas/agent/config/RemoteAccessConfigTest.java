package net.vpnaas.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import net.vpnaas.agent.wiring.EngineConnections;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.model.RemoteAccessEndpointSpec;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote-access endpoints in a standalone file: read (a RADIUS secret inline or from a file), checked by
 * tenant-model's rules with errors naming the file's field, tied to the file's crypto policies and the
 * gateway's certificate, and mapped to an engine connection that answers EAP clients from any address.
 */
class RemoteAccessConfigTest {
    @TempDir
    Path dir;

    private static String file(String endpoint) {
        return """
                {"gateway": {"name": "gw", "publicAddresses": ["192.0.2.1"]},
                 "peers": [], "tunnels": [],
                 "cryptoPolicies": [{"name": "ra", "ikeProposals": ["aes256gcm16-prfsha384-x25519"], "espProposals": ["aes256gcm16"]}],
                 "remoteAccessEndpoints": [%s]}
                """.formatted(endpoint);
    }

    @Test
    void anEndpointIsReadWithItsSecretFromAFileAndMapsToAnEapConnection() throws Exception {
        Files.writeString(dir.resolve("radius.secret"), "a-radius-secret-of-24-ch\n");
        StandaloneConfig c = StandaloneConfigLoader.parse(file("""
                {"name": "staff", "cryptoPolicy": "ra", "addressPools": ["10.99.0.0/24", "fd00:99::/120"],
                 "dnsServers": ["10.1.0.53"], "allowedNetworks": ["10.1.0.0/16"], "eapOnly": true,
                 "radiusServers": [{"address": "10.1.0.5", "secretFile": "radius.secret"}]}"""), dir, "test");
        RemoteAccessEndpointSpec e = c.remoteAccessEndpoints().getFirst();
        assertThat(e.radiusServers().getFirst().secret()).isEqualTo("a-radius-secret-of-24-ch");
        assertThat(e.radiusServers().getFirst().port()).as("default").isEqualTo(1812);
        ConnectionConfig connection = EngineConnections.remoteAccess(c.configuration().gateway(), e,
                c.configuration().cryptoPolicies().getFirst());
        assertThat(connection.remote().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(connection.authentication()).isInstanceOfSatisfying(Authentication.Eap.class, eap -> {
            assertThat(eap.eapOnly()).isTrue();
            assertThat(eap.certificate()).isEmpty();
        });
        assertThat(connection.remoteAccess().pool().lease("u", false)).map(a -> a.getHostAddress()).contains("10.99.0.1");
        assertThat(connection.remoteAccess().pool().lease("v", true)).map(a -> a.getHostAddress()).contains("fd00:99:0:0:0:0:0:1");
        assertThat(e.toString()).doesNotContain("a-radius-secret");
    }

    @Test
    void errorsNameTheFieldOfTheFile() {
        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> StandaloneConfigLoader.parse(file("""
                {"name": "staff", "cryptoPolicy": "nope", "addressPools": ["10.99.0.0/24", "10.98.0.0/24", "10.97.0.1/24"],
                 "dnsServers": ["dns.example"], "allowedNetworks": [],
                 "radiusServers": [{"address": "10.1.0.5", "port": 70000, "secret": "short"}]}"""), dir, "test"));
        assertThat(refused.errors()).extracting(Violation::field).contains(
                "remoteAccessEndpoints[0].addressPools", "remoteAccessEndpoints[0].addressPools[1]",
                "remoteAccessEndpoints[0].addressPools[2]",
                "remoteAccessEndpoints[0].dnsServers[0]", "remoteAccessEndpoints[0].allowedNetworks",
                "remoteAccessEndpoints[0].radiusServers[0].port", "remoteAccessEndpoints[0].radiusServers[0].secret",
                "remoteAccessEndpoints[0].cryptoPolicy", "remoteAccessEndpoints[0].eapOnly");
        assertThat(refused.getMessage()).contains("host bits set").contains("a second IPv4 pool").contains("RFC 2865");
    }
}
