package net.vpnaas.dataplane.stream;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Collects what a {@link StreamFrameParser} delivers, as "ike:hex", "esp:hex" and "runt". */
final class RecordingFrames implements StreamFrameParser.Frames {
    final List<String> frames = new ArrayList<>();

    @Override
    public void ike(ByteBuffer message) {
        frames.add("ike:" + hex(message));
    }

    @Override
    public void esp(ByteBuffer packet) {
        frames.add("esp:" + hex(packet));
    }

    @Override
    public void runt() {
        frames.add("runt");
    }

    private static String hex(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
