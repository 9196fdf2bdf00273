package net.vpnaas.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import net.vpnaas.ike.interop.SwanctlConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's log, as the README promises it: every IKE message it sent or received is one line in
 * agent-logback.xml's format (the IKE engine logs through java.util.logging, routed into logback) -
 * checked message by message against what strongSwan says it generated and parsed - and SIGTERM is
 * logged through to the end: the tunnels deleted, the Deletes sent, "stopped".
 */
class AgentLogTest {

    private static final String OUR_ID = "agent.vpn.example";
    private static final String SWAN_ID = "swan.vpn.example";
    /** One IKE message, one line: time, level, logger, then MessageLog's line. */
    private static final Pattern OUR_MESSAGE = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  IkeSession - "
            + "(\\S+) (request|response) #(\\d+) (-->|<--) \\S+ \\[[^\\]]*\\] spi \\p{XDigit}{16}_i \\p{XDigit}{16}_r$");
    /** charon: "generating IKE_AUTH request 1 [ IDi AUTH ... ]", "parsed IKE_AUTH response 1 [ ... ]". */
    private static final Pattern SWAN_MESSAGE = Pattern.compile("(generating|parsed) (\\S+) (request|response) (\\d+) \\[");

    @TempDir
    Path dir;

    @BeforeAll
    static void prerequisites() {
        Prereqs.requireStrongSwan();
    }

    @Test
    void eachIkeMessageIsOneLogLineAndSigtermIsLoggedToTheEnd() throws Exception {
        byte[] psk = AgentConfigs.newPsk();
        try (NamespacePair net = NamespacePair.create(IpFamily.V4, IpFamily.V4);
             StrongSwanPeer swan = StrongSwanPeer.start(net.right().ns())) {
            swan.load(SwanctlConf.of(Connection.siteToSite("site", net.right(), net.left(), new Auth.Psk(SWAN_ID),
                    new Auth.Psk(OUR_ID)), new PskSecret(SWAN_ID, OUR_ID, psk)));
            Path config = AgentConfigs.withPsk(dir, net.left(), OUR_ID, net.right(), SWAN_ID, psk, "initiate");
            AgentProcess agent = AgentProcess.start(net.left().ns(), config);
            String log;
            try {
                swan.awaitInstalled("net", Duration.ofSeconds(30));
                // A Child SA rekey too: CREATE_CHILD_SA and an INFORMATIONAL with a Delete.
                new AgentCtl(agent.controlSocket()).ok("rekey", "site");
            } finally {
                agent.close(); // SIGTERM, and waits for the agent to exit
                log = agent.log();
            }
            try {
                awaitNoSa(swan);
                List<String> lines = log.lines().toList();
                assertThat(lines).as("java.util.logging's own format (the engine's lines bypassing logback)")
                        .noneMatch(l -> l.startsWith("INFO: ") || l.matches("^[A-Z][a-z]{2} \\d{2}, \\d{4} .*"));
                List<String> messageLines = lines.stream().filter(l -> l.matches(".* #\\d+ (-->|<--) .*")).toList();
                assertThat(messageLines).as("IKE message lines").isNotEmpty().allMatch(l -> OUR_MESSAGE.matcher(l).matches());

                Set<String> ours = messageLines.stream().map(OUR_MESSAGE::matcher).filter(Matcher::matches)
                        .map(m -> m.group(1) + " " + m.group(2) + " " + m.group(3) + (m.group(4).equals("-->") ? " sent" : " received"))
                        .collect(Collectors.toSet());
                Set<String> mirrored = swan.log().lines().map(SWAN_MESSAGE::matcher).filter(Matcher::find)
                        .map(m -> m.group(2) + " " + m.group(3) + " " + m.group(4) + (m.group(1).equals("parsed") ? " sent" : " received"))
                        .collect(Collectors.toSet());
                assertThat(ours).as("our message lines, against the messages strongSwan generated and parsed").isEqualTo(mirrored)
                        .contains("IKE_SA_INIT request 0 sent", "IKE_AUTH response 1 received", "CREATE_CHILD_SA request 2 sent");

                List<String> shutdown = lines.subList(indexOf(lines, "StandaloneAgent - SIGTERM: stopping"), lines.size());
                assertThat(shutdown).as("after SIGTERM").anyMatch(l -> l.endsWith("GatewayRuntime - deleting tunnel site: IKE Delete for its 1 IKE SA"))
                        .anyMatch(l -> l.matches(".* INFORMATIONAL request #\\d+ --> \\S+ \\[D\\(IKE\\)\\] spi .*"))
                        .anyMatch(l -> l.matches(".* INFORMATIONAL response #\\d+ <-- .*"));
                assertThat(shutdown.getLast()).endsWith("StandaloneAgent - stopped");
            } catch (RuntimeException | AssertionError e) {
                e.addSuppressed(new AssertionError("--- agent log ---\n" + log));
                e.addSuppressed(new AssertionError(swan.logTail()));
                throw e;
            }
        }
    }

    private static int indexOf(List<String> lines, String end) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(end)) return i;
        }
        throw new AssertionError("no line ends with '" + end + "'");
    }

    private static void awaitNoSa(StrongSwanPeer swan) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!swan.listSas().isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("strongSwan still has " + swan.listSas());
            NetNs.sleep(Duration.ofMillis(100));
        }
    }
}
