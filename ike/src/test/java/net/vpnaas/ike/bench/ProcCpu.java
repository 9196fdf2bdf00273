package net.vpnaas.ike.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.vpnaas.ike.interop.Exec;

/** CPU time of a process (all its threads) from /proc/PID/stat: utime + stime, in seconds. */
final class ProcCpu {
    private static final double TICKS_PER_SECOND = Double.parseDouble(Exec.run("getconf", "CLK_TCK").orThrow().stdout().strip());

    private ProcCpu() {}

    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name in parentheses (which may contain spaces): field 3 is the state,
            // fields 14 and 15 are utime and stime in clock ticks.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CPU time of pid " + pid, e);
        }
    }
}
