package net.vpnaas.dataplane.sync;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.vpnaas.dataplane.replay.ReplayWindow;

/**
 * The binary encoding of an {@link EspCounterSnapshot} for a cluster's sync channel. Version 1, big-endian:
 * <pre>
 * "ESPC" version(1) takenAt-millis(8) count(4)
 * count x { inbound-SPI(4) flags(1: bit 0 ESN) next-outbound(8) outbound-rate(8) inbound-rate(8)
 *           window-top(8) window-size(4) ceil(size / 64) x bitmap-word(8) }
 * </pre>
 * The decoder checks everything before anything is used (lengths, bounds, no SPI twice, no bits beyond the
 * window, nothing left over) and refuses malformed bytes whole with a {@link SnapshotDecodeException}.
 */
public final class EspCounterSnapshotCodec {
    public static final int VERSION = 1;
    private static final int MAGIC = 'E' << 24 | 'S' << 16 | 'P' << 8 | 'C';
    /** As many SAs as a gateway may hold; a count beyond it is refused before any allocation. */
    static final int MAX_SAS = 1 << 20;
    /** The largest replay window a Child SA may have (see ChildSaConfig). */
    static final int MAX_WINDOW = 65536;
    private static final int FIXED_PER_SA = 4 + 1 + 8 + 8 + 8 + 8 + 4;

    private EspCounterSnapshotCodec() {}

    public static byte[] encode(EspCounterSnapshot s) {
        int length = 4 + 1 + 8 + 4;
        for (SaCounters c : s.sas()) length += FIXED_PER_SA + 8 * c.window().received().length;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putInt(MAGIC).put((byte) VERSION).putLong(s.takenAt().toEpochMilli()).putInt(s.sas().size());
        for (SaCounters c : s.sas()) {
            b.putInt((int) c.inboundSpi()).put((byte) (c.esn() ? 1 : 0)).putLong(c.nextOutbound())
                    .putLong(c.outboundRate()).putLong(c.inboundRate());
            ReplayWindow.State w = c.window();
            b.putLong(w.highest()).putInt(w.size());
            for (long word : w.received()) b.putLong(word);
        }
        return b.array();
    }

    public static EspCounterSnapshot decode(byte[] bytes) throws SnapshotDecodeException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            if (b.getInt() != MAGIC) throw new SnapshotDecodeException("not an ESP counter snapshot");
            int version = b.get() & 0xff;
            if (version != VERSION) throw new SnapshotDecodeException("version " + version + ", this member reads " + VERSION);
            long millis = b.getLong();
            if (millis < 0) throw new SnapshotDecodeException("taken before 1970");
            int count = b.getInt();
            // Each SA takes at least FIXED_PER_SA octets: a count the bytes cannot hold is refused before allocating.
            if (count < 0 || count > MAX_SAS || (long) count * FIXED_PER_SA > b.remaining()) {
                throw new SnapshotDecodeException("count " + count + " with " + b.remaining() + " octets left");
            }
            List<SaCounters> sas = new ArrayList<>(count);
            Set<Long> spis = new HashSet<>();
            for (int i = 0; i < count; i++) {
                SaCounters c = sa(b, i);
                if (!spis.add(c.inboundSpi())) throw new SnapshotDecodeException("SA " + i + ": SPI %08x twice".formatted(c.inboundSpi()));
                sas.add(c);
            }
            if (b.hasRemaining()) throw new SnapshotDecodeException(b.remaining() + " octets after the end");
            return new EspCounterSnapshot(Instant.ofEpochMilli(millis), sas);
        } catch (BufferUnderflowException e) {
            throw new SnapshotDecodeException("truncated at octet " + b.position());
        }
    }

    private static SaCounters sa(ByteBuffer b, int i) throws SnapshotDecodeException {
        long spi = Integer.toUnsignedLong(b.getInt());
        int flags = b.get() & 0xff;
        if (flags > 1) throw new SnapshotDecodeException("SA " + i + ": unknown flags " + flags);
        long next = b.getLong();
        long outRate = b.getLong();
        long inRate = b.getLong();
        long top = b.getLong();
        int size = b.getInt();
        if (size < 0 || size > MAX_WINDOW) throw new SnapshotDecodeException("SA " + i + ": window of " + size);
        int words = (size + 63) / 64;
        if ((long) words * 8 > b.remaining()) throw new SnapshotDecodeException("SA " + i + ": truncated window");
        long[] bitmap = new long[words];
        for (int w = 0; w < words; w++) bitmap[w] = b.getLong();
        if (size % 64 != 0 && bitmap[words - 1] >>> (size % 64) != 0) {
            throw new SnapshotDecodeException("SA " + i + ": bits beyond a window of " + size);
        }
        try {
            return new SaCounters(spi, flags == 1, next, outRate, inRate, new ReplayWindow.State(top, size, bitmap));
        } catch (IllegalArgumentException e) {
            throw new SnapshotDecodeException("SA " + i + ": " + e.getMessage());
        }
    }
}
