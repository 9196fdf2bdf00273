package net.vpnaas.ike.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Libreswan 4.10's {@code pluto} in a namespace, unpacked from Debian's package under {@link #ROOT}
 * (see ../shared/peers/README.md): a private mount namespace puts its {@code libexec} over
 * {@code /usr/libexec}, where pluto looks for {@code addconn}; every directory is its own, given on the
 * command line; the connections of {@code ipsec.conf} with {@code auto=add} are loaded at start. On
 * these kernels (no kernel ESP) it completes IKE but cannot install a Child SA: IKE-level checks only.
 * Stopped by its PID.
 */
final class LibreswanPeer implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("libreswan.root", "/opt/libreswan-4.10"));
    static final Path PLUTO = ROOT.resolve("usr/libexec/ipsec/pluto");

    /** For {@link Prereqs#requireRootWith}: pluto, its library dependencies and certutil for its NSS database. */
    static final String[] NEEDS = {
            PLUTO + " (apt-get download libreswan && dpkg-deb -x libreswan_*.deb " + ROOT
                    + " && apt-get install libldns3 libevent-pthreads-2.1-7)",
            "certutil (apt-get install libnss3-tools)"};

    private final Path dir;
    private final Process process;

    private LibreswanPeer(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Starts pluto in {@code ns} with {@code conns} (ipsec.conf "conn" sections) and {@code secrets} (ipsec.secrets). */
    static LibreswanPeer start(NetNs ns, String conns, String secrets) {
        try {
            Path dir = Files.createTempDirectory("libreswan-");
            Path nss = Files.createDirectory(dir.resolve("nss"));
            Path run = Files.createDirectory(dir.resolve("run"));
            ExecResult db = Exec.run("certutil", "-N", "-d", "sql:" + nss, "--empty-password");
            if (!db.ok()) throw new IllegalStateException("certutil could not create pluto's NSS database: " + db);
            Files.writeString(dir.resolve("ipsec.conf"), "config setup\n    plutodebug=none\n\n" + conns);
            Files.writeString(dir.resolve("ipsec.secrets"), secrets);
            String pluto = String.join(" ", PLUTO.toString(), "--nofork", "--config", dir.resolve("ipsec.conf").toString(),
                    "--secretsfile", dir.resolve("ipsec.secrets").toString(), "--nssdir", nss.toString(), "--rundir", run.toString(),
                    "--dumpdir", run.toString(), "--ipsecdir", dir.toString(), "--logfile", dir.resolve("pluto.log").toString());
            // unshare and sh exec: the process started is pluto itself, so its PID is the one to stop.
            Process p = ns.start(Map.of(), dir.resolve("stdout.log"), List.of("unshare", "-m", "sh", "-c",
                    "mount --bind " + ROOT.resolve("usr/libexec") + " /usr/libexec && exec " + pluto));
            LibreswanPeer peer = new LibreswanPeer(dir, p);
            peer.awaitLog("listening for IKE messages", Duration.ofSeconds(20));
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        try {
            Path log = dir.resolve("pluto.log");
            return (Files.exists(log) ? Files.readString(log) : "") + Files.readString(dir.resolve("stdout.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits until pluto's log contains {@code text}; throws with the log when it does not in time. */
    void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("pluto's log never said \"" + text + "\":\n" + log());
            }
            NetNs.sleep(Duration.ofMillis(50));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
