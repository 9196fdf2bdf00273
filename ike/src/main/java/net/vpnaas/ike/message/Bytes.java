package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable view of a range of bytes, compared by content.
 *
 * <p>Decoded payloads hold {@code Bytes} views into the one array the datagram was copied into,
 * so decoding allocates no per-field copies. Nothing ever writes into a wrapped array, which is
 * why a view may be kept for as long as the message is (for example the IKE_SA_INIT nonces and
 * the whole message for the AUTH computation).
 */
public final class Bytes {

    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] array;
    private final int offset;
    private final int length;

    private Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** Wraps without copying: the caller hands the array over and must not modify it afterwards. */
    public static Bytes wrap(byte[] array) {
        return new Bytes(array, 0, array.length);
    }

    /** Wraps a range without copying; the same ownership rule as {@link #wrap(byte[])}. */
    public static Bytes wrap(byte[] array, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, array.length);
        return new Bytes(array, offset, length);
    }

    public static Bytes copyOf(byte[] array) {
        return new Bytes(array.clone(), 0, array.length);
    }

    public static Bytes fromHex(String hex) {
        return wrap(HEX.parseHex(hex.replaceAll("\\s+", "")));
    }

    /** The backing array, for the codec's own zero-copy readers only. */
    byte[] backingArray() {
        return array;
    }

    int backingOffset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public byte get(int index) {
        java.util.Objects.checkIndex(index, length);
        return array[offset + index];
    }

    /** Unsigned byte at {@code index}. */
    public int u8(int index) {
        return get(index) & 0xff;
    }

    /** Unsigned big-endian 16-bit value at {@code index}. */
    public int u16(int index) {
        return (u8(index) << 8) | u8(index + 1);
    }

    public Bytes slice(int from, int sliceLength) {
        java.util.Objects.checkFromIndexSize(from, sliceLength, length);
        return new Bytes(array, offset + from, sliceLength);
    }

    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    public void writeTo(ByteBuffer out) {
        out.put(array, offset, length);
    }

    public void copyTo(byte[] destination, int destinationOffset) {
        System.arraycopy(array, offset, destination, destinationOffset, length);
    }

    /** A read-only buffer over the same bytes (no copy), positioned at 0. */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    public String hex() {
        return HEX.formatHex(array, offset, offset + length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes b
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return length <= 64 ? hex() : hex().substring(0, 128) + "...(" + length + " bytes)";
    }
}
