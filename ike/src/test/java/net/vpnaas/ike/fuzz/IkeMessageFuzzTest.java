package net.vpnaas.ike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of {@link IkeMessageFuzzTarget} for a bounded time inside the normal test
 * run. Jazzer's JUnit integration only fuzzes with JAZZER_FUZZ set and then fuzzes a single test per
 * JVM, writing its corpus into the source tree; running the Jazzer driver in a child JVM instead
 * bounds the time (-max_total_time), keeps corpus and findings under target/, and lets this test read
 * libFuzzer's statistics to prove that it really executed inputs and that coverage grew.
 *
 * <p>Seconds: system property {@code ike.fuzz.seconds} (default 40).
 */
class IkeMessageFuzzTest {

    private static final Pattern INITED = Pattern.compile("#\\d+\\s+INITED cov: (\\d+)");
    private static final Pattern DONE = Pattern.compile("#(\\d+)\\s+DONE\\s+cov: (\\d+)");
    private static final Pattern EXECUTED = Pattern.compile("stat::number_of_executed_units: (\\d+)");

    @Test
    void decodeRulesAndReassemblySurviveCoverageGuidedFuzzing() throws Exception {
        int seconds = Integer.getInteger("ike.fuzz.seconds", 40);
        Path root = Path.of("target", "fuzz", "ike-message").toAbsolutePath();
        Path seeds = Files.createDirectories(root.resolve("seeds"));
        Path corpus = Files.createDirectories(root.resolve("corpus"));
        Path findings = Files.createDirectories(root.resolve("findings"));
        writeSeeds(seeds);

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+EnableDynamicAgentLoading", "-Xmx512m",
                "-cp", classpath,
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + IkeMessageFuzzTarget.class.getName(),
                "--instrumentation_includes=net.vpnaas.ike.message.**",
                "--custom_hook_includes=net.vpnaas.ike.message.**",
                "-max_total_time=" + seconds,
                "-print_final_stats=1",
                "-rss_limit_mb=1024",
                "-artifact_prefix=" + findings + "/",
                corpus.toString(), seeds.toString());
        Path log = root.resolve("jazzer.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(seconds + 120L, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        String tail = output.length() > 6000 ? output.substring(output.length() - 6000) : output;
        assertThat(finished).as("Jazzer finished in time; log tail:%n%s", tail).isTrue();
        assertThat(process.exitValue()).as("Jazzer exit code (a finding is in %s); log tail:%n%s", findings, tail)
                .isZero();

        long initialCoverage = firstGroup(INITED, output, 1);
        long finalCoverage = firstGroup(DONE, output, 2);
        long executions = firstGroup(EXECUTED, output, 1);
        System.out.printf("ike message fuzzing: %d s, %d executions, coverage %d -> %d edges, corpus %d files%n",
                seconds, executions, initialCoverage, finalCoverage, countFiles(corpus));
        assertThat(executions).as("executions").isGreaterThan(10_000);
        assertThat(initialCoverage).as("instrumentation reached the codec").isGreaterThan(100);
        assertThat(finalCoverage).as("coverage grew beyond the seeds").isGreaterThanOrEqualTo(initialCoverage);
    }

    private static long firstGroup(Pattern pattern, String output, int group) {
        Matcher m = pattern.matcher(output);
        assertThat(m.find()).as("libFuzzer printed %s", pattern).isTrue();
        return Long.parseLong(m.group(group));
    }

    private static long countFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    /** Seeds: the real strongSwan messages the codec tests use. */
    private static void writeSeeds(Path seeds) throws IOException {
        try (InputStream in = IkeMessageFuzzTest.class.getResourceAsStream(
                "/net/vpnaas/ike/message/strongswan-exchange.hex")) {
            List<String> lines = new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.isBlank()).toList());
            for (int i = 0; i < lines.size(); i++) {
                byte[] bytes = HexFormat.of().parseHex(lines.get(i).split(" ")[1]);
                Files.write(seeds.resolve("strongswan-" + i), bytes);
            }
        }
    }
}
