package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tunnels come up while the flood namespace of a {@link FloodStage} floods the gateway with IKE_SA_INITs
 * from thousands of spoofed IPv4 sources ({@link SpoofedInitFlood}, {@value #FLOOD_RATE} a second from
 * random addresses in 100.64.0.0/10), from two kinds of initiator at once: ours, which solves puzzles
 * (RFC 8019), and strongSwan 5.9, which does not and can only return the COOKIE.
 *
 * The spoofed requests fill the half-open IKE SAs up to the threshold (50) where the gateway demands a
 * COOKIE with a PUZZLE ({@link FloodTunnelMain#GATEWAY_OPTIONS}); each spoofed request from then on is
 * answered statelessly and never comes back. Our initiator returns the cookie with a solved puzzle;
 * strongSwan returns the cookie alone and is served from the legacy share. At least 95 % of all 50
 * tunnels must be up within 10 s of starting them, both kinds among them, and the gateway's memory
 * must stay bounded: measured before, during and after the flood.
 */
class SpoofedFloodInteropTest {

    /**
     * Spoofed IKE_SA_INITs per second. Fixed rather than "as fast as Python can": on the 2 shared cores
     * of CI an unpaced flooder mostly measures how it and the gateway split the CPU, not the defences.
     */
    private static final int FLOOD_RATE = 5000;

    @Test
    void oursAndStrongSwanGetInWhileSpoofedIkeSaInitsFlood() throws Exception {
        Prereqs.requireNetns();
        Prereqs.requireRootWith("python3 (apt-get install python3)");
        Prereqs.requireStrongSwan();
        Path dir = Files.createTempDirectory("sf-flood-");
        SpoofedInitFlood sender = SpoofedInitFlood.prepare(dir);
        try (FloodStage stage = FloodStage.start("sf", dir)) {
            GatewayState before = stage.awaitState("the gateway's state before the flood", s -> true, Duration.ofSeconds(10));
            Process flooder = stage.flood().start(Map.of(), dir.resolve("flood.log"),
                    sender.command(FloodStage.GATEWAY, Duration.ofSeconds(60), FLOOD_RATE));
            try {
                stage.awaitState("the gateway at the PUZZLE level", s -> s.level().equals("PUZZLES") && s.cookies() > 1000,
                        Duration.ofSeconds(30));
                FloodStage.Setups setups = stage.setUpLegitimateTunnels();
                assertThat(setups.initiatorLog()).as("our initiator solved the gateway's puzzles").contains("solved the responder's puzzle");
                GatewayState during = stage.lastState();
                String flooded = Files.readString(dir.resolve("flood.log")).lines().reduce((a, b) -> b).orElse("");
                System.out.printf("up within %s: ours %d of %d, strongSwan %d of %d; gateway: %s; flood: %s%n", FloodStage.WITHIN,
                        setups.ours(), FloodStage.OUR_TUNNELS, setups.swan(), FloodStage.SWAN_TUNNELS, during, flooded);
                stage.assertMostUp(setups, during + "; " + flooded);
                assertThat(during.level()).as("defence level while flooded").isEqualTo("PUZZLES");
                assertThat(during.puzzles()).as("puzzles sent").isPositive();
                stage.assertMemoryBounded(before);
            } finally {
                flooder.destroy();
            }
            // After: the spoofed half-open IKE SAs time out (5 s) and the level falls back.
            GatewayState after = stage.awaitCalm(Duration.ofSeconds(20));
            stage.assertMemoryBounded(before);
            System.out.println(stage.memoryReport(before, after));
        }
    }
}
