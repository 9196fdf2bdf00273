package net.vpnaas.model;

/** How a peer proves who it is during IKE_AUTH. */
public sealed interface PeerAuth permits PeerAuth.Psk, PeerAuth.Certificate, PeerAuth.Null, PeerAuth.Password {

    /** A pre-shared key; {@code psk} is null when the server is to generate one. Never echoed back. */
    record Psk(String psk) implements PeerAuth {
        @Override
        public String toString() {
            return "Psk[psk=" + (psk == null ? "null" : "(secret)") + "]";
        }
    }

    /**
     * A certificate chained to one of the trusted CAs in {@code caBundlePem}, whose subject or
     * subjectAltName must equal {@code expectedIdentity}.
     */
    record Certificate(String caBundlePem, String expectedIdentity) implements PeerAuth {}

    /**
     * NULL authentication (RFC 7619): the peer proves nothing about who it is; it names itself ID_NULL,
     * its identity is not checked and no configured identity selects it. Such a tunnel protects against
     * passive eavesdropping (everything is encrypted with keys from an authenticated-by-nobody key
     * exchange), NOT against an active man in the middle, who can pose as the unauthenticated side.
     *
     * @param gatewayPsk how our gateway proves itself to the peer: a PSK the peer checks (so the peer at
     *                   least knows it talks to this gateway), or null for NULL authentication on both sides
     */
    record Null(String gatewayPsk) implements PeerAuth {
        @Override
        public String toString() {
            return "Null[gatewayPsk=" + (gatewayPsk == null ? "none: both sides unauthenticated" : "(secret)") + "]";
        }
    }

    /**
     * A password both ends hold, proved with PACE (RFC 6631) instead of as a PSK: a short one (a 6-digit
     * code, from {@link PeerSpec#MIN_PASSWORD_BYTES} bytes) is safe from offline guessing, because neither
     * a recorded exchange nor a fake gateway or peer can test more than one guess per attempt, which the
     * peer's failed-authentication limit counts. Never echoed back. The tunnel's crypto policy must use
     * ECP groups (ecp256, ecp384, ecp521) for IKE: PACE runs its mapping on that group.
     */
    record Password(String password) implements PeerAuth {
        @Override
        public String toString() {
            return "Password[(secret)]";
        }
    }
}
