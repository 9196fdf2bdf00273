package net.vpnaas.ike.crypto;

/**
 * One side of one key exchange: our private value lives only inside.
 *
 * <p>A KEM (ML-KEM) is not symmetric, and the order of calls tells the side: the initiator asks for
 * its {@link #publicValue} first (its encapsulation key) and later decapsulates the peer's ciphertext
 * in {@link #sharedSecret}; the responder calls {@link #sharedSecret} first with the initiator's
 * encapsulation key, which encapsulates a fresh secret to it, and then sends the ciphertext as its
 * {@link #publicValue}. That is the order IKE uses anyway (a responder answers only what it received).
 */
public interface KeyExchange {

    KeyExchangeMethod method();

    /** Key Exchange Data of our KE payload. */
    byte[] publicValue();

    /** g^ir (for a KEM: the KEM shared secret) from the peer's Key Exchange Data, after validating it. */
    byte[] sharedSecret(byte[] peerPublicValue) throws InvalidPublicValueException;
}
