package net.vpnaas.ike.bench;

/** The two handshakes measured; both negotiate the same algorithms and one Child SA. */
enum BenchCase {
    PSK("PSK, X25519, AES-256-GCM"),
    ECDSA("ECDSA P-256 certs (RFC 7427), X25519, AES-256-GCM");

    static final String IKE_PROPOSAL = "aes256gcm16-prfsha256-x25519";
    static final String ESP_PROPOSAL = "aes256gcm16";
    static final String INITIATOR_TS = "10.1.0.0/24";
    static final String RESPONDER_TS = "10.2.0.0/24";

    final String title;

    BenchCase(String title) {
        this.title = title;
    }
}
