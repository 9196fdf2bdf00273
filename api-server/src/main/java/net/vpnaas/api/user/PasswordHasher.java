package net.vpnaas.api.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.springframework.stereotype.Component;

/**
 * Passwords hashed with Argon2id (RFC 9106), stored as PHC strings
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}) so a hash keeps verifying with the
 * parameters it was made with if the defaults below change.
 *
 * <p>Parameters: m = 19 MiB, t = 2, p = 1, a 16-byte salt and a 32-byte hash: the OWASP Password
 * Storage Cheat Sheet's first Argon2id setting. RFC 9106's own recommendations (2 GiB, or 64 MiB with
 * t = 3) cost each sign-in far more memory than a control plane on a 2-core machine should give a
 * request that anyone on the network can send; 19 MiB still makes each guess of an offline attacker
 * cost that much memory, which is what defeats GPU cracking, and takes some tens of milliseconds
 * here. p = 1 because the server runs many sign-ins side by side rather than one faster.
 *
 * <p>Hashing is memory-hard on purpose, so an unauthenticated flood of sign-ins could take the heap:
 * at most one hash per processor runs at a time, the others wait their turn.
 */
@Component
public class PasswordHasher {
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final Semaphore hashing = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
    /**
     * Verified against when the email is unknown, so that answer costs what a wrong password costs
     * and its timing does not tell which addresses have accounts.
     */
    private final String decoy = hash("decoy password of no account");

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} hashes to {@code stored}; with a null {@code stored}, the decoy's cost and false. */
    public boolean verify(String password, String stored) {
        var m = PHC.matcher(stored == null ? decoy : stored);
        if (!m.matches()) {
            throw new IllegalStateException("a stored password hash is not an Argon2id PHC string");
        }
        byte[] salt = B64_DECODER.decode(m.group(4));
        byte[] expected = B64_DECODER.decode(m.group(5));
        byte[] actual = derive(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual) && stored != null;
    }

    private byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        var generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism)
                .build());
        byte[] out = new byte[length];
        hashing.acquireUninterruptibly();
        try {
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            hashing.release();
        }
        return out;
    }
}
