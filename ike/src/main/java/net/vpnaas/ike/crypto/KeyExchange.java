package net.vpnaas.ike.crypto;

/** One side of one key exchange: our private value lives only inside. */
public interface KeyExchange {

    KeyExchangeMethod method();

    /** Key Exchange Data of our KE payload. */
    byte[] publicValue();

    /** g^ir from the peer's Key Exchange Data, after validating it. */
    byte[] sharedSecret(byte[] peerPublicValue) throws InvalidPublicValueException;
}
