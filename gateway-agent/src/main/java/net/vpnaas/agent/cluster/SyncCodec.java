package net.vpnaas.agent.cluster;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import net.vpnaas.ike.message.Bytes;

/**
 * The sync channel's framing, version 1. Every message is one frame, big-endian:
 *
 * <pre>
 *  0  u32 length   octets after this field, 2 .. {@value #MAX_FRAME}
 *  4  u8  version  1
 *  5  u8  type     1 Hello, 2 Heartbeat, 3 SnapshotBegin, 4 SaChanged, 5 SaRemoved, 6 SnapshotEnd, 7 Ack,
 *                  8 EspCounters
 *  6  body:
 *     Hello          u8 id length, id (ASCII, {@link SyncMessage#MEMBER_ID}), u64 epoch, u8 role (0 standby, 1 active)
 *     Heartbeat      u64 epoch, u8 role
 *     SnapshotBegin  u64 epoch, u64 sequence
 *     SaChanged      u64 epoch, u64 sequence, the IKE SA state (the rest of the frame, at least one octet)
 *     SaRemoved      u64 epoch, u64 sequence, u16 length, connection (UTF-8), u64 SPIi, u64 SPIr
 *     SnapshotEnd    u64 epoch, u64 sequence, u32 count
 *     Ack            u64 sequence
 *     EspCounters    u64 epoch, the data path's counter snapshot (the rest of the frame, at least one octet)
 * </pre>
 *
 * Epochs, sequences and counts are below 2^63 (2^31 for counts); SPIs are not zero. The length is
 * checked before anything is allocated, and a frame must be used up exactly: anything else is a
 * {@link SyncDecodeException}, and the connection that sent it is closed.
 */
public final class SyncCodec {
    public static final int VERSION = 1;
    /** An IKE SA's state is at most a few MiB (a fragmented last response of 64 datagrams, 1024 Child SAs). */
    public static final int MAX_FRAME = 8 << 20;
    private static final int MAX_CONNECTION_NAME = 1024;

    private SyncCodec() {}

    public static byte[] encode(SyncMessage m) {
        Writer w = new Writer();
        w.u8(VERSION);
        switch (m) {
            case SyncMessage.Hello h -> {
                byte[] id = h.memberId().getBytes(StandardCharsets.US_ASCII);
                w.u8(1).u8(id.length).raw(id).u64(h.epoch()).u8(h.role().ordinal());
            }
            case SyncMessage.Heartbeat h -> w.u8(2).u64(h.epoch()).u8(h.role().ordinal());
            case SyncMessage.SnapshotBegin s -> w.u8(3).u64(s.epoch()).u64(s.sequence());
            case SyncMessage.SaChanged s -> w.u8(4).u64(s.epoch()).u64(s.sequence()).raw(s.state().toByteArray());
            case SyncMessage.SaRemoved s -> {
                byte[] name = s.connection().getBytes(StandardCharsets.UTF_8);
                w.u8(5).u64(s.epoch()).u64(s.sequence()).u16(name.length).raw(name).u64(s.initiatorSpi()).u64(s.responderSpi());
            }
            case SyncMessage.SnapshotEnd s -> w.u8(6).u64(s.epoch()).u64(s.sequence()).u32(s.count());
            case SyncMessage.Ack a -> w.u8(7).u64(a.sequence());
            case SyncMessage.EspCounters c -> w.u8(8).u64(c.epoch()).raw(c.snapshot().toByteArray());
        }
        byte[] body = w.toByteArray();
        if (body.length > MAX_FRAME) throw new IllegalArgumentException("a frame of " + body.length + " octets");
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    /**
     * Reads one frame from {@code in}; {@link EOFException} when the stream ends between frames or inside one.
     */
    public static SyncMessage read(InputStream in) throws IOException, SyncDecodeException {
        byte[] prefix = in.readNBytes(4);
        if (prefix.length < 4) throw new EOFException(prefix.length == 0 ? "closed" : "closed inside a frame's length");
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(prefix).getInt());
        checkLength(length);
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) throw new EOFException("closed inside a frame");
        return decodeBody(body);
    }

    /** Decodes one whole frame, length field included. */
    public static SyncMessage decode(byte[] frame) throws SyncDecodeException {
        if (frame.length < 4) throw new SyncDecodeException("a frame of " + frame.length + " octets");
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(frame).getInt());
        checkLength(length);
        if (length != frame.length - 4L) throw new SyncDecodeException("length " + length + " in a frame of " + (frame.length - 4) + " octets");
        byte[] body = new byte[frame.length - 4];
        System.arraycopy(frame, 4, body, 0, body.length);
        return decodeBody(body);
    }

    private static void checkLength(long length) throws SyncDecodeException {
        if (length < 2 || length > MAX_FRAME) throw new SyncDecodeException("frame length " + length + ", not 2.." + MAX_FRAME);
    }

    private static SyncMessage decodeBody(byte[] body) throws SyncDecodeException {
        Reader r = new Reader(body);
        int version = r.u8("version");
        if (version != VERSION) throw new SyncDecodeException("version " + version + ", this member speaks " + VERSION);
        int type = r.u8("type");
        SyncMessage m = switch (type) {
            case 1 -> {
                int n = r.u8("member id length");
                String id = new String(r.raw(n, "member id"), StandardCharsets.US_ASCII);
                if (!SyncMessage.MEMBER_ID.matcher(id).matches()) throw new SyncDecodeException("member id is not of [A-Za-z0-9._-]{1,64}");
                yield new SyncMessage.Hello(id, r.u63("epoch"), role(r));
            }
            case 2 -> new SyncMessage.Heartbeat(r.u63("epoch"), role(r));
            case 3 -> new SyncMessage.SnapshotBegin(r.u63("epoch"), r.u63("sequence"));
            case 4 -> {
                long epoch = r.u63("epoch");
                long sequence = r.u63("sequence");
                if (r.remaining() == 0) throw new SyncDecodeException("SaChanged without state");
                yield new SyncMessage.SaChanged(epoch, sequence, Bytes.wrap(r.raw(r.remaining(), "state")));
            }
            case 5 -> {
                long epoch = r.u63("epoch");
                long sequence = r.u63("sequence");
                int n = r.u16("connection length");
                if (n == 0 || n > MAX_CONNECTION_NAME) throw new SyncDecodeException("connection name of " + n + " octets");
                String connection = r.utf8(n, "connection");
                long spiI = r.u64("SPIi");
                long spiR = r.u64("SPIr");
                if (spiI == 0 || spiR == 0) throw new SyncDecodeException("an IKE SA SPI of zero");
                yield new SyncMessage.SaRemoved(epoch, sequence, connection, spiI, spiR);
            }
            case 6 -> {
                long epoch = r.u63("epoch");
                long sequence = r.u63("sequence");
                long count = r.u32("count");
                if (count > Integer.MAX_VALUE) throw new SyncDecodeException("count " + count);
                yield new SyncMessage.SnapshotEnd(epoch, sequence, (int) count);
            }
            case 7 -> new SyncMessage.Ack(r.u63("sequence"));
            case 8 -> {
                long epoch = r.u63("epoch");
                if (r.remaining() == 0) throw new SyncDecodeException("EspCounters without a snapshot");
                yield new SyncMessage.EspCounters(epoch, Bytes.wrap(r.raw(r.remaining(), "snapshot")));
            }
            default -> throw new SyncDecodeException("unknown message type " + type);
        };
        if (r.remaining() != 0) throw new SyncDecodeException(r.remaining() + " octets after the " + m.getClass().getSimpleName());
        return m;
    }

    private static Role role(Reader r) throws SyncDecodeException {
        int v = r.u8("role");
        if (v >= Role.values().length) throw new SyncDecodeException("role " + v);
        return Role.values()[v];
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Writer u8(int v) {
            out.write(v);
            return this;
        }

        Writer u16(int v) {
            return u8(v >>> 8).u8(v);
        }

        Writer u32(long v) {
            return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
        }

        Writer u64(long v) {
            return u32(v >>> 32).u32(v & 0xffff_ffffL);
        }

        Writer raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    private static final class Reader {
        private final ByteBuffer in;

        Reader(byte[] body) {
            in = ByteBuffer.wrap(body);
        }

        int remaining() {
            return in.remaining();
        }

        private void need(int n, String what) throws SyncDecodeException {
            if (in.remaining() < n) throw new SyncDecodeException("truncated at " + what);
        }

        int u8(String what) throws SyncDecodeException {
            need(1, what);
            return in.get() & 0xff;
        }

        int u16(String what) throws SyncDecodeException {
            need(2, what);
            return in.getShort() & 0xffff;
        }

        long u32(String what) throws SyncDecodeException {
            need(4, what);
            return Integer.toUnsignedLong(in.getInt());
        }

        long u64(String what) throws SyncDecodeException {
            need(8, what);
            return in.getLong();
        }

        /** Epochs and sequences: 64 bits with the top one clear. */
        long u63(String what) throws SyncDecodeException {
            long v = u64(what);
            if (v < 0) throw new SyncDecodeException(what + " above 2^63");
            return v;
        }

        byte[] raw(int n, String what) throws SyncDecodeException {
            need(n, what);
            byte[] b = new byte[n];
            in.get(b);
            return b;
        }

        String utf8(int n, String what) throws SyncDecodeException {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw(n, what))).toString();
            } catch (CharacterCodingException e) {
                throw new SyncDecodeException(what + " is not UTF-8");
            }
        }
    }
}
