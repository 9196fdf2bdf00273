package net.vpnaas.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.ike.bench.AuthFloodMain;
import org.junit.jupiter.api.Test;

/**
 * Tunnels come up while attackers that complete IKE_SA_INIT flood the gateway with IKE_AUTH requests
 * that fail (RFC 8019 section 4.2): the flood namespace of a {@link FloodStage} holds
 * {@value #IPV4_SOURCES} IPv4 addresses of its own (in five /24s) and {@value #IPV6_PREFIXES} IPv6 /64s
 * (two addresses each), and from each {@link AuthFloodMain} keeps {@value #IN_FLIGHT} handshakes going
 * as fast as the gateway answers: the identity of a real tunnel, a wrong PSK, cookies returned and
 * puzzles solved as the gateway asks. Each costs the gateway a key exchange, a key derivation and an AUTH
 * check until the source has failed too often and is shut out (then its requests are dropped unchecked,
 * as {@code AUTH_FAILURES}), and the attackers' half-open IKE SAs put the gateway at COOKIES and PUZZLES.
 * Meanwhile our initiator and strongSwan 5.9 set up their tunnels from their own addresses: at least
 * 95 % up within 10 s, while the attackers' IKE_AUTHs keep failing, and the gateway's memory bounded
 * before, during and after.
 */
class AuthFloodInteropTest {

    private static final int IPV4_SOURCES = 250;
    private static final int IPV6_PREFIXES = 6;
    private static final int IN_FLIGHT = 2;
    private static final Pattern ATTACK = Pattern.compile("ATTACK authFailed=(\\d+) ipv6=(\\d+)");

    @Test
    void oursAndStrongSwanGetInWhileAttackersFloodIkeAuth() throws Exception {
        Prereqs.requireNetns();
        Prereqs.requireStrongSwan();
        Path dir = Files.createTempDirectory("auth-flood-");
        try (FloodStage stage = FloodStage.start("af", dir)) {
            List<String> sources = sources();
            stage.addFloodAddresses(sources);
            Path sourcesFile = Files.write(dir.resolve("sources"), sources);
            GatewayState before = stage.awaitState("the gateway's state before the flood", s -> true, Duration.ofSeconds(10));
            try (JavaProcessInNamespace attackers = JavaProcessInNamespace.start(stage.flood(), dir.resolve("attackers.log"), List.of("-Xmx256m"),
                    AuthFloodMain.class.getName(), List.of(FloodStage.GATEWAY, FloodStage.GATEWAY6, sourcesFile.toString(),
                            String.valueOf(IN_FLIGHT), FloodTunnelMain.PROPOSALS, "@t0.initiator.example"), "FLOODING", Duration.ofSeconds(60))) {
                // In full swing: IKE_AUTHs failing, the first sources shut out.
                GatewayState swinging = stage.awaitState("the gateway shutting out failing sources", s -> s.dropped("AUTH_FAILURES") > 0,
                        Duration.ofSeconds(30));
                long failedBefore = authFailed(attackers.log());
                FloodStage.Setups setups = stage.setUpLegitimateTunnels();
                long failedDuring = authFailed(attackers.log()) - failedBefore;
                GatewayState during = stage.lastState();
                System.out.printf("up within %s: ours %d of %d, strongSwan %d of %d; attackers' IKE_AUTHs refused meanwhile: %d; gateway: %s;"
                                + " attackers: %s%n", FloodStage.WITHIN, setups.ours(), FloodStage.OUR_TUNNELS, setups.swan(), FloodStage.SWAN_TUNNELS,
                        failedDuring, during, lastAttackLine(attackers.log()));
                stage.assertMostUp(setups, during + "; " + lastAttackLine(attackers.log()));
                assertThat(failedDuring).as("the attackers' IKE_AUTHs the gateway checked and refused while the tunnels came up").isPositive();
                assertThat(attackCount(attackers.log(), 2)).as("IKE_AUTHs refused to attackers from IPv6 /64s").isPositive();
                assertThat(during.dropped("AUTH_FAILURES")).as("requests of shut-out sources dropped unchecked, by the end of the setups")
                        .isGreaterThan(swinging.dropped("AUTH_FAILURES"));
                stage.assertMemoryBounded(before);
            }
            // After: the shut-out sources' abandoned half-open IKE SAs time out (5 s) and the level falls back.
            GatewayState after = stage.awaitCalm(Duration.ofSeconds(20));
            stage.assertMemoryBounded(before);
            System.out.println(stage.memoryReport(before, after));
        }
    }

    /** 100.80.0.1 .. in five /24s, and 2001:db8:a:<k>::1 and ::2 for six /64s k of one /48. */
    private static List<String> sources() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < IPV4_SOURCES; i++) out.add("100.80." + i / 50 + "." + (i % 50 + 1));
        for (int k = 0; k < IPV6_PREFIXES; k++) {
            out.add("2001:db8:a:" + k + "::1");
            out.add("2001:db8:a:" + k + "::2");
        }
        return out;
    }

    private static String lastAttackLine(String log) {
        return log.lines().filter(l -> l.startsWith("ATTACK")).reduce((a, b) -> b).orElse("");
    }

    private static long authFailed(String log) {
        return attackCount(log, 1);
    }

    /** Group 1: the attackers' IKE_AUTHs refused so far; group 2: those of them from IPv6 sources. */
    private static long attackCount(String log, int group) {
        Matcher m = ATTACK.matcher(lastAttackLine(log));
        return m.find() ? Long.parseLong(m.group(group)) : 0;
    }
}
