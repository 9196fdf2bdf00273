package net.vpnaas.ike.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.vpnaas.ike.interop.Exec;
import net.vpnaas.ike.interop.ExecResult;
import net.vpnaas.ike.interop.StrongSwanBuild;
import net.vpnaas.ike.interop.SwanctlConf;

/**
 * strongSwan's charon (the case's build: Debian's 5.9 or 6.0.6) as the reference responder, started
 * under {@code taskset -c CORE} in its namespace, with a private run directory (charon's pid file path
 * is compiled in) and its own VICI socket.
 * Settings for load: {@code dos_protection = no} (no COOKIE, no per-address half-open limit), log level
 * 0. Child SAs go to kernel-libipsec (this kernel has no ESP), as in the interop tests; it also routes
 * each Child SA's traffic to its TUN device, work our data-path-less responder does not do. IKE and
 * Child SA rekeying are off on both sides.
 */
final class CharonResponder implements Responder {
    private final ResponderSite site;
    private final StrongSwanBuild build;
    private final Path dir;
    private final Process charon;

    private CharonResponder(ResponderSite site, StrongSwanBuild build, Path dir, Process charon) {
        this.site = site;
        this.build = build;
        this.dir = dir;
        this.charon = charon;
    }

    /** What of the case's strongSwan build is missing (executables), as readable items. */
    static List<String> missing(StrongSwanBuild build) {
        return java.util.stream.Stream.of(build.charon(), build.swanctl()).filter(p -> !Files.isExecutable(p))
                .map(p -> p + (build == StrongSwanBuild.DEBIAN_5_9
                        ? " (apt-get install strongswan-swanctl strongswan-charon libcharon-extra-plugins)"
                        : " (tar --zstd -xf ../shared/peers/strongswan-6.0.6.tar.zst -C /, as .ci/run does)"))
                .toList();
    }

    static CharonResponder start(ResponderSite site, BenchCredentials creds, int core) throws IOException, InterruptedException {
        StrongSwanBuild build = creds.benchCase().reference;
        Path dir = Files.createTempDirectory("ib-swan-");
        for (String sub : List.of("run", "swanctl/x509", "swanctl/x509ca", "swanctl/private")) Files.createDirectories(dir.resolve(sub));
        Files.writeString(dir.resolve("strongswan.conf"), """
                charon {
                  load = %s
                  dos_protection = no
                  ikesa_table_size = 4096
                  plugins {
                    vici {
                      socket = unix://%s
                    }
                  }
                  filelog {
                    bench {
                      path = %s
                      default = %d
                    }
                  }
                  syslog {
                    daemon {
                      default = -1
                    }
                  }
                }
                """.formatted(build.plugins(), dir.resolve("charon.vici"), dir.resolve("charon.log"), Integer.getInteger("bench.charonLog", 0)));
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", site.ns(), "taskset", "-c", Integer.toString(core), "sh", "-c",
                "mount --bind '" + dir.resolve("run") + "' '" + build.runDir() + "' && exec " + build.charon())
                .redirectErrorStream(true).redirectOutput(dir.resolve("charon.stdout").toFile());
        pb.environment().put("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString());
        CharonResponder r = new CharonResponder(site, build, dir, pb.start());
        try {
            r.awaitVici();
            r.load(creds);
            return r;
        } catch (RuntimeException | IOException | InterruptedException e) {
            r.close();
            throw e;
        }
    }

    private void awaitVici() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!charon.isAlive()) throw new IllegalStateException("charon exited: " + read("charon.stdout") + read("charon.log"));
            if (Files.exists(dir.resolve("charon.vici")) && swanctl("--stats").ok()) return;
            Thread.sleep(50);
        }
        throw new IllegalStateException("charon did not open its VICI socket: " + read("charon.log"));
    }

    private void load(BenchCredentials creds) throws IOException {
        SwanctlConf.Auth local;
        SwanctlConf.Auth remote;
        List<SwanctlConf.PskSecret> secrets = List.of();
        if (creds.benchCase().auth == BenchCase.Auth.PSK) {
            local = new SwanctlConf.Auth.Psk(BenchCredentials.RESPONDER_ID);
            remote = new SwanctlConf.Auth.Psk(BenchCredentials.INITIATOR_ID);
            secrets = List.of(new SwanctlConf.PskSecret(local.id(), remote.id(), creds.psk().getBytes(StandardCharsets.US_ASCII)));
        } else {
            Path swanctl = dir.resolve("swanctl");
            Files.writeString(swanctl.resolve("x509ca/ca.pem"), creds.pki().ca().certificatePem());
            Files.writeString(swanctl.resolve("x509/responder.pem"), creds.responder().certificatePem());
            Files.writeString(swanctl.resolve("private/responder.pem"), creds.responder().privateKeyPem());
            local = new SwanctlConf.Auth.PubKey(BenchCredentials.RESPONDER_ID, "pubkey", "responder.pem");
            remote = new SwanctlConf.Auth.PubKey(BenchCredentials.INITIATOR_ID, "pubkey", null);
        }
        SwanctlConf.Child child = new SwanctlConf.Child("net", List.of(BenchCase.RESPONDER_TS), List.of(BenchCase.INITIATOR_TS),
                BenchCase.ESP_PROPOSAL, "none", Duration.ZERO);
        SwanctlConf.Connection connection = new SwanctlConf.Connection("bench", site.responderAddress(), site.generatorAddress(),
                creds.benchCase().ikeProposal, local, remote, List.of(child), Duration.ZERO);
        SwanctlConf conf = creds.ppk() == null ? new SwanctlConf(List.of(connection), secrets)
                : new SwanctlConf(List.of(connection.withPpk(BenchCredentials.PPK_ID, true)), secrets)
                        .withPpks(new SwanctlConf.PpkSecret(BenchCredentials.PPK_ID, creds.ppk()));
        Path file = dir.resolve("swanctl/swanctl.conf");
        Files.writeString(file, conf.render());
        ExecResult r = swanctl("--load-all", "--file", file.toString());
        if (!r.ok() || (r.stdout() + r.stderr()).lines().anyMatch(l -> l.contains("failed") && !l.contains("opening directory"))) {
            throw new IllegalStateException("swanctl --load-all failed:\n" + r.stdout() + r.stderr());
        }
    }

    private ExecResult swanctl(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(build.swanctl().toString()));
        cmd.addAll(List.of(args));
        cmd.add("--uri");
        cmd.add("unix://" + dir.resolve("charon.vici"));
        return Exec.run(Map.of("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString()), Duration.ofSeconds(30), cmd);
    }

    @Override
    public String label() {
        return build == StrongSwanBuild.DEBIAN_5_9 ? "strongSwan" : "strongSwan6";
    }

    @Override
    public long pid() {
        return charon.pid();
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(site.responderAddress(), 500);
    }

    /** {@code swanctl --list-sas} must show our IKE SA (by its SPIs) ESTABLISHED with its Child SA INSTALLED. */
    @Override
    public String confirmEstablished(Handshake h) {
        String out = swanctl("--list-sas").orThrow().stdout();
        String spis = String.format("%016x_i %016x_r*", h.spi(), h.responderSpi());
        String child = String.format("in  %08x", h.responderChildSpi());
        if (!out.contains(spis) || !out.contains("ESTABLISHED") || !out.contains("INSTALLED") || !out.contains(child)) {
            throw new IllegalStateException("swanctl --list-sas does not show IKE SA " + spis + " with Child SA " + child + ":\n" + out);
        }
        return out.lines().filter(l -> l.contains(spis) || l.contains(child) || l.contains("INSTALLED")).map(String::strip).reduce((a, b) -> a + " / " + b).orElse("");
    }

    /** {@code swanctl --stats}: IKE SAs left (should be 0 or the few in flight, not the thousands handled). */
    @Override
    public String summary() {
        return swanctl("--stats").stdout().lines().filter(l -> l.contains("IKE_SAs")).map(String::strip).findFirst().orElse("?");
    }

    private String read(String file) {
        try {
            Path p = dir.resolve(file);
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            charon.destroy();
            if (!charon.waitFor(5, TimeUnit.SECONDS)) charon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            charon.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
