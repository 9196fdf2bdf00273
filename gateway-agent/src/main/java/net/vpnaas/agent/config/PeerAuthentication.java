package net.vpnaas.agent.config;

import java.nio.file.Path;

/** How a peer proves who it is, and how we prove it to the peer. */
public sealed interface PeerAuthentication {

    /** Both sides use this pre-shared key (IKEv2 auth method 2). */
    record PreSharedKey(byte[] key) implements PeerAuthentication {
        public PreSharedKey {
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public String toString() {
            return "PreSharedKey[" + key.length + " bytes]"; // never print the key
        }
    }

    /** The peer signs with a certificate issued by this CA; we sign with the gateway's certificate. */
    record Certificate(Path caCertificateFile) implements PeerAuthentication {}
}
