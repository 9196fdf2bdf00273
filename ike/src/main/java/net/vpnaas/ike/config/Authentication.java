package net.vpnaas.ike.config;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import net.vpnaas.ike.auth.RsaPadding;
import net.vpnaas.ike.auth.TrustedCas;

/** How both ends of a connection authenticate in IKE_AUTH. */
public sealed interface Authentication {

    /** Pre-shared key (AUTH method 2). */
    record Psk(byte[] key) implements Authentication {
        public Psk {
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public String toString() {
            return "Psk[hidden]";
        }
    }

    /**
     * Certificates and signatures (RFC 7427 method 14, or the classic methods when the peer sends no
     * SIGNATURE_HASH_ALGORITHMS). The peer's chain must lead to one of {@code trusted} and its end
     * entity must certify the configured remote identity.
     *
     * @param chain our end-entity certificate first, then intermediates (sent as CERT payloads)
     */
    record Certificates(PrivateKey key, List<X509Certificate> chain, TrustedCas trusted, RsaPadding rsaPadding)
            implements Authentication {
        public Certificates {
            chain = List.copyOf(chain);
            if (chain.isEmpty()) throw new IllegalArgumentException("no certificate");
        }

        @Override
        public String toString() {
            return "Certificates[" + chain.getFirst().getSubjectX500Principal() + "]";
        }
    }
}
