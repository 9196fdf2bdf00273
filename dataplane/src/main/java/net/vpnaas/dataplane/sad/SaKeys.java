package net.vpnaas.dataplane.sad;

/**
 * One direction of a Child SA.
 *
 * @param spi           the SPI carried in this direction's packets (unsigned 32 bits)
 * @param encryptionKey for AEAD the key followed by the 4-byte salt, as taken from KEYMAT
 * @param integrityKey  empty for AEAD
 */
public record SaKeys(long spi, byte[] encryptionKey, byte[] integrityKey) {
    public SaKeys {
        if (spi < 256 || spi > 0xFFFF_FFFFL) throw new IllegalArgumentException("SPI out of range (256..2^32-1): " + spi);
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
    public boolean equals(Object o) {
        return o instanceof SaKeys k && k.spi == spi && java.util.Arrays.equals(k.encryptionKey, encryptionKey)
                && java.util.Arrays.equals(k.integrityKey, integrityKey);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(spi);
    }

    @Override
    public String toString() {
        return "SaKeys[spi=%08x]".formatted(spi); // never print keys
    }
}
