package net.vpnaas.model;

/** How a peer proves who it is during IKE_AUTH. */
public sealed interface PeerAuth permits PeerAuth.Psk, PeerAuth.Certificate {

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
}
