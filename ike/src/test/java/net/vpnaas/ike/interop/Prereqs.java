package net.vpnaas.ike.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards for tests that need root, network namespaces, TUN or strongSwan. Under {@code CI=true} a
 * missing prerequisite FAILS the test (CI must never go green by skipping); elsewhere the test is
 * skipped through a JUnit assumption so a developer without root can still run the rest.
 */
public final class Prereqs {

    private static final Path TUN = Path.of("/dev/net/tun");

    private Prereqs() {}

    /** Root, {@code ip} and network namespaces. */
    public static void requireNetns() {
        check(missingForNetns());
    }

    /** Everything {@link #requireNetns()} checks, plus charon, swanctl, /dev/net/tun and ping. */
    public static void requireStrongSwan() {
        check(missingForStrongSwan());
    }

    /** As {@link #requireStrongSwan()}, for strongSwan 6.0.6 (ML-KEM, RFC 9370) at /opt/strongswan-6.0.6. */
    public static void requireStrongSwan6() {
        List<String> missing = missingForNetnsAndTun();
        missing.addAll(StrongSwanBuild.V6_0_6.missing());
        check(missing);
    }

    /** For benchmarks and tests that push traffic with iperf3. */
    public static void requireIperf3() {
        check(missingForIperf3());
    }

    /**
     * Root and each program on the PATH or absolute path of a file, given as {@code "name (how to get it)"},
     * e.g. {@code "psql (apt-get install postgresql-client)"}.
     */
    public static void requireRootWith(String... needs) {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) missing.add("root privileges");
        missing.addAll(missingPrograms(needs));
        check(missing);
    }

    /** As {@link #requireRootWith}, for tests that do not need root (e.g. a browser and its driver). */
    public static void requirePrograms(String... needs) {
        check(missingPrograms(needs));
    }

    private static List<String> missingPrograms(String... needs) {
        List<String> missing = new ArrayList<>();
        for (String need : needs) {
            String name = need.split(" ", 2)[0];
            if (name.startsWith("/") ? !Files.exists(Path.of(name)) : onPath(name) == null) missing.add(need);
        }
        return missing;
    }

    /** What is missing to run strongSwan in namespaces, as readable items; empty when all is there. */
    public static List<String> missingForStrongSwan() {
        List<String> missing = missingForNetnsAndTun();
        missing.addAll(StrongSwanBuild.DEBIAN_5_9.missing());
        return missing;
    }

    private static List<String> missingForNetnsAndTun() {
        List<String> missing = missingForNetns();
        if (!Files.exists(TUN)) missing.add(TUN.toString());
        if (onPath("ping") == null) missing.add("ping (apt-get install iputils-ping)");
        return missing;
    }

    public static List<String> missingForIperf3() {
        return onPath("iperf3") == null ? new ArrayList<>(List.of("iperf3 (apt-get install iperf3)")) : new ArrayList<>();
    }

    private static List<String> missingForNetns() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) missing.add("root privileges");
        if (onPath("ip") == null) missing.add("ip (apt-get install iproute2)");
        else if (missing.isEmpty() && !Exec.run("ip", "netns", "list").ok()) missing.add("network namespaces (ip netns list failed)");
        return missing;
    }

    static Path onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) return p;
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, binary);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static void check(List<String> missing) {
        check(missing, "true".equalsIgnoreCase(System.getenv("CI")));
    }

    static void check(List<String> missing, boolean ci) {
        if (missing.isEmpty()) return;
        String message = "missing prerequisites: " + String.join(", ", missing);
        if (ci) throw new AssertionError(message + " (CI=true: these tests must run, not skip)");
        Assumptions.abort(message);
    }
}
