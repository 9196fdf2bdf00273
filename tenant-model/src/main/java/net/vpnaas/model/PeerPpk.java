package net.vpnaas.model;

/**
 * A post-quantum preshared key (RFC 8784) shared with a peer: its PPK_ID, which IKE sends in the
 * clear, and the secret, which is write-only like a PSK (never shown; {@code secret} null in an
 * update keeps the stored secret of that id). Mixed into the IKE SA's keys, it keeps the tunnel's
 * traffic secret from someone who records it now and has a quantum computer later.
 */
public record PeerPpk(String id, String secret) {
    /** RFC 8784 section 6: a PPK needs at least 256 bits of entropy for 128-bit post-quantum security. */
    public static final int MIN_SECRET_BYTES = 32;
    public static final int MAX_SECRET_BYTES = 256;
    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_PPKS = 4;

    @Override
    public String toString() {
        return "PeerPpk[id=" + id + ", secret=" + (secret == null ? "null" : "(secret)") + "]";
    }
}
