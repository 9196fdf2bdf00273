package net.vpnaas.ike.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The post-quantum preshared keys (PPKs) of a connection. With a peer that supports RFC 9867 (both
 * send USE_PPK_INT) they are mixed in during IKE_INTERMEDIATE, so IKE_AUTH and the identities are
 * protected too: the initiator offers all of them, the responder takes the first it holds with the same
 * secret. Otherwise RFC 8784 mixes one in IKE_AUTH: an initiator uses the first; a responder takes the
 * one whose id the initiator names in PPK_IDENTITY. Either way one peer may be moved from one PPK to the
 * next without a flag day. {@code required}: without a PPK both sides agree on, the IKE SA fails
 * (AUTHENTICATION_FAILED); otherwise it goes on without PPK (RFC 8784: NO_PPK_AUTH).
 *
 * @param intermediate whether RFC 9867 is offered and accepted; off, only RFC 8784 (for a peer that
 *                     announces RFC 9867 but gets it wrong)
 */
public record PostQuantumPreSharedKeys(List<Key> keys, boolean required, boolean intermediate) {
    /** A connection without PPKs. */
    public static final PostQuantumPreSharedKeys NONE = new PostQuantumPreSharedKeys(List.of(), false);

    /** RFC 9867 when the peer supports it, else RFC 8784. */
    public PostQuantumPreSharedKeys(List<Key> keys, boolean required) {
        this(keys, required, true);
    }

    /** The same keys with RFC 8784 alone, as a peer without RFC 9867 has them. */
    public PostQuantumPreSharedKeys onlyInIkeAuth() {
        return new PostQuantumPreSharedKeys(keys, required, false);
    }

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
