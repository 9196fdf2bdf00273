package net.vpnaas.agent.config;

import java.security.MessageDigest;

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

        /** By value (a record compares arrays by identity): a reloaded file with the same key leaves its tunnels alone. */
        @Override
        public boolean equals(Object o) {
            return o instanceof PreSharedKey p && MessageDigest.isEqual(key, p.key);
        }

        @Override
        public int hashCode() {
            return key.length; // the key's bytes stay out of hash codes
        }

        @Override
        public String toString() {
            return "PreSharedKey[" + key.length + " bytes]"; // never print the key
        }
    }

    /**
     * The peer signs with a certificate chaining to one of the CAs in {@code caBundlePem} whose
     * subject or subjectAltName is {@code expectedIdentity}; we sign with the gateway's certificate.
     */
    record Certificate(String caBundlePem, String expectedIdentity) implements PeerAuthentication {}
}
