package net.vpnaas.model;

/** How a peer proves who it is during IKE_AUTH. */
public sealed interface PeerAuth permits PeerAuth.Psk, PeerAuth.Certificate, PeerAuth.Null {

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
}
