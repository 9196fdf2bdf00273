package net.vpnaas.ike.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.vpnaas.ike.engine.SpoofedInits;

/**
 * A flood of IKE_SA_INIT requests from random spoofed IPv4 sources (spoofed_ike_sa_init.py, a raw-socket
 * sender): the files it needs in a directory, and the command that sends at a given rate. Used by the
 * flood test and the flood benchmark; whoever starts the command stops it.
 */
public record SpoofedInitFlood(Path script, Path template) {

    /** Writes the sender and its IKE_SA_INIT template (x25519, the proposals of {@link FloodTunnelMain}) into {@code dir}. */
    public static SpoofedInitFlood prepare(Path dir) {
        byte[] ke = new byte[32];
        new Random(3).nextBytes(ke);
        try (InputStream script = SpoofedInitFlood.class.getResourceAsStream("spoofed_ike_sa_init.py")) {
            Path s = dir.resolve("spoofed_ike_sa_init.py");
            Files.write(s, script.readAllBytes());
            Path t = Files.write(dir.resolve("ike_sa_init"), SpoofedInits.request(1, Optional.empty(), Optional.empty(), ke));
            return new SpoofedInitFlood(s, t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** python3 sending to {@code target} (IPv4, port 500) for {@code duration} at {@code perSecond}. */
    public List<String> command(String target, Duration duration, int perSecond) {
        return List.of("python3", script.toString(), template.toString(), target, Long.toString(duration.toSeconds()),
                Integer.toString(perSecond));
    }
}
