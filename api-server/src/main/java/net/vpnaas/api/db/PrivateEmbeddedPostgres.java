package net.vpnaas.api.db;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.vpnaas.api.support.OwnerOnlyFile;
import org.postgresql.util.PasswordUtil;

/**
 * The embedded PostgreSQL on a data directory that outlives the process (the run command's), shut to
 * every local account but the service's own.
 *
 * <p>The library's defaults trust everyone: initdb {@code -A trust}, the socket in /tmp with mode
 * 0777, TCP on localhost. Run as root, it starts PostgreSQL through {@code unshare -U} (PostgreSQL
 * refuses uid 0), so the server runs as an unmapped uid of a user namespace that is still root to the
 * kernel's file checks on owner bits: any local user who connects gets superuser, and
 * {@code COPY ... TO PROGRAM} then reads and writes root's files. Here instead:
 * <ul>
 * <li>the superuser {@code postgres} has a generated password, kept in {@code postgres.password} in the
 *     data directory (mode 0600); {@code pg_hba.conf} demands it (scram-sha-256) on every connection;</li>
 * <li>PostgreSQL listens on 127.0.0.1 only, and its socket lies in a directory of mode 0700;</li>
 * <li>the binaries are unpacked into that directory too: the library's default,
 *     {@code java.io.tmpdir/embedded-pg}, is world-writable, so anyone could plant a {@code postgres}
 *     there for root to run, or a stale-looking data directory that it stops and deletes.</li>
 * </ul>
 * A data directory made by an older version (trust, no password) is brought to this on start: the
 * password is set in single-user mode before the server listens (zonky checks readiness over TCP with
 * the password, so it cannot be set over a connection without a moment of trust), then
 * {@code pg_hba.conf} is replaced. The same runs for a new data directory, after zonky's initdb.
 */
final class PrivateEmbeddedPostgres {
    static final String PASSWORD_FILE = "postgres.password";
    static final String HBA = """
            # Written by vpnaas on start (a hand-edited copy is replaced): every connection needs the
            # password in postgres.password; TCP is on 127.0.0.1 only, the socket in a private directory.
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            """;
    /** zonky reads its working directory from this property when a builder is made; nothing else moves it. */
    private static final String ZONKY_WORKING_DIR = "ot.epg.working-dir";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateEmbeddedPostgres() {}

    /** The directory of the socket and the unpacked binaries: owner-only, under the service account's home. */
    static Path runtimeDirectory() {
        return Path.of(System.getProperty("user.home"), ".cache", "vpnaas", "postgres");
    }

    static EmbeddedPostgres start(Path dataDir, int port) throws IOException {
        Path runtime = privateDirectory(runtimeDirectory());
        // zonky makes its working directory world-writable; inside an owner-only one that opens nothing.
        Path binaries = runtime.resolve("binaries");
        Optional<String> saved = readPassword(dataDir);
        String password = saved.orElseGet(PrivateEmbeddedPostgres::newPassword);
        UnpackedBinaries unpacked = new UnpackedBinaries();
        return builderScanning(binaries)
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setPgBinaryResolver(unpacked)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", runtime.toString())
                // The library turns synchronous_commit off; with data that outlives the process a
                // 201 must mean the change survives a power loss, so commits wait for the WAL flush.
                .setServerConfig("synchronous_commit", "on")
                .setConnectConfig("password", password)
                // Runs after zonky's initdb (of a new directory) and before the server starts.
                .setDataDirectoryCustomizer(dir -> {
                    try {
                        lockDown(dir.toPath(), password, saved.isEmpty(), unpacked.binDirectory(binaries));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .start();
    }

    /**
     * A builder whose stale-data-directory sweep (at start, zonky stops and deletes what looks like an
     * abandoned data directory under its working directory) looks at our private directory, not at
     * the world-writable default. The property is put back at once: other embedded databases of this
     * JVM (tests) keep the library's defaults.
     */
    private static EmbeddedPostgres.Builder builderScanning(Path workingDir) {
        synchronized (PrivateEmbeddedPostgres.class) {
            String previous = System.setProperty(ZONKY_WORKING_DIR, workingDir.toString());
            try {
                return EmbeddedPostgres.builder();
            } finally {
                if (previous == null) System.clearProperty(ZONKY_WORKING_DIR);
                else System.setProperty(ZONKY_WORKING_DIR, previous);
            }
        }
    }

    /** Sets the password and writes pg_hba.conf unless both are already as they should be. */
    private static void lockDown(Path dataDir, String password, boolean newPassword, Path bin) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        if (!newPassword && Files.exists(hba) && Files.readString(hba).equals(HBA)) return;
        if (newPassword) OwnerOnlyFile.write(dataDir.resolve(PASSWORD_FILE), password + "\n");
        setPasswordInSingleUserMode(bin, dataDir, password);
        Files.writeString(hba, HBA);
    }

    /**
     * {@code postgres --single}, run like zonky runs its binaries (as root: in a user namespace). The
     * statement carries the SCRAM verifier, not the password, and goes through stdin, not argv.
     */
    private static void setPasswordInSingleUserMode(Path bin, Path dataDir, String password) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) command.addAll(List.of("unshare", "-U"));
        command.addAll(List.of(bin.resolve("postgres").toString(), "--single", "-D", dataDir.toString(),
                "-F", "-c", "exit_on_error=true", "postgres"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (Writer stdin = process.outputWriter(StandardCharsets.UTF_8)) {
            stdin.write("ALTER ROLE postgres PASSWORD '" + PasswordUtil.encodeScramSha256(password.toCharArray()) + "'\n");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("setting the PostgreSQL password in single-user mode failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the PostgreSQL password", e);
        }
    }

    static Optional<String> readPassword(Path dataDir) throws IOException {
        Path file = dataDir.resolve(PASSWORD_FILE);
        return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    }

    private static String newPassword() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Creates the directory owner-only, or tightens it to that; refuses one that another account owns. */
    private static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        long owner = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
        if (owner != new UnixSystem().getUid()) {
            throw new IOException(dir + " belongs to uid " + owner + ", not to this service's account");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /**
     * zonky unpacks its PostgreSQL archive into {@code PG-<MD5 of the archive>} under its working
     * directory and tells no one where; single-user mode needs that {@code bin}. This resolver hands
     * zonky the archive and notes the digest on the way.
     */
    private static final class UnpackedBinaries implements PgBinaryResolver {
        private volatile String archiveMd5;

        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            byte[] archive;
            try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
                archive = in.readAllBytes();
            }
            try {
                archiveMd5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is part of every JDK", e);
            }
            return new ByteArrayInputStream(archive);
        }

        Path binDirectory(Path workingDir) {
            return workingDir.resolve("PG-" + archiveMd5).resolve("bin");
        }
    }
}
