package net.vpnaas.api.remoteaccess;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The plaintext of an endpoint's {@code radius_secrets_ciphertext}: the shared secret of each RADIUS
 * server, in the servers' order, each with the server's address and port so that a secret can never
 * be read as another server's (after a reorder the stored list is matched by address, not position).
 * Length-prefixed UTF-8 ({@link DataOutputStream#writeUTF}).
 */
final class RadiusSecrets {
    /** A server's secret with the server it is for. */
    record Entry(String address, int port, String secret) {
        @Override
        public String toString() {
            return "Entry[" + address + ":" + port + ", secret hidden]";
        }
    }

    private RadiusSecrets() {}

    static byte[] encode(List<Entry> entries) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (Entry e : entries) {
                out.writeUTF(e.address());
                out.writeInt(e.port());
                out.writeUTF(e.secret());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Entry> decode(byte[] plaintext) {
        List<Entry> out = new ArrayList<>();
        try (var in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) out.add(new Entry(in.readUTF(), in.readInt(), in.readUTF()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static byte[] associatedData(UUID endpointId) {
        return ("remote-access-radius:" + endpointId).getBytes(StandardCharsets.UTF_8);
    }
}
