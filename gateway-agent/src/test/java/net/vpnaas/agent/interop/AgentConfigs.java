package net.vpnaas.agent.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import net.vpnaas.ike.interop.Site;
import net.vpnaas.ike.interop.TestPki;

/** Standalone config files for an agent at one {@link Site} with tunnels to others. */
final class AgentConfigs {

    /** The IKE proposal of every config unless a test asks for another. */
    static final String DEFAULT_IKE = "aes256gcm16-prfsha384-x25519";

    private AgentConfigs() {}

    /**
     * A random PSK as text, 64 hex digits: a standalone file's PSK is its UTF-8 text, as in the REST
     * API, so strongSwan is given these same bytes.
     */
    static byte[] newPsk() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b).getBytes(StandardCharsets.US_ASCII);
    }

    /** PSK on both sides ({@link #newPsk()}). {@code startAction}: "initiate" or "respond". */
    static Path withPsk(Path dir, Site me, String myId, Site peer, String peerId, byte[] psk, String startAction) {
        return withPsk(dir, me, myId, peer, peerId, psk, startAction, "aes256gcm16");
    }

    /** As {@link #withPsk(Path, Site, String, Site, String, byte[], String)} with another ESP proposal. */
    static Path withPsk(Path dir, Site me, String myId, Site peer, String peerId, byte[] psk, String startAction,
                        String espProposal) {
        return withPsk(dir, me, myId, peer, peerId, psk, startAction, espProposal, DEFAULT_IKE);
    }

    /** As {@link #withPsk(Path, Site, String, Site, String, byte[], String)} with other ESP and IKE proposals. */
    static Path withPsk(Path dir, Site me, String myId, Site peer, String peerId, byte[] psk, String startAction,
                        String espProposal, String ikeProposal) {
        return write(dir, me, myId, "", peer, peerId, pskJson(psk), startAction, espProposal, ikeProposal, "");
    }

    /** As {@link #withPsk(Path, Site, String, Site, String, byte[], String, String, String)} with the policy's {@code pfsGroup}. */
    static Path withPskAndPfs(Path dir, Site me, String myId, Site peer, String peerId, byte[] psk, String startAction,
                              String espProposal, String ikeProposal, String pfsGroup) {
        return write(dir, me, myId, "", peer, peerId, pskJson(psk), startAction, espProposal, ikeProposal, pfs(pfsGroup));
    }

    private static String pfs(String pfsGroup) {
        return pfsGroup == null ? "" : ", \"pfsGroup\": \"" + pfsGroup + "\"";
    }

    /**
     * As {@link #withPsk(Path, Site, String, Site, String, byte[], String)} with more fields of the crypto
     * policy, as JSON members, e.g. {@code "transport": "tcp"}.
     */
    static Path withPskAndPolicy(Path dir, Site me, String myId, Site peer, String peerId, byte[] psk, String startAction,
                                 String policyFields) {
        return write(dir, me, myId, "", peer, peerId, pskJson(psk), startAction, "aes256gcm16", DEFAULT_IKE, ", " + policyFields);
    }

    /**
     * Certificates: ours ({@code mine}, issued for {@code myId}) and the CA of {@code pki} as the
     * peer's trust anchor, written as PEM files next to the config.
     */
    static Path withCertificates(Path dir, Site me, TestPki.Issued mine, TestPki pki, Site peer, String peerId,
                                 String startAction) {
        return withCertificatesAndPfs(dir, me, mine, pki, peer, peerId, startAction, DEFAULT_IKE, null);
    }

    /** As {@link #withCertificates} with the policy's IKE proposal and {@code pfsGroup} (none when null). */
    static Path withCertificatesAndPfs(Path dir, Site me, TestPki.Issued mine, TestPki pki, Site peer, String peerId,
                                       String startAction, String ikeProposal, String pfsGroup) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("gateway.pem"), mine.certificatePem());
            Files.writeString(dir.resolve("gateway.key"), mine.privateKeyPem());
            Files.writeString(dir.resolve("peer-ca.pem"), pki.ca().certificatePem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write(dir, me, mine.id(), ", \"certificateFile\": \"gateway.pem\", \"privateKeyFile\": \"gateway.key\"",
                peer, peerId, "{ \"type\": \"certificate\", \"caCertificateFile\": \"peer-ca.pem\", \"expectedIdentity\": \""
                        + peerId + "\" }", startAction, "aes256gcm16", ikeProposal, pfs(pfsGroup));
    }

    /**
     * One peer of the agent with its tunnel: its outer address and IKE identity, a PSK, and the
     * tunnel's local and remote traffic selectors (CIDR).
     */
    record PskTunnel(String name, String address, String id, byte[] psk, List<String> local, List<String> remote) {
        PskTunnel {
            local = List.copyOf(local);
            remote = List.copyOf(remote);
        }

        private String peerJson() {
            return """
                    { "name": "%s", "address": "%s", "ikeIdentity": "%s", "auth": %s }""".formatted(name, address, id, pskJson(psk));
        }
    }

    /** Several peers with one PSK tunnel each, AES-256-GCM / X25519, all with the same start action. */
    static Path withPskTunnels(Path dir, Site me, String myId, String startAction, List<PskTunnel> tunnels) {
        return withPskTunnels(dir, me, myId, startAction, tunnels, null);
    }

    /** As {@link #withPskTunnels(Path, Site, String, String, List)} with the policy's {@code pfsGroup} (null: none). */
    static Path withPskTunnels(Path dir, Site me, String myId, String startAction, List<PskTunnel> tunnels, String pfsGroup) {
        return write(dir, myId, me.outerAddress(), "", tunnels.stream().map(PskTunnel::peerJson).toList(),
                tunnels.stream().map(t -> tunnelJson(t.name(), t.name(), t.local(), t.remote())).toList(),
                startAction, "aes256gcm16", DEFAULT_IKE, pfs(pfsGroup));
    }

    /**
     * NULL authentication (RFC 7619) of the peer; our gateway proves {@code gatewayPsk} to it, or, when
     * null, is unauthenticated too. {@code startAction}: "initiate" or "respond".
     */
    static Path withNullAuth(Path dir, Site me, String myId, Site peer, String peerId, String gatewayPsk, String startAction) {
        String auth = gatewayPsk == null ? "{ \"type\": \"null\" }" : "{ \"type\": \"null\", \"gatewayPsk\": \"" + gatewayPsk + "\" }";
        return write(dir, me, myId, "", peer, peerId, auth, startAction, "aes256gcm16", DEFAULT_IKE, "");
    }

    /** Password authentication (PACE, RFC 6631) with {@code password}; the policy's IKE group is ECP, as PACE needs. */
    static Path withPassword(Path dir, Site me, String myId, Site peer, String peerId, String password, String startAction) {
        return write(dir, me, myId, "", peer, peerId, "{ \"type\": \"password\", \"password\": \"" + password + "\" }", startAction,
                "aes256gcm16", "aes256gcm16-prfsha256-ecp256", "");
    }

    private static String pskJson(byte[] psk) {
        return "{ \"type\": \"psk\", \"psk\": \"" + new String(psk, StandardCharsets.US_ASCII) + "\" }";
    }

    /** One tunnel from {@code me}'s inner subnet to {@code peer}'s with the peer named "peer". */
    private static Path write(Path dir, Site me, String myId, String gatewayExtra, Site peer, String peerId,
                              String authJson, String startAction, String espProposal, String ikeProposal, String policyFields) {
        String peerJson = """
                { "name": "peer", "address": "%s", "ikeIdentity": "%s", "auth": %s }""".formatted(peer.outerAddress(), peerId, authJson);
        return write(dir, myId, me.outerAddress(), gatewayExtra, List.of(peerJson),
                List.of(tunnelJson("site", "peer", List.of(me.innerSubnet()), List.of(peer.innerSubnet()))),
                startAction, espProposal, ikeProposal, policyFields);
    }

    private static String tunnelJson(String name, String peer, List<String> local, List<String> remote) {
        return """
                { "name": "%s", "peer": "%s", "cryptoPolicy": "p", "localTrafficSelectors": %s, "remoteTrafficSelectors": %s }"""
                .formatted(name, peer, jsonStrings(local), jsonStrings(remote));
    }

    private static String jsonStrings(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * Writes {@code <dir>/agent.json}: the peers and tunnels given, one crypto policy (with {@code policyFields}'s
     * fields, each preceded by a comma), a TUN with a random name.
     */
    private static Path write(Path dir, String myId, String myAddress, String gatewayExtra, List<String> peers,
                              List<String> tunnels, String startAction, String espProposal, String ikeProposal,
                              String policyFields) {
        String json = """
                {
                  "gateway": { "name": "agent", "ikeIdentity": "%s", "publicAddresses": ["%s"]%s },
                  "peers": [ %s ],
                  "cryptoPolicies": [ { "name": "p", "ikeProposals": ["%s"],
                                        "espProposals": ["%s"], "startAction": "%s"%s } ],
                  "tunnels": [ %s ],
                  "dataPath": { "tunName": "%s", "queues": 1 }
                }
                """.formatted(myId, myAddress, gatewayExtra, String.join(",\n", peers), ikeProposal, espProposal, startAction,
                policyFields, String.join(",\n", tunnels), tunName());
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("agent.json");
            Files.writeString(config, json);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The TUN lives in the agent's namespace and goes with it; named with our prefix like all our interfaces. */
    private static String tunName() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return "io" + HexFormat.of().formatHex(b) + "t";
    }
}
