package net.vpnaas.model.crypto;

/**
 * Key exchange methods (IANA Transform Type 4, formerly Diffie-Hellman groups), ML-KEM included
 * (draft-ietf-ipsecme-ikev2-mlkem): in an IKE proposal as its key exchange or, as usual, as an
 * additional one after a classic method ({@code x25519-ke1_mlkem768}, RFC 9370).
 */
public enum KeyExchangeMethod {
    MODP_2048("modp2048", 14),
    MODP_3072("modp3072", 15),
    MODP_4096("modp4096", 16),
    ECP_256("ecp256", 19),
    ECP_384("ecp384", 20),
    ECP_521("ecp521", 21),
    CURVE_25519("x25519", 31),
    CURVE_448("x448", 32),
    ML_KEM_512("mlkem512", 35),
    ML_KEM_768("mlkem768", 36),
    ML_KEM_1024("mlkem1024", 37),
    /**
     * A key from the gateway's QKD key management entity (ETSI GS QKD 014), named in IKE by its ID:
     * our own method, private-use Transform Type 4 ID 1024, understood only by gateways of this
     * product. Only as an additional key exchange ({@code ke1_qkd}) or a policy's pfsGroup, never in
     * IKE_SA_INIT, where a responder would take a key for every (spoofed) request.
     */
    QKD("qkd", 1024);

    private final String token;
    private final int ianaId;

    KeyExchangeMethod(String token, int ianaId) {
        this.token = token;
        this.ianaId = ianaId;
    }

    public String token() { return token; }
    public int ianaId() { return ianaId; }

    /** A key encapsulation mechanism (ML-KEM), post-quantum, rather than a Diffie-Hellman group. */
    public boolean isKem() {
        return this == ML_KEM_512 || this == ML_KEM_768 || this == ML_KEM_1024;
    }

    /** Safe from a quantum computer that records the exchange: ML-KEM, and QKD keys (which never travel). */
    public boolean isQuantumSafe() {
        return isKem() || this == QKD;
    }
}
