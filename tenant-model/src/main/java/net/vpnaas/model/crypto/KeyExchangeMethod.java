package net.vpnaas.model.crypto;

/** Key exchange methods (IANA Transform Type 4, formerly Diffie-Hellman groups). */
public enum KeyExchangeMethod {
    MODP_2048("modp2048", 14),
    MODP_3072("modp3072", 15),
    MODP_4096("modp4096", 16),
    ECP_256("ecp256", 19),
    ECP_384("ecp384", 20),
    ECP_521("ecp521", 21),
    CURVE_25519("x25519", 31),
    CURVE_448("x448", 32);

    private final String token;
    private final int ianaId;

    KeyExchangeMethod(String token, int ianaId) {
        this.token = token;
        this.ianaId = ianaId;
    }

    public String token() { return token; }
    public int ianaId() { return ianaId; }
}
