package net.vpnaas.agent.qkd;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import net.vpnaas.ike.qkd.QkdKey;

/**
 * Jazzer target over what a KME's answer does in the client: decoded as a Key container, and as an
 * Error body. A decoded container must hold 1..MAX_KEY_BYTES-byte keys and survive being written as a
 * container again and read back unchanged; the only refusal allowed is
 * {@link KmeJson.MalformedKmeJsonException}. Any other exception is a finding.
 */
public final class KmeJsonFuzzTarget {
    private KmeJsonFuzzTarget() {}

    public static void fuzzerTestOneInput(byte[] data) {
        KmeJson.errorMessage(data);
        List<QkdKey> keys;
        try {
            keys = KmeJson.keys(data);
        } catch (KmeJson.MalformedKmeJsonException refused) {
            return;
        }
        for (QkdKey k : keys) {
            if (k.key().length == 0 || k.key().length > KmeJson.MAX_KEY_BYTES) throw new IllegalStateException("accepted " + k);
        }
        String again = keys.stream().map(k -> "{\"key_ID\":\"" + k.id() + "\",\"key\":\"" + Base64.getEncoder().encodeToString(k.key()) + "\"}")
                .collect(Collectors.joining(",", "{\"keys\":[", "]}"));
        try {
            if (!KmeJson.keys(again.getBytes(StandardCharsets.UTF_8)).equals(keys)) throw new IllegalStateException("re-encoding changed " + keys);
        } catch (KmeJson.MalformedKmeJsonException e) {
            throw new IllegalStateException("our own container of " + keys + " does not read back", e);
        }
    }
}
