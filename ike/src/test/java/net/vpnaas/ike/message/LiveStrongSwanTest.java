package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs src/test/strongswan/capture.sh (two strongSwan instances in network namespaces, prefix
 * "ikc") and decodes everything they exchange right now: cookie and INVALID_KE_PAYLOAD retries,
 * IKE_SA_INIT, IKE_AUTH as SKF fragments both ways (and whatever follows). Every message must pass the
 * outer presence rules and re-encode to the identical bytes. Needs root and strongSwan: without
 * them it fails when CI=true and is skipped otherwise.
 */
class LiveStrongSwanTest {

    private static final List<String> NEEDED = List.of("/usr/lib/ipsec/charon", "/usr/sbin/swanctl",
            "/usr/bin/python3");

    @Test
    void decodesEverythingTwoLiveStrongSwansExchange() throws Exception {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        NEEDED.stream().filter(f -> !Files.isExecutable(Path.of(f))).forEach(missing::add);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(missing).as("prerequisites of the strongSwan capture").isEmpty();
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> "missing " + missing);

        Path out = Files.createTempDirectory("ikc-live");
        try {
            captureAndDecode(out);
        } finally {
            deleteRecursively(out);
        }
    }

    private static void captureAndDecode(Path out) throws Exception {
        Path log = out.resolve("capture.log");
        Process capture = new ProcessBuilder("bash", Path.of("src/test/strongswan/capture.sh").toString(),
                out.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = capture.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            capture.destroy(); // SIGTERM: the script's trap stops both charons and deletes the namespaces
            capture.waitFor(20, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished && capture.exitValue() == 0).as("capture script succeeded:%n%s", output).isTrue();

        List<Captures.Captured> messages = Captures.parse(Files.readString(out.resolve("strongswan-exchange.hex")));
        boolean cookie = false;
        boolean invalidKe = false;
        boolean initResponse = false;
        int fragmentsFromInitiator = 0;
        int fragmentsFromResponder = 0;
        for (Captures.Captured c : messages) {
            IkeMessage m = IkeMessage.decode(c.bytes().clone());
            PayloadRules.checkOuter(m);
            assertThat(m.encode()).isEqualTo(c.bytes());
            IkeHeader h = m.header();
            if (h.exchangeType() == ExchangeType.IKE_SA_INIT && h.response()) {
                cookie |= m.payloads().size() == 1 && m.notify(NotifyType.COOKIE).isPresent();
                invalidKe |= m.payloads().size() == 1 && m.notify(NotifyType.INVALID_KE_PAYLOAD).isPresent();
                initResponse |= m.first(KeyExchangePayload.class).isPresent();
            }
            if (m.encryptedPayload().orElse(null) instanceof EncryptedFragmentPayload skf) {
                assertThat(skf.totalFragments()).isGreaterThan(1);
                if (c.fromInitiator()) {
                    fragmentsFromInitiator++;
                } else {
                    fragmentsFromResponder++;
                }
            }
        }
        assertThat(cookie).as("N(COOKIE) response").isTrue();
        assertThat(invalidKe).as("N(INVALID_KE_PAYLOAD) response").isTrue();
        assertThat(initResponse).as("full IKE_SA_INIT response").isTrue();
        assertThat(fragmentsFromInitiator).as("IKE_AUTH request fragments").isGreaterThanOrEqualTo(2);
        assertThat(fragmentsFromResponder).as("IKE_AUTH response fragments").isGreaterThanOrEqualTo(2);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
