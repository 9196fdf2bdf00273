package net.vpnaas.ike.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the Jazzer driver on one target class in a child JVM for a bounded time. Jazzer's JUnit
 * integration only fuzzes with JAZZER_FUZZ set and then fuzzes a single test per JVM, writing its
 * corpus into the source tree; the driver in a child JVM instead bounds the time (-max_total_time),
 * keeps corpus and findings under {@code target/fuzz/<name>}, and lets the calling test read libFuzzer's
 * statistics to prove that it really executed inputs and that coverage grew. Public for the fuzzing
 * of decoders outside ike/ (gateway-agent runs dataplane's and its control socket's), so there is one
 * harness.
 *
 * @param root   {@code target/fuzz/<name>}: seeds/, corpus/ (emptied first), findings/, jazzer.log
 * @param output everything the child JVM printed
 */
public record JazzerRun(Path root, String output, int exitCode, long executions, long initialCoverage, long finalCoverage) {

    private static final Pattern INITED = Pattern.compile("#\\d+\\s+INITED cov: (\\d+)");
    private static final Pattern DONE = Pattern.compile("#(\\d+)\\s+DONE\\s+cov: (\\d+)");
    private static final Pattern EXECUTED = Pattern.compile("stat::number_of_executed_units: (\\d+)");

    /** Seconds per target: system property {@code ike.fuzz.seconds} (default 30). */
    public static int seconds() {
        return Integer.getInteger("ike.fuzz.seconds", 30);
    }

    /** The seeds directory of a run, created if needed, for the caller to fill before {@link #run}. */
    public static Path seeds(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "fuzz", name, "seeds").toAbsolutePath());
    }

    /** @param instrumented package globs Jazzer instruments for coverage and hooks, e.g. {@code net.vpnaas.ike.message.**} */
    public static JazzerRun run(String name, Class<?> target, String instrumented, int seconds) throws Exception {
        Path root = Path.of("target", "fuzz", name).toAbsolutePath();
        Path seeds = seeds(name);
        Path corpus = root.resolve("corpus");
        deleteRecursively(corpus);
        Files.createDirectories(corpus);
        Path findings = Files.createDirectories(root.resolve("findings"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+EnableDynamicAgentLoading", "-Xmx512m",
                "-cp", classpath,
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + target.getName(),
                "--instrumentation_includes=" + instrumented,
                "--custom_hook_includes=" + instrumented,
                "-max_total_time=" + seconds,
                "-print_final_stats=1",
                "-rss_limit_mb=1024",
                "--reproducer_path=" + findings, // not the working directory, which is the module's source tree
                "-artifact_prefix=" + findings + "/",
                corpus.toString(), seeds.toString());
        Path log = root.resolve("jazzer.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(seconds + 120L, TimeUnit.SECONDS);
        if (!finished) process.destroyForcibly();
        String output = Files.readString(log);
        String tail = tail(output);
        assertThat(finished).as("Jazzer finished in time; log tail:%n%s", tail).isTrue();
        assertThat(process.exitValue()).as("Jazzer exit code (a finding is in %s); log tail:%n%s", findings, tail).isZero();
        JazzerRun run = new JazzerRun(root, output, process.exitValue(), firstGroup(EXECUTED, output, 1),
                firstGroup(INITED, output, 1), firstGroup(DONE, output, 2));
        System.out.printf("%s fuzzing: %d s, %d executions, coverage %d -> %d edges, corpus %d files%n",
                name, seconds, run.executions(), run.initialCoverage(), run.finalCoverage(), countFiles(corpus));
        return run;
    }

    public String tail() {
        return tail(output);
    }

    private static String tail(String output) {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }

    private static long firstGroup(Pattern pattern, String output, int group) {
        Matcher m = pattern.matcher(output);
        assertThat(m.find()).as("libFuzzer printed %s; log tail:%n%s", pattern, tail(output)).isTrue();
        return Long.parseLong(m.group(group));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static long countFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }
}
