package net.vpnaas.agent.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import net.vpnaas.ike.interop.Site;

/** Standalone config files for an agent at one {@link Site} with one PSK tunnel to another. */
final class AgentConfigs {

    private AgentConfigs() {}

    /**
     * Writes {@code <dir>/agent.json}: gateway {@code myId} at {@code me}'s outer address, one tunnel
     * from {@code me}'s inner subnet to {@code peer}'s, AES-256-GCM / X25519, the given start action
     * ("initiate" or "respond"), and a TUN with a random name carrying our prefix.
     */
    static Path write(Path dir, Site me, String myId, Site peer, String peerId, byte[] psk, String startAction) {
        String json = """
                {
                  "gateway": { "name": "agent", "ikeIdentity": "%s", "publicAddresses": ["%s"] },
                  "peers": [ { "name": "peer", "address": "%s", "ikeIdentity": "%s",
                               "auth": { "type": "psk", "psk": "0x%s" } } ],
                  "cryptoPolicies": [ { "name": "p", "ikeProposals": ["aes256gcm16-prfsha384-x25519"],
                                        "espProposals": ["aes256gcm16"], "startAction": "%s" } ],
                  "tunnels": [ { "name": "site", "peer": "peer", "cryptoPolicy": "p",
                                 "localTrafficSelectors": ["%s"], "remoteTrafficSelectors": ["%s"] } ],
                  "dataPath": { "tunName": "%s", "queues": 1 }
                }
                """.formatted(myId, me.outerAddress(), peer.outerAddress(), peerId, HexFormat.of().formatHex(psk),
                startAction, me.innerSubnet(), peer.innerSubnet(), tunName());
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
