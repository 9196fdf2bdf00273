package net.vpnaas.ike.sync;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.vpnaas.ike.message.Bytes;

/** Big-endian fields of the state encoding, each length-prefixed where it varies. */
final class StateWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

    StateWriter u8(int v) {
        out.write(v);
        return this;
    }

    StateWriter u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    StateWriter u32(long v) {
        return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
    }

    StateWriter u64(long v) {
        return u32(v >>> 32).u32(v & 0xffff_ffffL);
    }

    StateWriter bytes16(byte[] b) {
        u16(b.length);
        out.writeBytes(b);
        return this;
    }

    StateWriter bytes16(Bytes b) {
        return bytes16(b.toByteArray());
    }

    StateWriter text(String s) {
        return bytes16(s.getBytes(StandardCharsets.UTF_8));
    }

    StateWriter address(InetAddress a) {
        byte[] b = a.getAddress();
        u8(b.length);
        out.writeBytes(b);
        return this;
    }

    StateWriter endpoint(InetSocketAddress a) {
        return address(a.getAddress()).u16(a.getPort());
    }

    /** Milliseconds since the epoch, -1 for none. */
    StateWriter instant(Instant t) {
        return u64(t == null ? -1 : t.toEpochMilli());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
