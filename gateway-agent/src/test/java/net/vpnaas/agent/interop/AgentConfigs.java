package net.vpnaas.agent.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import net.vpnaas.ike.interop.Site;
import net.vpnaas.ike.interop.TestPki;

/** Standalone config files for an agent at one {@link Site} with one tunnel to another. */
final class AgentConfigs {

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
        return write(dir, me, myId, "", peer, peerId,
                "{ \"type\": \"psk\", \"psk\": \"" + new String(psk, StandardCharsets.US_ASCII) + "\" }", startAction, espProposal);
    }

    /**
     * Certificates: ours ({@code mine}, issued for {@code myId}) and the CA of {@code pki} as the
     * peer's trust anchor, written as PEM files next to the config.
     */
    static Path withCertificates(Path dir, Site me, TestPki.Issued mine, TestPki pki, Site peer, String peerId,
                                 String startAction) {
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
                        + peerId + "\" }", startAction, "aes256gcm16");
    }

    /**
     * Writes {@code <dir>/agent.json}: one tunnel from {@code me}'s inner subnet to {@code peer}'s,
     * AES-256-GCM / X25519, and a TUN with a random name carrying our prefix.
     */
    private static Path write(Path dir, Site me, String myId, String gatewayExtra, Site peer, String peerId,
                              String authJson, String startAction, String espProposal) {
        String json = """
                {
                  "gateway": { "name": "agent", "ikeIdentity": "%s", "publicAddresses": ["%s"]%s },
                  "peers": [ { "name": "peer", "address": "%s", "ikeIdentity": "%s", "auth": %s } ],
                  "cryptoPolicies": [ { "name": "p", "ikeProposals": ["aes256gcm16-prfsha384-x25519"],
                                        "espProposals": ["%s"], "startAction": "%s" } ],
                  "tunnels": [ { "name": "site", "peer": "peer", "cryptoPolicy": "p",
                                 "localTrafficSelectors": ["%s"], "remoteTrafficSelectors": ["%s"] } ],
                  "dataPath": { "tunName": "%s", "queues": 1 }
                }
                """.formatted(myId, me.outerAddress(), gatewayExtra, peer.outerAddress(), peerId, authJson,
                espProposal, startAction, me.innerSubnet(), peer.innerSubnet(), tunName());
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
