package net.vpnaas.ike.crypto;

import java.util.Optional;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.agreement.DHStandardGroups;

/**
 * IKEv2 key exchange methods (Transform Type 4, and 6-12 for additional key exchanges) we implement,
 * with their IANA numbers. Diffie-Hellman groups send values of one length both ways; a KEM
 * (ML-KEM, draft-ietf-ipsecme-ikev2-mlkem) has the initiator send its encapsulation key and the
 * responder a ciphertext of another length.
 */
public enum KeyExchangeMethod {
    MODP_2048(14, 256),
    MODP_3072(15, 384),
    MODP_4096(16, 512),
    ECP_256(19, 64),
    ECP_384(20, 96),
    ECP_521(21, 132),
    CURVE25519(31, 32),
    CURVE448(32, 56),
    ML_KEM_512(35, 800, 768),
    ML_KEM_768(36, 1184, 1088),
    ML_KEM_1024(37, 1568, 1568),
    /**
     * A key from a QKD key management entity, named by its 16-byte ID (see {@code net.vpnaas.ike.qkd}).
     * 1024 is the first Transform Type 4 ID of the private-use range (RFC 7296 3.3.2): only gateways
     * configured alike understand it. Never in IKE_SA_INIT, only as an additional key exchange or a
     * Child SA's PFS group, so that no key is taken for an unproven peer.
     */
    QKD(1024, 16);

    private final int id;
    private final int publicValueLength;
    /** The responder's Key Exchange Data length; differs from the initiator's only for a KEM. */
    private final int responderValueLength;
    private final boolean kem;

    KeyExchangeMethod(int id, int publicValueLength) {
        this.id = id;
        this.publicValueLength = publicValueLength;
        this.responderValueLength = publicValueLength;
        this.kem = false;
    }

    KeyExchangeMethod(int id, int encapsulationKeyLength, int ciphertextLength) {
        this.id = id;
        this.publicValueLength = encapsulationKeyLength;
        this.responderValueLength = ciphertextLength;
        this.kem = true;
    }

    public int id() {
        return id;
    }

    /**
     * Length of the initiator's Key Exchange Data in a KE payload (for a KEM, the encapsulation key);
     * anything else is invalid (RFC 7296 3.4).
     */
    public int publicValueLength() {
        return publicValueLength;
    }

    /** Length of the responder's Key Exchange Data: the ciphertext for a KEM, else {@link #publicValueLength}. */
    public int responderValueLength() {
        return responderValueLength;
    }

    /** A key encapsulation mechanism: the two sides' values differ in kind and length (see {@link KeyExchange}). */
    public boolean kem() {
        return kem;
    }

    /** Safe from a quantum computer that records the exchange: ML-KEM, and QKD keys (which never travel). */
    public boolean quantumSafe() {
        return kem || this == QKD;
    }

    public static Optional<KeyExchangeMethod> byId(int id) {
        for (KeyExchangeMethod m : values()) if (m.id == id) return Optional.of(m);
        return Optional.empty();
    }

    /**
     * A fresh private value drawn from {@code random}, and its public value (for a KEM: see {@link KeyExchange}).
     * Not for {@link #QKD}, whose keys come from a key management entity (the IKE SA's task context makes those).
     */
    public KeyExchange newKeyExchange(RandomSource random) {
        return switch (this) {
            case MODP_2048 -> new ModpKeyExchange(this, DHStandardGroups.rfc3526_2048, random);
            case MODP_3072 -> new ModpKeyExchange(this, DHStandardGroups.rfc3526_3072, random);
            case MODP_4096 -> new ModpKeyExchange(this, DHStandardGroups.rfc3526_4096, random);
            case ECP_256 -> new EcpKeyExchange(this, ECNamedCurveTable.getByName("P-256"), random);
            case ECP_384 -> new EcpKeyExchange(this, ECNamedCurveTable.getByName("P-384"), random);
            case ECP_521 -> new EcpKeyExchange(this, ECNamedCurveTable.getByName("P-521"), random);
            case CURVE25519, CURVE448 -> new MontgomeryKeyExchange(this, random);
            case ML_KEM_512, ML_KEM_768, ML_KEM_1024 -> new MlKemKeyExchange(this, random);
            case QKD -> throw new IllegalStateException("QKD keys come from the connection's key source, not from randomness");
        };
    }
}
