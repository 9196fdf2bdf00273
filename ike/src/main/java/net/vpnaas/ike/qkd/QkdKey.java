package net.vpnaas.ike.qkd;

import java.util.Objects;
import java.util.UUID;

/**
 * One key from a QKD key management entity (ETSI GS QKD 014): its ID, which both KMEs know it by and
 * which travels in IKE, and the key itself, which never does.
 */
public record QkdKey(UUID id, byte[] key) {
    public QkdKey {
        Objects.requireNonNull(id);
        key = key.clone();
        if (key.length == 0) throw new IllegalArgumentException("QKD key " + id + " is empty");
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "QkdKey[" + id + ", " + key.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QkdKey k && k.id.equals(id) && java.util.Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
