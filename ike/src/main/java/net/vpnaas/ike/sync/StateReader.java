package net.vpnaas.ike.sync;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Reads what {@link StateWriter} wrote; every shortfall or out-of-bounds length is a {@link StateDecodeException}. */
final class StateReader {
    private final ByteBuffer in;

    StateReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes);
    }

    private void need(int n, String what) throws StateDecodeException {
        if (in.remaining() < n) throw new StateDecodeException("truncated at " + what);
    }

    int u8(String what) throws StateDecodeException {
        need(1, what);
        return in.get() & 0xff;
    }

    int u16(String what) throws StateDecodeException {
        need(2, what);
        return in.getShort() & 0xffff;
    }

    long u32(String what) throws StateDecodeException {
        need(4, what);
        return Integer.toUnsignedLong(in.getInt());
    }

    long u64(String what) throws StateDecodeException {
        need(8, what);
        return in.getLong();
    }

    byte[] bytes16(int max, String what) throws StateDecodeException {
        int n = u16(what);
        if (n > max) throw new StateDecodeException(what + " of " + n + " octets, at most " + max);
        need(n, what);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    String text(int max, String what) throws StateDecodeException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes16(max, what))).toString();
        } catch (CharacterCodingException e) {
            throw new StateDecodeException(what + " is not UTF-8");
        }
    }

    InetAddress address(String what) throws StateDecodeException {
        int n = u8(what);
        if (n != 4 && n != 16) throw new StateDecodeException(what + " of " + n + " octets");
        need(n, what);
        byte[] b = new byte[n];
        in.get(b);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new StateDecodeException(what + ": " + e.getMessage());
        }
    }

    InetSocketAddress endpoint(String what) throws StateDecodeException {
        return new InetSocketAddress(address(what), u16(what + " port"));
    }

    Instant instant(String what) throws StateDecodeException {
        long millis = u64(what);
        if (millis == -1) return null;
        if (millis < 0) throw new StateDecodeException(what + " before 1970");
        return Instant.ofEpochMilli(millis);
    }

    boolean flag(String what) throws StateDecodeException {
        int v = u8(what);
        if (v > 1) throw new StateDecodeException(what + " is neither 0 nor 1");
        return v == 1;
    }

    void end() throws StateDecodeException {
        if (in.hasRemaining()) throw new StateDecodeException(in.remaining() + " octets after the end");
    }
}
