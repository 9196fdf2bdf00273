package net.vpnaas.dataplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The framing of RFC 9329 sections 3 and 4, byte by byte. */
class StreamFrameParserTest {

    private static final HexFormat HEX = HexFormat.of();
    /** An IKE header's worth of bytes (28) starting with a non-zero SPI, as IKE_SA_INIT's would. */
    private static final byte[] IKE = HEX.parseHex("0102030405060708" + "0000000000000000" + "21202208" + "00000000" + "0000001c");
    /** SPI 0x11223344, sequence number 1, then 16 bytes. */
    private static final byte[] ESP = HEX.parseHex("1122334400000001" + "00112233445566778899aabbccddeeff");

    @Test
    void prefixIsIketcpInAscii() {
        assertThat(HEX.formatHex(StreamFrameParser.PREFIX)).isEqualTo("494b45544350");
    }

    @Test
    void headerIsALengthCountingItselfAndForIkeTheNonEspMarker() {
        ByteBuffer ike = ByteBuffer.allocate(8);
        StreamFrameParser.putHeader(ike, 28, true);
        // 2 (Length) + 4 (marker) + 28 = 34 = 0x0022
        assertThat(HEX.formatHex(ike.array(), 0, ike.position())).isEqualTo("002200000000");
        ByteBuffer esp = ByteBuffer.allocate(8);
        StreamFrameParser.putHeader(esp, 24, false);
        assertThat(HEX.formatHex(esp.array(), 0, esp.position())).isEqualTo("001a");
        assertThat(StreamFrameParser.framed(28, true)).isEqualTo(34);
    }

    @Test
    void acceptedStreamYieldsIkeAndEspInOrder() {
        byte[] stream = concat(StreamFrameParser.PREFIX, frame(IKE, true), frame(ESP, false), frame(IKE, true));
        RecordingFrames out = new RecordingFrames();
        assertThat(new StreamFrameParser(true).feed(ByteBuffer.wrap(stream), out)).isNull();
        assertThat(out.frames).containsExactly("ike:" + HEX.formatHex(IKE), "esp:" + HEX.formatHex(ESP), "ike:" + HEX.formatHex(IKE));
    }

    @Test
    void framesSplitAtEveryByteComeOutTheSame() {
        byte[] stream = concat(StreamFrameParser.PREFIX, frame(IKE, true), frame(ESP, false));
        StreamFrameParser parser = new StreamFrameParser(true);
        RecordingFrames out = new RecordingFrames();
        for (byte b : stream) {
            assertThat(parser.feed(ByteBuffer.wrap(new byte[] {b}), out)).isNull();
        }
        assertThat(out.frames).containsExactly("ike:" + HEX.formatHex(IKE), "esp:" + HEX.formatHex(ESP));
        assertThat(parser.midFrame()).isFalse();
    }

    @Test
    void largestFrameAcrossReads() {
        byte[] big = new byte[StreamFrameParser.MAX_FRAME - 2];
        big[0] = 7; // SPI 0x07000000: ESP
        byte[] stream = frame(big, false);
        assertThat(stream.length).isEqualTo(65535);
        StreamFrameParser parser = new StreamFrameParser(false);
        RecordingFrames out = new RecordingFrames();
        assertThat(parser.feed(ByteBuffer.wrap(stream, 0, 40000), out)).isNull();
        assertThat(parser.midFrame()).isTrue();
        assertThat(parser.feed(ByteBuffer.wrap(stream, 40000, stream.length - 40000), out)).isNull();
        assertThat(out.frames).hasSize(1);
        assertThat(out.frames.getFirst()).startsWith("esp:07").hasSize(4 + 2 * big.length);
    }

    @Test
    void originatingSideExpectsNoPrefix() {
        RecordingFrames out = new RecordingFrames();
        assertThat(new StreamFrameParser(false).feed(ByteBuffer.wrap(frame(ESP, false)), out)).isNull();
        assertThat(out.frames).containsExactly("esp:" + HEX.formatHex(ESP));
    }

    @Test
    void wrongPrefixEndsTheStream() {
        RecordingFrames out = new RecordingFrames();
        StreamFrameParser parser = new StreamFrameParser(true);
        assertThat(parser.feed(ByteBuffer.wrap("IKETC".getBytes()), out)).isNull();
        assertThat(parser.prefixDone()).isFalse();
        assertThat(parser.feed(ByteBuffer.wrap("Q".getBytes()), out)).isEqualTo(StreamFrameParser.Violation.BAD_PREFIX);
        // An IKE message straight away, as a UDP-minded sender would send it, is no prefix either
        assertThat(new StreamFrameParser(true).feed(ByteBuffer.wrap(frame(IKE, true)), out)).isEqualTo(StreamFrameParser.Violation.BAD_PREFIX);
        assertThat(out.frames).isEmpty();
    }

    @Test
    void lengthBelowTwoEndsTheStream() {
        for (String length : List.of("0000", "0001")) {
            RecordingFrames out = new RecordingFrames();
            assertThat(new StreamFrameParser(false).feed(ByteBuffer.wrap(HEX.parseHex(length + "ffff")), out))
                    .isEqualTo(StreamFrameParser.Violation.BAD_LENGTH);
            // split after the first length byte too
            StreamFrameParser split = new StreamFrameParser(false);
            assertThat(split.feed(ByteBuffer.wrap(HEX.parseHex(length.substring(0, 2))), out)).isNull();
            assertThat(split.feed(ByteBuffer.wrap(HEX.parseHex(length.substring(2))), out)).isEqualTo(StreamFrameParser.Violation.BAD_LENGTH);
        }
    }

    @Test
    void framesTooShortForEspOrIkeAreSkippedAndTheStreamGoesOn() {
        byte[] keepalive = HEX.parseHex("0003ff");            // a NAT keepalive has no place on TCP
        byte[] empty = HEX.parseHex("0002");                  // nothing at all
        byte[] shortIke = frame(new byte[10], true);          // a marker and less than an IKE header
        byte[] stream = concat(keepalive, empty, shortIke, frame(ESP, false));
        RecordingFrames out = new RecordingFrames();
        assertThat(new StreamFrameParser(false).feed(ByteBuffer.wrap(stream), out)).isNull();
        assertThat(out.frames).containsExactly("runt", "runt", "runt", "esp:" + HEX.formatHex(ESP));
    }

    static byte[] frame(byte[] payload, boolean ike) {
        ByteBuffer b = ByteBuffer.allocate(StreamFrameParser.framed(payload.length, ike));
        StreamFrameParser.putHeader(b, payload.length, ike);
        b.put(payload);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
