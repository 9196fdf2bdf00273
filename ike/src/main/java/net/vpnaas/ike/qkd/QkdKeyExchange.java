package net.vpnaas.ike.qkd;

import java.nio.ByteBuffer;
import java.util.UUID;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.crypto.KeyExchangeMethod;

/**
 * A QKD key as one side of a key exchange ({@link KeyExchangeMethod#QKD}). Key Exchange Data both
 * ways is the key's ID, the 16 bytes of its UUID (ETSI GS QKD 014 names keys by UUID); the initiator
 * sends the ID of a key it took, the responder fetches that key and echoes the ID, which the initiator
 * checks. The shared secret is the key; the normal derivation mixes in the nonces, and RFC 9370's
 * IntAuth makes IKE_AUTH cover the ID.
 */
public final class QkdKeyExchange implements KeyExchange {
    /** Length of the Key Exchange Data both ways: a UUID. */
    public static final int KEY_ID_LENGTH = 16;

    private final QkdKeySource source;
    /** The initiator's key from the start, the responder's once it fetched it. */
    private QkdKey key;

    private QkdKeyExchange(QkdKeySource source, QkdKey key) {
        this.source = source;
        this.key = key;
    }

    /** The initiator's side, with the key it took from its KME. */
    public static QkdKeyExchange initiator(QkdKey key) {
        return new QkdKeyExchange(null, key);
    }

    /** The responder's side: it fetches from {@code source} the key the initiator names. */
    public static QkdKeyExchange responder(QkdKeySource source) {
        return new QkdKeyExchange(source, null);
    }

    @Override
    public KeyExchangeMethod method() {
        return KeyExchangeMethod.QKD;
    }

    /** The key's ID (for a responder: after {@link #sharedSecret}, the ID the initiator sent). */
    public UUID keyId() {
        if (key == null) throw new IllegalStateException("the responder knows its key only from the initiator's KE");
        return key.id();
    }

    @Override
    public byte[] publicValue() {
        return encode(keyId());
    }

    @Override
    public byte[] sharedSecret(byte[] peerPublicValue) throws InvalidPublicValueException {
        UUID id = decode(peerPublicValue);
        if (source == null) {
            if (!id.equals(key.id())) {
                throw new InvalidPublicValueException("the responder answered QKD key ID " + id + " to our " + key.id());
            }
            return key.key();
        }
        if (key != null) throw new IllegalStateException("the responder fetches its QKD key once");
        try {
            key = source.keyById(id);
        } catch (QkdKeyUnavailableException e) {
            throw new InvalidPublicValueException("QKD key " + id + ": " + e.getMessage());
        }
        if (!key.id().equals(id)) throw new InvalidPublicValueException("the KME answered key " + key.id() + " when asked for " + id);
        return key.key();
    }

    /** The key ID in Key Exchange Data: exactly {@value #KEY_ID_LENGTH} bytes, any value (the KME judges it). */
    public static UUID decode(byte[] keyExchangeData) throws InvalidPublicValueException {
        if (keyExchangeData.length != KEY_ID_LENGTH) {
            throw new InvalidPublicValueException("QKD Key Exchange Data must be a " + KEY_ID_LENGTH + "-byte key ID, got "
                    + keyExchangeData.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(keyExchangeData);
        return new UUID(b.getLong(), b.getLong());
    }

    public static byte[] encode(UUID id) {
        return ByteBuffer.allocate(KEY_ID_LENGTH).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
