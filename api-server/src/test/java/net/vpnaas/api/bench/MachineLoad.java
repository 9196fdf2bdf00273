package net.vpnaas.api.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Where the CPU of a window went, on a machine shared with other work: this JVM (server and
 * simulated agents), the embedded PostgreSQL (its postmaster and backends, our descendants), and
 * everything else; plus what PostgreSQL's active backends were waiting for, sampled from
 * pg_stat_activity. Linux /proc only.
 */
final class MachineLoad {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /** CPU seconds used so far. */
    record Cpu(double jvm, double postgres, double machineBusy, double machineTotal) {
        Cpu minus(Cpu o) {
            return new Cpu(jvm - o.jvm, postgres - o.postgres, machineBusy - o.machineBusy, machineTotal - o.machineTotal);
        }

        String perSecond(double seconds) {
            return String.format("CPU use (cores): this JVM %.2f, PostgreSQL %.2f, other processes %.2f, machine busy %.0f%%",
                    jvm / seconds, postgres / seconds, Math.max(0, machineBusy - jvm - postgres) / seconds,
                    100 * machineBusy / Math.max(machineTotal, 1e-9));
        }
    }

    /** @param postgresPort tells our PostgreSQL from others on the machine (pg_ctl detaches it from this JVM) */
    static Cpu cpu(int postgresPort) {
        double jvm = processSeconds(ProcessHandle.current().pid());
        String port = String.valueOf(postgresPort);
        var postmaster = ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false)
                && List.of(p.info().arguments().orElse(new String[0])).contains(port)).findFirst();
        double pg = postmaster.map(pm -> processSeconds(pm.pid()) + pm.children().mapToDouble(p -> processSeconds(p.pid())).sum()).orElse(0.0);
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            double total = 0, idle = Double.parseDouble(f[4]) + Double.parseDouble(f[5]);
            for (int i = 1; i < f.length; i++) total += Double.parseDouble(f[i]);
            // The first line of /proc/stat sums all cores: core-seconds.
            return new Cpu(jvm, pg, (total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return new Cpu(jvm, pg, 0, 0);
        }
    }

    private static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0; // exited meanwhile
        }
    }

    /** Samples pg_stat_activity every 100 ms on its own connection until closed. */
    static final class WaitSampler implements AutoCloseable {
        private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        private final AtomicInteger samples = new AtomicInteger();
        private final Thread thread;
        private volatile boolean closed;

        WaitSampler(Connection db) {
            thread = Thread.ofPlatform().daemon().name("pg-wait-sampler").start(() -> {
                while (!closed) {
                    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("""
                            select coalesce(wait_event_type || ':' || wait_event, 'CPU') as w, left(regexp_replace(query, '\\s+', ' ', 'g'), 50) as q
                            from pg_stat_activity where state = 'active' and pid <> pg_backend_pid() and backend_type = 'client backend'""")) {
                        samples.incrementAndGet();
                        while (r.next()) seen.computeIfAbsent(r.getString(1) + "  " + r.getString(2), k -> new AtomicInteger()).incrementAndGet();
                        Thread.sleep(100);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }

        /** The most frequent (wait, query) pairs, as average number of active backends. */
        List<String> top(int n) {
            double count = Math.max(1, samples.get());
            return seen.entrySet().stream().sorted((a, b) -> b.getValue().get() - a.getValue().get()).limit(n)
                    .map(e -> String.format("    %5.2f  %s", e.getValue().get() / count, e.getKey())).collect(Collectors.toList());
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            thread.join(2000);
        }
    }
}
