package net.vpnaas.ike.sasink;

/**
 * One direction of a Child SA.
 *
 * @param spi           the SPI carried in this direction's ESP packets (unsigned 32 bits)
 * @param encryptionKey for AEAD (RFC 4106, RFC 7634) the key followed by the 4-byte salt, exactly
 *                      as taken from KEYMAT (RFC 7296 2.17)
 * @param integrityKey  empty for AEAD transforms
 */
public record EspKeys(long spi, byte[] encryptionKey, byte[] integrityKey) {
    public EspKeys {
        if (spi < 0 || spi > 0xFFFF_FFFFL) throw new IllegalArgumentException("SPI out of range");
        encryptionKey = encryptionKey.clone();
        integrityKey = integrityKey.clone();
    }

    @Override
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    @Override
    public byte[] integrityKey() {
        return integrityKey.clone();
    }

    @Override
    public String toString() {
        return "EspKeys[spi=%08x]".formatted(spi); // never print keys
    }
}
