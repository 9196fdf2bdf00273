package net.vpnaas.agent.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import net.vpnaas.ike.fuzz.JazzerRun;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the RADIUS decoder and what the client does with a decoded answer
 * ({@link RadiusPacketFuzzTarget}), run like the IKE decoder's (see {@link JazzerRun}; seconds:
 * {@code -Dike.fuzz.seconds}, default 30).
 */
class RadiusPacketFuzzTest {

    @Test
    void radiusDecoderSurvivesCoverageGuidedFuzzing() throws Exception {
        Path seeds = JazzerRun.seeds("radius-packet");
        byte[] auth = new byte[16];
        RadiusPacket challenge = new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 1, auth, List.of(
                new RadiusAttribute(RadiusAttribute.EAP_MESSAGE, HexFormat.of().parseHex("010200061a01")),
                new RadiusAttribute(RadiusAttribute.STATE, new byte[] {1, 2, 3, 4}),
                new RadiusAttribute(RadiusAttribute.MESSAGE_AUTHENTICATOR, new byte[16])));
        byte[] mppe = new byte[2 + 48];
        mppe[0] = (byte) 0x80;
        byte[] vsa = new byte[4 + 2 + mppe.length];
        vsa[2] = 0x01;
        vsa[3] = 0x37;
        vsa[4] = 17;
        vsa[5] = (byte) (2 + mppe.length);
        System.arraycopy(mppe, 0, vsa, 6, mppe.length);
        RadiusPacket accept = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 1, auth, List.of(
                new RadiusAttribute(RadiusAttribute.VENDOR_SPECIFIC, vsa),
                new RadiusAttribute(RadiusAttribute.EAP_MESSAGE, HexFormat.of().parseHex("03020004"))));
        RadiusPacket mschapFailure = new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 2, auth, List.of(new RadiusAttribute(RadiusAttribute.EAP_MESSAGE,
                HexFormat.of().parseHex("0108001f1a0407001a" + HexFormat.of().formatHex("E=691 R=1 V=3 M=failed".getBytes(StandardCharsets.US_ASCII))))));
        Files.write(seeds.resolve("challenge"), challenge.encode());
        Files.write(seeds.resolve("mschapv2-failure"), mschapFailure.encode());
        Files.write(seeds.resolve("accept"), accept.encode());
        JazzerRun run = JazzerRun.run("radius-packet", RadiusPacketFuzzTarget.class, "net.vpnaas.agent.radius.**", JazzerRun.seconds());
        assertThat(run.executions()).as("executions").isGreaterThan(10_000);
        assertThat(run.initialCoverage()).as("instrumentation reached the decoder").isGreaterThan(20);
        assertThat(run.finalCoverage()).as("coverage grew beyond the seeds").isGreaterThan(run.initialCoverage());
    }
}
