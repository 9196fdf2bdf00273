package net.vpnaas.ike.config;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import net.vpnaas.ike.auth.RsaPadding;
import net.vpnaas.ike.auth.TrustedCas;
import net.vpnaas.ike.eap.EapAuthenticator;

/**
 * How both ends of a connection authenticate in IKE_AUTH: one record per method, so a new method is a
 * new record that the engine's switch over this type must handle.
 */
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

    /**
     * The peer (a remote-access client, responder side only) authenticates with EAP (RFC 7296 2.16)
     * through {@code backend}; we authenticate with {@code certificate}, or, when the peer asks for
     * EAP-only (RFC 5998), {@code eapOnly} allows it and the method is one that authenticates us too
     * ({@link net.vpnaas.ike.eap.EapMethods}), with the EAP method alone. The connection's remote
     * identity is not checked: every client names its own, and EAP authenticates the user behind it.
     *
     * @param certificate our chain and key (its trusted CAs are not used); empty only with {@code eapOnly}
     */
    record Eap(Optional<Certificates> certificate, EapAuthenticator backend, boolean eapOnly) implements Authentication {
        public Eap {
            Objects.requireNonNull(backend);
            if (certificate.isEmpty() && !eapOnly) throw new IllegalArgumentException("EAP without a certificate needs EAP-only");
        }

        @Override
        public String toString() {
            return "Eap[" + certificate.map(Certificates::toString).orElse("no certificate") + (eapOnly ? ", EAP-only allowed" : "") + "]";
        }
    }

    /**
     * NULL authentication (RFC 7619) on one side or both: a side without a PSK here authenticates with
     * the NULL method (AUTH method 13) and names itself ID_NULL, so it proves nothing about who it is;
     * the tunnel still keeps passive eavesdroppers out, but an active man in the middle can stand in
     * for that side. A side with a PSK authenticates with it as usual (the anonymous client that
     * checks the gateway). A connection takes the NULL method from the peer only through this record
     * with {@code peer} empty: {@link Psk} and {@link Certificates} refuse it.
     *
     * @param local how we authenticate: empty for NULL, or the PSK we prove
     * @param peer how the peer must authenticate: empty for NULL (any identity, none checked), or the PSK it must prove
     */
    record Null(Optional<Psk> local, Optional<Psk> peer) implements Authentication {
        public Null {
            if (local.isPresent() && peer.isPresent()) throw new IllegalArgumentException("NULL authentication needs one side without a PSK");
        }

        /** Both sides unauthenticated (opportunistic encryption). */
        public static Null bothSides() {
            return new Null(Optional.empty(), Optional.empty());
        }

        @Override
        public String toString() {
            return "Null[local " + (local.isPresent() ? "PSK" : "NULL") + ", peer " + (peer.isPresent() ? "PSK" : "NULL") + "]";
        }
    }

    /**
     * A password both ends hold, proved with PACE (RFC 6631, secure password method 1 of RFC 6467) in
     * IKE_AUTH: unlike a {@link Psk}, a short one (a 6-digit code) is safe from offline guessing, because
     * neither a recorded exchange nor one run against us as a fake peer tests more than one guess. Needs
     * an ECP group (19, 20, 21) in every IKE proposal (the mapping runs on it, {@code PaceGenericMapping}).
     *
     * @param password the UTF-8 octets of the password (Pwd)
     */
    record Password(byte[] password) implements Authentication {
        public Password {
            if (password.length == 0) throw new IllegalArgumentException("empty password");
            password = password.clone();
        }

        @Override
        public byte[] password() {
            return password.clone();
        }

        @Override
        public String toString() {
            return "Password[hidden]";
        }
    }
}
