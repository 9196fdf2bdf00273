package net.vpnaas.agent.cluster;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Jazzer target over what a member does with the bytes of a sync connection: read frames from the stream
 * until it ends. Anything but {@link SyncDecodeException} or the stream's end is a finding; so is a frame
 * that decodes but does not encode back to exactly its bytes (one encoding per message).
 */
public final class SyncMessageFuzzTarget {

    private SyncMessageFuzzTarget() {}

    public static void fuzzerTestOneInput(byte[] data) {
        ByteArrayInputStream in = new ByteArrayInputStream(data);
        try {
            while (true) {
                int before = in.available();
                SyncMessage m = SyncCodec.read(in);
                byte[] frame = Arrays.copyOfRange(data, data.length - before, data.length - in.available());
                if (!Arrays.equals(SyncCodec.encode(m), frame)) throw new IllegalStateException("re-encoding changed " + m);
            }
        } catch (EOFException | SyncDecodeException expected) {
            // the connection is closed
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail to read", e);
        }
    }
}
