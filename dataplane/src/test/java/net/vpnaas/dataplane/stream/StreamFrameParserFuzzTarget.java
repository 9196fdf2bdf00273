package net.vpnaas.dataplane.stream;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Jazzer target over the TCP stream parser (RFC 9329), which reads whatever anyone sends to our TCP
 * port. The first input byte says whether the prefix is expected (bit 0) and where reads are cut
 * (the rest: every n-th byte starts a new read); the rest is the stream. Any exception is a finding,
 * and so is a frame that could not have come from the bytes: longer than the stream or than a Length
 * field can say, an IKE message shorter than its header, an ESP packet shorter than SPI and sequence.
 */
public final class StreamFrameParserFuzzTarget {

    private StreamFrameParserFuzzTarget() {}

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) return;
        boolean prefix = (data[0] & 1) != 0;
        int cut = ((data[0] & 0xFF) >>> 1) + 1;
        int total = data.length - 1;
        StreamFrameParser parser = new StreamFrameParser(prefix);
        long[] delivered = new long[1];
        StreamFrameParser.Frames check = new StreamFrameParser.Frames() {
            @Override
            public void ike(ByteBuffer message) {
                within(message.remaining(), StreamFrameParser.MIN_IKE, StreamFrameParser.MAX_FRAME - 6);
                delivered[0] += message.remaining();
                message.get(new byte[message.remaining()]);
            }

            @Override
            public void esp(ByteBuffer packet) {
                within(packet.remaining(), StreamFrameParser.MIN_ESP, StreamFrameParser.MAX_FRAME - 2);
                delivered[0] += packet.remaining();
            }

            @Override
            public void runt() {}
        };
        for (int at = 1; at < data.length; at += cut) {
            if (parser.feed(ByteBuffer.wrap(data, at, Math.min(cut, data.length - at)), check) != null) return;
        }
        if (delivered[0] > total) throw new IllegalStateException("delivered " + delivered[0] + " bytes of " + total);
    }

    private static void within(int n, int min, int max) {
        if (n < min || n > max) throw new IllegalStateException("frame of " + n + " bytes");
    }

    /** Starting points: an accepted stream with an IKE message and an ESP packet, read whole and in 3-byte pieces. */
    public static Map<String, byte[]> seeds() {
        byte[] ike = new byte[28];
        ike[0] = 1;
        byte[] esp = {0x11, 0x22, 0x33, 0x44, 0, 0, 0, 1, 9, 9, 9, 9};
        byte[] stream = StreamFrameParserTest.concat(StreamFrameParser.PREFIX,
                StreamFrameParserTest.frame(ike, true), StreamFrameParserTest.frame(esp, false));
        return Map.of("whole", StreamFrameParserTest.concat(new byte[] {(byte) 0xFF}, stream),
                "pieces", StreamFrameParserTest.concat(new byte[] {5}, stream));
    }
}
