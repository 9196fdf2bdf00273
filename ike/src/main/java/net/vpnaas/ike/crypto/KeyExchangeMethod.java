package net.vpnaas.ike.crypto;

import java.util.Optional;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.agreement.DHStandardGroups;

/** IKEv2 key exchange methods (Transform Type 4) we implement, with their IANA numbers. */
public enum KeyExchangeMethod {
    MODP_2048(14, 256),
    MODP_3072(15, 384),
    MODP_4096(16, 512),
    ECP_256(19, 64),
    ECP_384(20, 96),
    ECP_521(21, 132),
    CURVE25519(31, 32),
    CURVE448(32, 56);

    private final int id;
    private final int publicValueLength;

    KeyExchangeMethod(int id, int publicValueLength) {
        this.id = id;
        this.publicValueLength = publicValueLength;
    }

    public int id() {
        return id;
    }

    /** Length of the Key Exchange Data in a KE payload; anything else is invalid (RFC 7296 3.4). */
    public int publicValueLength() {
        return publicValueLength;
    }

    public static Optional<KeyExchangeMethod> byId(int id) {
        for (KeyExchangeMethod m : values()) if (m.id == id) return Optional.of(m);
        return Optional.empty();
    }

    /** A fresh private value drawn from {@code random}, and its public value. */
    public KeyExchange newKeyExchange(RandomSource random) {
        return switch (this) {
            case MODP_2048 -> new ModpKeyExchange(this, DHStandardGroups.rfc3526_2048, random);
            case MODP_3072 -> new ModpKeyExchange(this, DHStandardGroups.rfc3526_3072, random);
            case MODP_4096 -> new ModpKeyExchange(this, DHStandardGroups.rfc3526_4096, random);
            case ECP_256 -> new EcpKeyExchange(this, ECNamedCurveTable.getByName("P-256"), random);
            case ECP_384 -> new EcpKeyExchange(this, ECNamedCurveTable.getByName("P-384"), random);
            case ECP_521 -> new EcpKeyExchange(this, ECNamedCurveTable.getByName("P-521"), random);
            case CURVE25519, CURVE448 -> new MontgomeryKeyExchange(this, random);
        };
    }
}
