package net.vpnaas.agent.radius;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.vpnaas.agent.StandaloneAgent;
import net.vpnaas.ike.interop.JavaProcessInNamespace;
import net.vpnaas.ike.interop.Site;
import net.vpnaas.ike.interop.TestPki;

/**
 * Our standalone agent in a namespace with one remote-access endpoint ({@code staff}) in its file, as the
 * EAP namespace test and the remote-access benchmark run it: the gateway's certificate for
 * {@link #IDENTITY}, a crypto policy of AES-256-GCM and X25519, the given pool, DNS server 10.1.0.53, the
 * site's inner subnet as the one network clients reach, and RADIUS servers on 127.0.0.1 of the namespace.
 */
final class RemoteAccessGateway {
    static final String IDENTITY = "gw.vpn.example";
    static final String DNS_SERVER = "10.1.0.53";
    static final String PROPOSAL = "aes256gcm16-prfsha384-x25519";
    static final String ESP_PROPOSAL = "aes256gcm16";

    private RemoteAccessGateway() {}

    /**
     * @param radiusPorts     the endpoint's RADIUS servers on 127.0.0.1, in order, all with {@code secret}
     * @param defence         the gateway's {@code defence} object in the file, or null for the defaults
     * @param jvmOptions      extra options of the agent's JVM
     */
    static JavaProcessInNamespace start(Site site, Path dir, TestPki.Issued certificate, String pool, boolean eapOnly,
                                        List<Integer> radiusPorts, String secret, String defence, List<String> jvmOptions) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("gw.pem"), certificate.certificatePem());
            Files.writeString(dir.resolve("gw.key"), certificate.privateKeyPem());
            String servers = radiusPorts.stream()
                    .map(port -> "{\"address\": \"127.0.0.1\", \"port\": %d, \"secret\": \"%s\"}".formatted(port, secret))
                    .collect(Collectors.joining(", "));
            Path conf = dir.resolve("gateway.json");
            Files.writeString(conf, """
                    {"gateway": {"name": "gw", "ikeIdentity": "%s", "publicAddresses": ["%s"],
                                 "certificateFile": "%s", "privateKeyFile": "%s"%s},
                     "peers": [], "tunnels": [],
                     "cryptoPolicies": [{"name": "ra", "ikeProposals": ["%s"], "espProposals": ["%s"]}],
                     "remoteAccessEndpoints": [{"name": "staff", "cryptoPolicy": "ra", "addressPools": ["%s"],
                       "dnsServers": ["%s"], "allowedNetworks": ["%s"], "eapOnly": %s, "radiusServers": [%s]}],
                     "dataPath": {"tunName": "ravpn0"}}
                    """.formatted(IDENTITY, site.outerAddress(), dir.resolve("gw.pem"), dir.resolve("gw.key"),
                    defence == null ? "" : ", \"defence\": " + defence, PROPOSAL, ESP_PROPOSAL, pool, DNS_SERVER,
                    site.innerSubnet(), eapOnly, servers));
            List<String> options = new ArrayList<>(List.of("-Dlogback.configurationFile=agent-logback.xml"));
            options.addAll(jvmOptions);
            // The standalone agent, as AgentProcess in the interop tests starts it.
            return JavaProcessInNamespace.start(site.ns(), dir.resolve("agent.log"), options, StandaloneAgent.class.getName(),
                    List.of(conf.toString(), "--control-socket", dir.resolve("control.sock").toString()), "READY", Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
