package net.vpnaas.agent.radius;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.vpnaas.ike.interop.ChildSaStatus;
import net.vpnaas.ike.interop.FreeRadius;
import net.vpnaas.ike.interop.IpFamily;
import net.vpnaas.ike.interop.JavaProcessInNamespace;
import net.vpnaas.ike.interop.KeyKind;
import net.vpnaas.ike.interop.NamespacePair;
import net.vpnaas.ike.interop.NetNs;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.Site;
import net.vpnaas.ike.interop.Stats;
import net.vpnaas.ike.interop.StrongSwanBuild;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.TestPki;

/**
 * Remote-access sessions established per second through EAP-MSCHAPv2 with FreeRADIUS 3.2 on the same
 * machine: our standalone agent as the gateway, beside strongSwan 5.9.8 as the gateway (its eap-radius
 * plugin) in the same run, each in a namespace pair of its own with its own FreeRADIUS of the same
 * configuration in the gateway's namespace. The clients are one strongSwan 5.9.8 charon per run with
 * {@code sessions} connections, one user each (the Debian build has no load-tester plugin; our engine
 * has no EAP client), all started at once when loaded ({@code start_action = start}). A session counts
 * when charon logs its IKE SA established (its Child SA, set up in the same exchange, is checked after) (IKE_SA_INIT, IKE_AUTH with the gateway's ECDSA signature,
 * the EAP-MSCHAPv2 rounds through RADIUS, the virtual IP and DNS server from the pool, a Child SA).
 * Per run: sessions/s (all sessions over the time from loading to the last one up), and the CPU time
 * per session of the gateway, of FreeRADIUS and of the clients' charon. Runs alternate between the two
 * gateways after three untimed warm-up runs of each (JIT); medians are printed.
 *
 * <p>Both gateways get the same treatment: strongSwan's DoS protection off, ours with limits above the
 * burst, since all clients come from one address; one RADIUS server; the same proposals and certificate.
 * Run through {@code bin/bench-remote-access [sessions] [runs]}.
 */
public final class RemoteAccessBench {
    private static final String SECRET = "radius-bench-secret";
    private static final String POOL = "10.99.0.0/16";
    private static final int RADIUS_PORT = 1812;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);
    private static final int WARM_UP_RUNS = 3;
    /** Limits far above one run's burst from the clients' single address (cookies, puzzles and per-address caps). */
    private static final String NO_THROTTLING = """
            {"cookieThreshold": 100000, "puzzleThreshold": 200000, "halfOpenLimit": 300000,
             "perAddressLimit": 100000, "perPrefixLimit": 100000}""";

    private RemoteAccessBench() {}

    /** One gateway under test: its network, its FreeRADIUS and the process whose CPU time is its cost. */
    private record Gateway(String name, NamespacePair net, FreeRadius radius, ProcessHandle process) {}

    private record Run(double sessionsPerSecond, double gatewayCpuMs, double radiusCpuMs, double clientCpuMs) {}

    public static void main(String[] args) throws IOException {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> missing = new ArrayList<>(Prereqs.missingForStrongSwan());
        if (!Files.isExecutable(FreeRadius.BINARY)) missing.add(FreeRadius.BINARY + " (apt-get install freeradius)");
        if (!Files.exists(Path.of("/usr/lib/ipsec/plugins/libstrongswan-eap-radius.so"))) missing.add("strongSwan's eap-radius plugin");
        if (!missing.isEmpty()) {
            System.err.println("bench-remote-access: missing " + String.join(", ", missing));
            System.exit(2);
        }
        Path work = Files.createTempDirectory("ra-bench-");
        TestPki pki = TestPki.create(KeyKind.ECDSA_P256);
        TestPki.Issued gwCert = pki.issue(RemoteAccessGateway.IDENTITY, KeyKind.ECDSA_P256);
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 1; i <= sessions; i++) users.put(user(i), password(i));

        try (NamespacePair oursNet = NamespacePair.create(IpFamily.V4, IpFamily.V4, "rab");
             NamespacePair swanNet = NamespacePair.create(IpFamily.V4, IpFamily.V4, "rab");
             FreeRadius oursRadius = radius(oursNet, work.resolve("radius-ours"), users, gwCert, pki);
             FreeRadius swanRadius = radius(swanNet, work.resolve("radius-swan"), users, gwCert, pki);
             // The agent logs every IKE message at INFO, charon runs at log level 0: quiet ours too.
             JavaProcessInNamespace ours = RemoteAccessGateway.start(oursNet.left(), work.resolve("agent"), gwCert, POOL, false,
                     List.of(RADIUS_PORT), SECRET, NO_THROTTLING, List.of("-Dvpnaas.agent.logLevel=WARN"));
             StrongSwanPeer swan = strongSwanGateway(swanNet.left(), gwCert, pki)) {
            List<Gateway> gateways = List.of(
                    new Gateway("strongSwan 5.9.8 gateway (eap-radius)", swanNet, swanRadius, process(swan.pid())),
                    new Gateway("our agent as gateway", oursNet, oursRadius, ours.handle()));
            // Untimed runs first: a fresh JVM is not JIT-compiled yet, and one run is too short for C2 here.
            for (int w = 0; w < WARM_UP_RUNS; w++) {
                for (Gateway g : gateways) {
                    Run warm = run(g, sessions, pki);
                    System.out.printf(Locale.ROOT, "warm-up, %s: %.1f sessions/s%n", g.name(), warm.sessionsPerSecond());
                }
            }
            List<List<Run>> results = List.of(new ArrayList<>(), new ArrayList<>());
            for (int r = 0; r < runs; r++) {
                // Alternating order, so that load from the rest of this shared machine hits both alike.
                for (int k = 0; k < 2; k++) {
                    int index = r % 2 == 0 ? k : 1 - k;
                    Run run = run(gateways.get(index), sessions, pki);
                    results.get(index).add(run);
                    System.out.printf(Locale.ROOT, "run %d, %s: %.1f sessions/s%n", r + 1, gateways.get(index).name(), run.sessionsPerSecond());
                }
            }
            print(sessions, runs, results.get(0), results.get(1));
        }
    }

    private static FreeRadius radius(NamespacePair net, Path dir, Map<String, String> users, TestPki.Issued cert, TestPki pki) {
        return FreeRadius.start(net.left().ns(), dir, RADIUS_PORT, SECRET, users, "mschapv2", false,
                cert.certificatePem(), cert.privateKeyPem(), pki.root().certificatePem());
    }

    /** strongSwan as the gateway: the same certificate, proposals, pool, DNS server and network, EAP to the same kind of FreeRADIUS. */
    private static StrongSwanPeer strongSwanGateway(Site site, TestPki.Issued cert, TestPki pki) {
        StrongSwanPeer swan = StrongSwanPeer.start(StrongSwanBuild.DEBIAN_5_9, site.ns(), 0, """
                load = %s eap-radius
                plugins {
                  eap-radius {
                    servers {
                      bench {
                        address = 127.0.0.1
                        auth_port = %d
                        secret = %s
                      }
                    }
                  }
                }
                """.formatted(StrongSwanBuild.DEBIAN_5_9.plugins(), RADIUS_PORT, SECRET));
        String certFile = pki.installInto(swan, cert);
        // No eap_id: the client's IKE identity is its EAP identity, as our gateway takes it (no EAP-Identity round).
        swan.load("""
                connections {
                  staff {
                    version = 2
                    local_addrs = %s
                    proposals = %s
                    pools = staff
                    send_certreq = no
                    local {
                      auth = pubkey
                      certs = %s
                      id = %s
                    }
                    remote {
                      auth = eap-radius
                    }
                    children {
                      staff {
                        local_ts = %s
                        esp_proposals = %s
                      }
                    }
                  }
                }
                pools {
                  staff {
                    addrs = %s
                    dns = %s
                  }
                }
                """.formatted(site.outerAddress(), RemoteAccessGateway.PROPOSAL, certFile, RemoteAccessGateway.IDENTITY,
                site.innerSubnet(), RemoteAccessGateway.ESP_PROPOSAL, POOL, RemoteAccessGateway.DNS_SERVER));
        return swan;
    }

    /**
     * One run against {@code g}: a fresh client charon whose {@code sessions} connections all start as
     * they are loaded; done when its log shows that many Child SAs established. Stopping the charon
     * afterwards deletes its IKE SAs, so each run starts from an empty gateway.
     */
    private static Run run(Gateway g, int sessions, TestPki pki) {
        Site client = g.net().right();
        try (StrongSwanPeer clients = StrongSwanPeer.start(StrongSwanBuild.DEBIAN_5_9, client.ns(), 0, """
                load = %s eap-mschapv2 md5
                plugins {
                  openssl {
                    load_legacy = yes
                  }
                }
                """.formatted(StrongSwanBuild.DEBIAN_5_9.plugins()))) {
            Files.writeString(clients.swanctlDir().resolve("x509ca/ca.pem"), pki.root().certificatePem());
            String conf = clientsConf(client, g.net().left(), sessions);
            ProcessHandle charon = process(clients.pid());
            long gatewayCpu = cpuNanos(g.process());
            long radiusCpu = cpuNanos(g.radius().handle());
            long clientCpu = cpuNanos(charon);
            long t0 = System.nanoTime();
            clients.load(conf);
            long deadline = t0 + RUN_TIMEOUT.toNanos();
            long up;
            while ((up = established(clients)) < sessions) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(g.name() + ": " + up + " of " + sessions + " sessions up after " + RUN_TIMEOUT
                            + "\n" + clients.logTail());
                }
                NetNs.sleep(Duration.ofMillis(20));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // charon logs the IKE SA's establishment at level 0, its Child SA's only above: that the Child SAs
            // came with them (same IKE_AUTH exchange) is checked once the clock stopped.
            long children = clients.listSas().stream().filter(sa -> sa.established() && !sa.children().isEmpty()
                    && sa.children().stream().allMatch(ChildSaStatus::installed)).count();
            if (children < sessions) {
                throw new IllegalStateException(g.name() + ": " + children + " of " + sessions + " sessions have their Child SA:\n"
                        + clients.swanctl("--list-sas").stdout() + clients.logTail());
            }
            return new Run(sessions / seconds, (cpuNanos(g.process()) - gatewayCpu) / 1e6 / sessions,
                    (cpuNanos(g.radius().handle()) - radiusCpu) / 1e6 / sessions, (cpuNanos(charon) - clientCpu) / 1e6 / sessions);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long established(StrongSwanPeer clients) {
        return clients.log().lines().filter(l -> l.contains("IKE_SA rw") && l.contains("] established between ")).count();
    }

    private static String clientsConf(Site client, Site gateway, int sessions) {
        StringBuilder connections = new StringBuilder("connections {\n");
        StringBuilder secrets = new StringBuilder("secrets {\n");
        for (int i = 1; i <= sessions; i++) {
            connections.append("""
                      rw%1$d {
                        version = 2
                        local_addrs = %2$s
                        remote_addrs = %3$s
                        proposals = %4$s
                        vips = 0.0.0.0
                        local {
                          auth = eap-mschapv2
                          id = %5$s
                        }
                        remote {
                          auth = pubkey
                          id = %6$s
                        }
                        children {
                          rw%1$d {
                            remote_ts = %7$s
                            esp_proposals = %8$s
                            start_action = start
                          }
                        }
                      }
                    """.formatted(i, client.outerAddress(), gateway.outerAddress(), RemoteAccessGateway.PROPOSAL, user(i),
                    RemoteAccessGateway.IDENTITY, gateway.innerSubnet(), RemoteAccessGateway.ESP_PROPOSAL));
            secrets.append("""
                      eap-%d {
                        id = %s
                        secret = "%s"
                      }
                    """.formatted(i, user(i), password(i)));
        }
        return connections.append("}\n").append(secrets).append("}\n").toString();
    }

    private static String user(int i) {
        return "user" + i + "@example.com";
    }

    private static String password(int i) {
        return "password-of-user-" + i;
    }

    private static ProcessHandle process(long pid) {
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static void print(int sessions, int runs, List<Run> swan, List<Run> ours) {
        System.out.printf(Locale.ROOT, "%nRemote-access sessions through EAP-MSCHAPv2 + FreeRADIUS, %d clients at once"
                + " (one strongSwan 5.9.8 charon), medians of %d runs%n", sessions, runs);
        System.out.printf(Locale.ROOT, "%-44s | %-5s | %16s | %16s | %10s%n", "metric", "unit", "strongSwan gw", "our gateway", "ours/swan");
        System.out.println("-".repeat(44) + "-+-" + "-".repeat(5) + ("-+-" + "-".repeat(16)).repeat(2) + "-+-" + "-".repeat(10));
        row("sessions established per second", "1/s", swan, ours, Run::sessionsPerSecond);
        row("gateway CPU per session (lower is better)", "ms", swan, ours, Run::gatewayCpuMs);
        row("FreeRADIUS CPU per session", "ms", swan, ours, Run::radiusCpuMs);
        row("client charon CPU per session", "ms", swan, ours, Run::clientCpuMs);
    }

    private static void row(String metric, String unit, List<Run> swan, List<Run> ours, java.util.function.ToDoubleFunction<Run> f) {
        double s = Stats.median(swan.stream().mapToDouble(f).toArray());
        double o = Stats.median(ours.stream().mapToDouble(f).toArray());
        System.out.printf(Locale.ROOT, "%-44s | %-5s | %16.3g | %16.3g | %10.2f%n", metric, unit, s, o, o / s);
    }
}
