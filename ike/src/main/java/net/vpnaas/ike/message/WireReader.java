package net.vpnaas.ike.message;

/**
 * Bounds-checked big-endian reads over a range of one array; every overrun becomes an
 * {@link IkeDecodeException} carrying the offset (relative to {@code origin}) of the field.
 */
final class WireReader {

    private final byte[] array;
    private final int origin;
    private final int end;
    private int position;

    WireReader(byte[] array, int origin, int position, int end) {
        this.array = array;
        this.origin = origin;
        this.position = position;
        this.end = end;
    }

    static WireReader over(Bytes bytes) {
        int start = bytes.backingOffset();
        return new WireReader(bytes.backingArray(), start, start, start + bytes.length());
    }

    /** Offset of the next byte, relative to the origin of the decoded unit. */
    int offset() {
        return position - origin;
    }

    int remaining() {
        return end - position;
    }

    private void need(int count, String field) throws IkeDecodeException {
        if (count > end - position) {
            throw new IkeDecodeException(DecodeError.INVALID_PAYLOAD_LENGTH, offset(),
                    field + " needs " + count + " bytes, " + (end - position) + " left in the structure");
        }
    }

    int u8(String field) throws IkeDecodeException {
        need(1, field);
        return array[position++] & 0xff;
    }

    int u16(String field) throws IkeDecodeException {
        need(2, field);
        int v = ((array[position] & 0xff) << 8) | (array[position + 1] & 0xff);
        position += 2;
        return v;
    }

    long u32(String field) throws IkeDecodeException {
        need(4, field);
        long v = ((long) (array[position] & 0xff) << 24) | ((array[position + 1] & 0xff) << 16)
                | ((array[position + 2] & 0xff) << 8) | (array[position + 3] & 0xff);
        position += 4;
        return v;
    }

    long u64(String field) throws IkeDecodeException {
        return (u32(field) << 32) | u32(field);
    }

    void skip(int count, String field) throws IkeDecodeException {
        need(count, field);
        position += count;
    }

    Bytes bytes(int count, String field) throws IkeDecodeException {
        need(count, field);
        Bytes b = Bytes.wrap(array, position, count);
        position += count;
        return b;
    }

    Bytes rest() {
        Bytes b = Bytes.wrap(array, position, end - position);
        position = end;
        return b;
    }

    /** A reader over the next {@code count} bytes (same origin); this reader moves past them. */
    WireReader sub(int count, String structure) throws IkeDecodeException {
        need(count, structure);
        WireReader r = new WireReader(array, origin, position, position + count);
        position += count;
        return r;
    }

    /** The fixed-size structure must be fully consumed: leftover bytes mean its length field lied. */
    void expectEnd(String structure) throws IkeDecodeException {
        if (position != end) {
            throw new IkeDecodeException(DecodeError.LENGTH_MISMATCH, offset(),
                    structure + " has " + (end - position) + " unexpected trailing bytes");
        }
    }

    IkeDecodeException syntax(int atOffset, String detail) {
        return new IkeDecodeException(DecodeError.INVALID_SYNTAX, atOffset, detail);
    }
}
