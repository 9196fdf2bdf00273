package net.vpnaas.ike.bench;

import net.vpnaas.ike.interop.StrongSwanBuild;

/**
 * The handshakes measured, each with one Child SA: how the initiator authenticates, the IKE proposal
 * (additional key exchanges run in IKE_INTERMEDIATE), whether a PPK (RFC 8784) is mixed in, and which
 * strongSwan is the reference. The first wave's PSK and ECDSA cases compare with Debian's 5.9; the
 * quantum-safe cases with 6.0.6, the first strongSwan with ML-KEM, and its own x25519 case beside them
 * so that the hybrid's cost reads against the same build.
 */
enum BenchCase {
    PSK("PSK, X25519, AES-256-GCM", Auth.PSK, "aes256gcm16-prfsha256-x25519", false, StrongSwanBuild.DEBIAN_5_9),
    ECDSA("ECDSA P-256 certs (RFC 7427), X25519, AES-256-GCM", Auth.ECDSA, "aes256gcm16-prfsha256-x25519", false,
            StrongSwanBuild.DEBIAN_5_9),
    X25519("PSK, X25519 (vs strongSwan 6.0.6)", Auth.PSK, "aes256gcm16-prfsha256-x25519", false, StrongSwanBuild.V6_0_6),
    MLKEM768("PSK, X25519 + ML-KEM-768 (vs 6.0.6)", Auth.PSK, "aes256gcm16-prfsha256-x25519-ke1_mlkem768", false,
            StrongSwanBuild.V6_0_6),
    MLKEM768_PPK("PSK + PPK, X25519 + ML-KEM-768 (vs 6.0.6)", Auth.PSK, "aes256gcm16-prfsha256-x25519-ke1_mlkem768", true,
            StrongSwanBuild.V6_0_6);

    enum Auth { PSK, ECDSA }

    static final String ESP_PROPOSAL = "aes256gcm16";
    static final String INITIATOR_TS = "10.1.0.0/24";
    static final String RESPONDER_TS = "10.2.0.0/24";

    final String title;
    final Auth auth;
    final String ikeProposal;
    /** Whether both sides hold a PPK and require it. */
    final boolean ppk;
    final StrongSwanBuild reference;

    BenchCase(String title, Auth auth, String ikeProposal, boolean ppk, StrongSwanBuild reference) {
        this.title = title;
        this.auth = auth;
        this.ikeProposal = ikeProposal;
        this.ppk = ppk;
        this.reference = reference;
    }
}
