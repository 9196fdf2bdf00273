package net.vpnaas.ike.interop;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The part of strongSwan's swanctl.conf our interop tests use, as data, rendered by {@link #render()}.
 * Private keys and certificates are not listed here: {@code swanctl --load-all} picks them up from
 * the x509ca/, x509/ and private/ folders next to swanctl.conf (see {@link StrongSwanPeer#swanctlDir()}).
 */
public record SwanctlConf(List<Connection> connections, List<PskSecret> psks, List<PpkSecret> ppks) {

    public SwanctlConf {
        connections = List.copyOf(connections);
        psks = List.copyOf(psks);
        ppks = List.copyOf(ppks);
    }

    public SwanctlConf(List<Connection> connections, List<PskSecret> psks) {
        this(connections, psks, List.of());
    }

    /** This configuration with post-quantum preshared keys (RFC 8784) in its secrets. */
    public SwanctlConf withPpks(PpkSecret... secrets) {
        return new SwanctlConf(connections, psks, List.of(secrets));
    }

    /** How one side authenticates ({@code local} or {@code remote} section). */
    public sealed interface Auth {
        String id();

        /** Pre-shared key (IKEv2 auth method 2); the key itself goes in a {@link PskSecret}. */
        record Psk(String id) implements Auth {}

        /**
         * Certificate signature. {@code method} is swanctl's auth value: {@code pubkey} (RFC 7427,
         * scheme chosen by key type), {@code rsa/pss-sha256}, {@code rsa-sha256} (PKCS#1 v1.5),
         * {@code ecdsa-sha256}, {@code ed25519}. {@code certFile} names a file in x509/ for the local
         * side and is null for the remote side.
         */
        record PubKey(String id, String method, String certFile) implements Auth {}
    }

    /** One Child SA configuration ("children" subsection). {@code startAction}: none, trap or start. */
    public record Child(String name, List<String> localTs, List<String> remoteTs, String espProposals,
                        String startAction, Duration rekeyTime) {
        public Child {
            localTs = List.copyOf(localTs);
            remoteTs = List.copyOf(remoteTs);
        }

        public Child withEspProposals(String proposals) {
            return new Child(name, localTs, remoteTs, proposals, startAction, rekeyTime);
        }

        public Child withStartAction(String action) {
            return new Child(name, localTs, remoteTs, espProposals, action, rekeyTime);
        }
    }

    /**
     * One IKE SA configuration. A zero {@code rekeyTime} disables IKE rekeying. {@code fragmentation}
     * is swanctl's IKE fragmentation (RFC 7383) option: yes (announce, fragment when needed), accept,
     * force or no.
     */
    public record Connection(String name, String localAddr, String remoteAddr, String proposals,
                             Auth local, Auth remote, List<Child> children, Duration rekeyTime, String fragmentation,
                             PpkUse ppk) {
        public Connection {
            children = List.copyOf(children);
        }

        /** Without PPK. */
        public Connection(String name, String localAddr, String remoteAddr, String proposals,
                          Auth local, Auth remote, List<Child> children, Duration rekeyTime, String fragmentation) {
            this(name, localAddr, remoteAddr, proposals, local, remote, children, rekeyTime, fragmentation, null);
        }

        /** swanctl's {@code ppk_id} and {@code ppk_required} (RFC 8784); the PPK itself goes in a {@link PpkSecret}. */
        public Connection withPpk(String id, boolean required) {
            return new Connection(name, localAddr, remoteAddr, proposals, local, remote, children, rekeyTime, fragmentation,
                    new PpkUse(id, required));
        }

        /** With fragmentation = yes, swanctl's default. */
        public Connection(String name, String localAddr, String remoteAddr, String proposals,
                          Auth local, Auth remote, List<Child> children, Duration rekeyTime) {
            this(name, localAddr, remoteAddr, proposals, local, remote, children, rekeyTime, "yes");
        }

        public Connection withFragmentation(String option) {
            return new Connection(name, localAddr, remoteAddr, proposals, local, remote, children, rekeyTime, option, ppk);
        }

        /**
         * The usual site-to-site connection between two {@link Site}s: one child {@code net} from our
         * inner subnet to theirs, AES-256-GCM with X25519, no start action (the test initiates).
         */
        public static Connection siteToSite(String name, Site me, Site peer, Auth local, Auth remote) {
            Child net = new Child("net", List.of(me.innerSubnet()), List.of(peer.innerSubnet()),
                    "aes256gcm16", "none", Duration.ofHours(1));
            return new Connection(name, me.outerAddress(), peer.outerAddress(), "aes256gcm16-prfsha384-x25519",
                    local, remote, List.of(net), Duration.ofHours(4));
        }

        public Connection withProposals(String ikeProposals) {
            return new Connection(name, localAddr, remoteAddr, ikeProposals, local, remote, children, rekeyTime, fragmentation, ppk);
        }

        public Connection withChildren(List<Child> newChildren) {
            return new Connection(name, localAddr, remoteAddr, proposals, local, remote, newChildren, rekeyTime, fragmentation, ppk);
        }

        public Connection withRekeyTime(Duration ikeRekey) {
            return new Connection(name, localAddr, remoteAddr, proposals, local, remote, children, ikeRekey, fragmentation, ppk);
        }

        /** {@code remoteAddr} "%any" makes a responder that accepts any initiator (used by the bench). */
        public Connection withRemoteAddr(String addr) {
            return new Connection(name, localAddr, addr, proposals, local, remote, children, rekeyTime, fragmentation, ppk);
        }
    }

    /** The PPK of a connection: its id and whether the IKE SA fails without it. */
    public record PpkUse(String id, boolean required) {}

    /** A post-quantum preshared key and its PPK_ID ({@code secrets { ppk-x { secret, id } }}). */
    public record PpkSecret(String id, byte[] secret) {
        public PpkSecret {
            secret = secret.clone();
        }
    }

    /** A PSK shared between two identities. */
    public record PskSecret(String localId, String remoteId, byte[] secret) {
        public PskSecret {
            secret = secret.clone();
        }
    }

    public static SwanctlConf of(Connection connection, PskSecret... psks) {
        return new SwanctlConf(List.of(connection), List.of(psks));
    }

    public String render() {
        StringBuilder sb = new StringBuilder("connections {\n");
        for (Connection c : connections) {
            sb.append("  ").append(c.name()).append(" {\n");
            kv(sb, 4, "version", "2");
            kv(sb, 4, "local_addrs", c.localAddr());
            kv(sb, 4, "remote_addrs", c.remoteAddr());
            kv(sb, 4, "proposals", c.proposals());
            kv(sb, 4, "rekey_time", seconds(c.rekeyTime()));
            kv(sb, 4, "fragmentation", c.fragmentation());
            if (c.ppk() != null) {
                kv(sb, 4, "ppk_id", c.ppk().id());
                kv(sb, 4, "ppk_required", c.ppk().required() ? "yes" : "no");
            }
            auth(sb, "local", c.local());
            auth(sb, "remote", c.remote());
            sb.append("    children {\n");
            for (Child ch : c.children()) {
                sb.append("      ").append(ch.name()).append(" {\n");
                kv(sb, 8, "local_ts", String.join(",", ch.localTs()));
                kv(sb, 8, "remote_ts", String.join(",", ch.remoteTs()));
                kv(sb, 8, "esp_proposals", ch.espProposals());
                kv(sb, 8, "start_action", ch.startAction());
                kv(sb, 8, "rekey_time", seconds(ch.rekeyTime()));
                sb.append("      }\n");
            }
            sb.append("    }\n  }\n");
        }
        sb.append("}\nsecrets {\n");
        for (int i = 0; i < psks.size(); i++) {
            PskSecret s = psks.get(i);
            sb.append("  ike-").append(i).append(" {\n");
            kv(sb, 4, "id-1", s.localId());
            kv(sb, 4, "id-2", s.remoteId());
            // Hex form so any byte sequence survives the settings parser unchanged.
            kv(sb, 4, "secret", "0x" + HexFormat.of().formatHex(s.secret()));
            sb.append("  }\n");
        }
        for (int i = 0; i < ppks.size(); i++) {
            sb.append("  ppk-").append(i).append(" {\n");
            kv(sb, 4, "id", ppks.get(i).id());
            kv(sb, 4, "secret", "0x" + HexFormat.of().formatHex(ppks.get(i).secret()));
            sb.append("  }\n");
        }
        return sb.append("}\n").toString();
    }

    private static void auth(StringBuilder sb, String section, Auth auth) {
        sb.append("    ").append(section).append(" {\n");
        switch (auth) {
            case Auth.Psk p -> kv(sb, 6, "auth", "psk");
            case Auth.PubKey k -> {
                kv(sb, 6, "auth", k.method());
                if (k.certFile() != null) kv(sb, 6, "certs", k.certFile());
            }
        }
        kv(sb, 6, "id", auth.id());
        sb.append("    }\n");
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    /** Every value is quoted, so identities with spaces, commas or '=' (DNs) reach charon intact. */
    private static void kv(StringBuilder sb, int indent, String key, String value) {
        sb.repeat(' ', indent).append(key).append(" = \"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
    }
}
