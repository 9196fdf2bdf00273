package net.vpnaas.ike.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The post-quantum preshared keys (PPKs, RFC 8784) of a connection. An initiator uses the first; a
 * responder takes the one whose id the initiator names in PPK_IDENTITY, so one peer may be moved from
 * one PPK to the next without a flag day. {@code required}: without a PPK both sides agree on, the IKE
 * SA fails (AUTHENTICATION_FAILED); otherwise it falls back to IKEv2 without PPK (NO_PPK_AUTH).
 */
public record PostQuantumPreSharedKeys(List<Key> keys, boolean required) {
    /** A connection without PPKs. */
    public static final PostQuantumPreSharedKeys NONE = new PostQuantumPreSharedKeys(List.of(), false);

    public PostQuantumPreSharedKeys {
        keys = List.copyOf(keys);
        if (required && keys.isEmpty()) throw new IllegalArgumentException("a required PPK needs a key");
        for (int i = 0; i < keys.size(); i++) {
            for (int j = i + 1; j < keys.size(); j++) {
                if (Arrays.equals(keys.get(i).id(), keys.get(j).id())) throw new IllegalArgumentException("PPK id " + keys.get(i).idText() + " twice");
            }
        }
    }

    public boolean configured() {
        return !keys.isEmpty();
    }

    /** The key the initiator uses. */
    public Key first() {
        return keys.getFirst();
    }

    /** The ids for a reason or log line, e.g. {@code ppk-a, ppk-b}; {@code none} without PPKs. */
    public String idsText() {
        return keys.isEmpty() ? "none" : String.join(", ", keys.stream().map(Key::idText).toList());
    }

    public Optional<Key> byId(byte[] id) {
        return keys.stream().filter(k -> Arrays.equals(k.id(), id)).findFirst();
    }

    /**
     * One PPK and its PPK_ID (sent as PPK_ID_FIXED: the configured octets, as strongSwan's {@code ppk_id}
     * and Libreswan's {@code PPKS} id).
     */
    public record Key(byte[] id, byte[] secret) {
        public Key {
            id = id.clone();
            secret = secret.clone();
            // How strong a PPK must be is the tenant model's rule; the engine only refuses what cannot work.
            if (id.length == 0 || secret.length == 0) throw new IllegalArgumentException("PPK without id or secret");
        }

        public static Key of(String id, byte[] secret) {
            return new Key(id.getBytes(StandardCharsets.UTF_8), secret);
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        /** The id for logs (ids are names, not secrets). */
        public String idText() {
            return new String(id, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(id, k.id) && Arrays.equals(secret, k.secret);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id);
        }

        @Override
        public String toString() {
            return "Ppk[" + idText() + "]"; // never the secret
        }
    }
}
