package net.vpnaas.agent.qkd.standin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.vpnaas.agent.qkd.KmeSettings;
import net.vpnaas.ike.auth.PemFormatException;

/**
 * Two stand-in KMEs ({@link StandInKme}) at the ends of one simulated QKD link, sharing one
 * {@link KeyPool}: KME A serves SAE A, KME B serves SAE B. Made with throwaway certificates in a
 * folder ({@code ca.pem}; {@code kme-a}, {@code kme-b} server and {@code sae-a}, {@code sae-b} client
 * certificates and keys; {@code wrong-ca.pem} and {@code stranger.pem}/{@code .key}, a client of
 * another CA, for tests). {@link #main} runs it for a user; tests start it in-process.
 */
public final class StandInKmePair implements AutoCloseable {
    /** How the pair is made; ports 0 pick free ones. */
    public record Options(String saeA, String saeB, int portA, int portB, int poolSize, Duration refillInterval) {
        public static Options defaults() {
            return new Options("sae-a", "sae-b", 0, 0, 1000, Duration.ofMillis(100));
        }

        public Options withPool(int size, Duration refillInterval) {
            return new Options(saeA, saeB, portA, portB, size, refillInterval);
        }
    }

    private final Path dir;
    private final KeyPool pool;
    private final StandInKme a;
    private final StandInKme b;

    private StandInKmePair(Path dir, KeyPool pool, StandInKme a, StandInKme b) {
        this.dir = dir;
        this.pool = pool;
        this.a = a;
        this.b = b;
    }

    /** Writes throwaway certificates into {@code dir} and starts both KMEs on the loopback address. */
    public static StandInKmePair start(Path dir, Options o) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        ThrowawayPki pki = new ThrowawayPki("stand-in QKD CA");
        pki.writeCa(dir.resolve("ca.pem"));
        pki.writeServer(dir, "kme-a");
        pki.writeServer(dir, "kme-b");
        pki.writeClient(dir, "sae-a", o.saeA());
        pki.writeClient(dir, "sae-b", o.saeB());
        ThrowawayPki other = new ThrowawayPki("some other CA");
        other.writeCa(dir.resolve("wrong-ca.pem"));
        other.writeClient(dir, "stranger", o.saeA());
        KeyPool pool = new KeyPool(o.poolSize(), o.refillInterval(), System::nanoTime);
        String ca = Files.readString(dir.resolve("ca.pem"));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        StandInKme a = null;
        try {
            a = new StandInKme("KME-A", "KME-B", o.saeA(), o.saeB(), pool, new InetSocketAddress(loopback, o.portA()),
                    serverTls(dir, "kme-a", ca));
            StandInKme b = new StandInKme("KME-B", "KME-A", o.saeB(), o.saeA(), pool, new InetSocketAddress(loopback, o.portB()),
                    serverTls(dir, "kme-b", ca));
            return new StandInKmePair(dir, pool, a, b);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (a != null) a.close();
            throw e;
        }
    }

    private static javax.net.ssl.SSLContext serverTls(Path dir, String name, String ca) throws IOException, GeneralSecurityException {
        try {
            return KmeSettings.tls(Files.readString(dir.resolve(name + ".pem")), Files.readString(dir.resolve(name + ".key")), ca);
        } catch (PemFormatException e) {
            throw new GeneralSecurityException("the certificates just written do not read back", e);
        }
    }

    public URI urlA() {
        return a.url();
    }

    public URI urlB() {
        return b.url();
    }

    /** The agent settings of SAE A's gateway (its KME, certificate, key, and the CA). */
    public KmeSettings settingsA(Duration timeout) throws IOException {
        return settings(urlA(), "sae-a", timeout);
    }

    public KmeSettings settingsB(Duration timeout) throws IOException {
        return settings(urlB(), "sae-b", timeout);
    }

    private KmeSettings settings(URI url, String client, Duration timeout) throws IOException {
        return new KmeSettings(url, Files.readString(dir.resolve(client + ".pem")), Files.readString(dir.resolve(client + ".key")),
                Files.readString(dir.resolve("ca.pem")), timeout, KmeSettings.DEFAULT_KEY_SIZE_BITS);
    }

    /** Keys handed to master SAEs with enc_keys, both KMEs together. */
    public long keysDelivered() {
        return pool.delivered();
    }

    /** Keys handed to slave SAEs with dec_keys. */
    public long keysRetrieved() {
        return pool.retrieved();
    }

    /** The link delivered nothing for a while: no key is ready until the next refill. */
    public void drain() {
        pool.drain();
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }

    /**
     * {@code bin/qkd-kme-pair [--dir DIR] [--port-a N] [--port-b N] [--sae-a ID] [--sae-b ID] [--pool N]
     * [--refill-ms N]}: starts the pair until interrupted and prints how to configure two agents.
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.defaults();
        Path dir = Path.of("qkd-kme-pair");
        o = new Options(o.saeA(), o.saeB(), 8443, 8444, o.poolSize(), o.refillInterval());
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String flag = rest.removeFirst();
            if (rest.isEmpty()) usage("missing value of " + flag);
            String v = rest.removeFirst();
            switch (flag) {
                case "--dir" -> dir = Path.of(v);
                case "--port-a" -> o = new Options(o.saeA(), o.saeB(), Integer.parseInt(v), o.portB(), o.poolSize(), o.refillInterval());
                case "--port-b" -> o = new Options(o.saeA(), o.saeB(), o.portA(), Integer.parseInt(v), o.poolSize(), o.refillInterval());
                case "--sae-a" -> o = new Options(v, o.saeB(), o.portA(), o.portB(), o.poolSize(), o.refillInterval());
                case "--sae-b" -> o = new Options(o.saeA(), v, o.portA(), o.portB(), o.poolSize(), o.refillInterval());
                case "--pool" -> o = o.withPool(Integer.parseInt(v), o.refillInterval());
                case "--refill-ms" -> o = o.withPool(o.poolSize(), Duration.ofMillis(Long.parseLong(v)));
                default -> usage("unknown option " + flag);
            }
        }
        StandInKmePair pair = start(dir, o);
        Path abs = dir.toAbsolutePath();
        System.out.printf("""
                stand-in QKD KME pair (no QKD hardware: keys from a CSPRNG), certificates in %1$s
                  KME A %2$s serves SAE '%3$s'; KME B %4$s serves SAE '%5$s'
                  pool %6$d keys, %7$s
                gateway A's agent config (standalone file, top level):
                  "qkd": {"kmeUrl": "%2$s", "certificateFile": "%1$s/sae-a.pem",
                          "privateKeyFile": "%1$s/sae-a.key", "caCertificateFile": "%1$s/ca.pem"}
                  and its peer B: "qkd": {"saeId": "%5$s", "fallback": "mlkem768"}
                gateway B's agent config:
                  "qkd": {"kmeUrl": "%4$s", "certificateFile": "%1$s/sae-b.pem",
                          "privateKeyFile": "%1$s/sae-b.key", "caCertificateFile": "%1$s/ca.pem"}
                  and its peer A: "qkd": {"saeId": "%3$s", "fallback": "mlkem768"}
                both crypto policies: "ikeProposals": ["aes256gcm16-prfsha384-x25519-ke1_qkd"], "pfsGroup": "qkd"
                READY
                """, abs, pair.urlA(), o.saeA(), pair.urlB(), o.saeB(), o.poolSize(),
                o.refillInterval().isZero() ? "never refilled" : "one more every " + o.refillInterval().toMillis() + " ms");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping: " + pair.keysDelivered() + " keys delivered (enc_keys), " + pair.keysRetrieved()
                    + " retrieved (dec_keys)");
            pair.close();
            stop.countDown();
        }));
        stop.await();
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: bin/qkd-kme-pair [--dir DIR] [--port-a N] [--port-b N] [--sae-a ID] [--sae-b ID]"
                + " [--pool N] [--refill-ms N]");
        System.exit(64);
    }
}
