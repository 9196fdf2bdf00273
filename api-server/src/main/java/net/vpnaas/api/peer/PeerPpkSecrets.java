package net.vpnaas.api.peer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.vpnaas.model.PeerPpk;

/**
 * The plaintext of a peer's {@code ppk_ciphertext}: its PPKs, id and secret each, in order, as
 * length-prefixed UTF-8 ({@link DataOutputStream#writeUTF}); one ciphertext for all, so the ids
 * cannot be swapped against the secrets in the database.
 */
final class PeerPpkSecrets {
    private PeerPpkSecrets() {}

    static byte[] encode(List<PeerPpk> ppks) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(ppks.size());
            for (PeerPpk p : ppks) {
                out.writeUTF(p.id());
                out.writeUTF(p.secret());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Id to secret, in order. */
    static Map<String, String> decode(byte[] plaintext) {
        Map<String, String> out = new LinkedHashMap<>();
        try (var in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) out.put(in.readUTF(), in.readUTF());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<PeerPpk> list(Map<String, String> secrets) {
        List<PeerPpk> out = new ArrayList<>();
        secrets.forEach((id, secret) -> out.add(new PeerPpk(id, secret)));
        return out;
    }

    static byte[] associatedData(UUID peerId) {
        return ("peer-ppk:" + peerId).getBytes(StandardCharsets.UTF_8);
    }
}
