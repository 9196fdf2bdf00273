package net.vpnaas.ike.bench;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import net.vpnaas.ike.config.EspProposalConfig;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.cli.IdentityText;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.config.ProposalParser;

/**
 * What the load generator's initiator offers and how it authenticates: proposals in swanctl syntax,
 * its identity and the responder's, traffic selectors (IPv4 CIDR), PSK or certificate credentials, and
 * the PPK it requires (RFC 8784), or null.
 */
record InitiatorProfile(List<IkeProposalConfig> ike, List<EspProposalConfig> esp, Identity localId, Identity remoteId,
                        String localTs, String remoteTs, Credentials credentials, Ppk ppk) {

    /** A post-quantum preshared key the initiator names in PPK_IDENTITY and requires (no NO_PPK_AUTH). */
    record Ppk(byte[] id, byte[] secret) {}

    /** Initiator credentials. */
    sealed interface Credentials {
        record Psk(byte[] key) implements Credentials {}

        /** Our end-entity certificate and key, and the CA that must have issued the responder's certificate. */
        record Certificate(X509Certificate certificate, PrivateKey key, X509Certificate ca) implements Credentials {
            /** CERTREQ data: SHA-1 of the CA's SubjectPublicKeyInfo (RFC 7296 3.7). */
            byte[] caKeyHash() {
                try {
                    return MessageDigest.getInstance("SHA-1").digest(ca.getPublicKey().getEncoded());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    static InitiatorProfile of(String ike, String esp, String localId, String remoteId, String localTs, String remoteTs,
                               Credentials credentials, Ppk ppk) {
        return new InitiatorProfile(List.of(ProposalParser.ike(ike)), List.of(ProposalParser.esp(esp)),
                IdentityText.parse(localId), IdentityText.parse(remoteId), localTs, remoteTs, credentials, ppk);
    }
}
