package net.vpnaas.ike.crypto;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * Micro-benchmark (not a test; run with bin/bench-mlkem): the ML-KEM work of one IKE key exchange
 * per side, ours (the JDK's ML-KEM behind {@link MlKemKeyExchange}, raw keys wrapped and unwrapped
 * as IKE carries them) next to Bouncy Castle's lightweight ML-KEM doing the same on raw keys, in the
 * same run. The initiator's side is a key pair plus a decapsulation, the responder's an
 * encapsulation to the initiator's raw key (with the key's checks). Each figure is the median of
 * {@code RUNS} runs of {@code RUN_MS}, ours and Bouncy Castle's alternating run by run, after a
 * warm-up that lets C2 compile both.
 */
public final class MlKemBenchmark {
    private static final int RUNS = Integer.getInteger("bench.runs", 7);
    private static final long RUN_NANOS = Long.getLong("bench.runMs", 400) * 1_000_000;
    private static final long WARMUP_NANOS = Long.getLong("bench.warmupMs", 2000) * 1_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One ciphertext per parameter set for the initiator's decapsulation (made once, outside the timing). */
    private static final Map<KeyExchangeMethod, byte[]> CIPHERTEXTS = new EnumMap<>(KeyExchangeMethod.class);
    private static final Map<MLKEMParameters, byte[]> BC_CIPHERTEXTS = new HashMap<>();

    private MlKemBenchmark() {}

    /** One side's work, repeated; returns something derived from the result so the JIT cannot drop it. */
    private interface Operation {
        int once() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("ML-KEM per IKE key exchange: median of %d runs x %d ms after %d ms warm-up, JDK %s%n%n",
                RUNS, RUN_NANOS / 1_000_000, WARMUP_NANOS / 1_000_000, Runtime.version());
        System.out.printf("%-38s %12s %12s %7s%n", "operation", "ours /s", "BC /s", "ratio");
        for (KeyExchangeMethod m : List.of(KeyExchangeMethod.ML_KEM_512, KeyExchangeMethod.ML_KEM_768, KeyExchangeMethod.ML_KEM_1024)) {
            MLKEMParameters bc = switch (m) {
                case ML_KEM_512 -> MLKEMParameters.ml_kem_512;
                case ML_KEM_768 -> MLKEMParameters.ml_kem_768;
                default -> MLKEMParameters.ml_kem_1024;
            };
            byte[] ek = new MlKemKeyExchange(m, RANDOM::nextBytes).publicValue();
            row(m + " initiator (keygen+decaps)", () -> initiatorOurs(m), () -> initiatorBc(bc));
            row(m + " responder (encaps)", () -> new MlKemKeyExchange(m, RANDOM::nextBytes).sharedSecret(ek)[0],
                    () -> new MLKEMGenerator(RANDOM).generateEncapsulated(new MLKEMPublicKeyParameters(bc, ek)).getSecret()[0]);
        }
        System.out.println();
        System.out.println("ours: the JDK's ML-KEM as the engine uses it; BC: Bouncy Castle's lightweight API on raw keys.");
        System.out.println("ratio = ours / BC (above 1: the JDK is faster).");
    }

    /** Our initiator: a key pair and its raw encapsulation key, then the responder's ciphertext decapsulated. */
    private static int initiatorOurs(KeyExchangeMethod m) throws Exception {
        MlKemKeyExchange initiator = new MlKemKeyExchange(m, RANDOM::nextBytes);
        byte[] ek = initiator.publicValue();
        byte[] ciphertext = CIPHERTEXTS.computeIfAbsent(m, k -> ciphertextFor(k, ek));
        // A ciphertext made for another key decapsulates to ML-KEM's implicit-rejection secret at the same cost.
        return initiator.sharedSecret(ciphertext)[0];
    }

    private static byte[] ciphertextFor(KeyExchangeMethod m, byte[] ek) {
        try {
            MlKemKeyExchange responder = new MlKemKeyExchange(m, RANDOM::nextBytes);
            responder.sharedSecret(ek);
            return responder.publicValue();
        } catch (InvalidPublicValueException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int initiatorBc(MLKEMParameters p) {
        MLKEMKeyPairGenerator g = new MLKEMKeyPairGenerator();
        g.init(new MLKEMKeyGenerationParameters(RANDOM, p));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        byte[] ek = ((MLKEMPublicKeyParameters) pair.getPublic()).getEncoded();
        byte[] ciphertext = BC_CIPHERTEXTS.computeIfAbsent(p, k -> {
            SecretWithEncapsulation s = new MLKEMGenerator(RANDOM).generateEncapsulated(new MLKEMPublicKeyParameters(k, ek));
            return s.getEncapsulation();
        });
        return new MLKEMExtractor((MLKEMPrivateKeyParameters) pair.getPrivate()).extractSecret(ciphertext)[0] + ek[0];
    }

    private static void row(String name, Operation ours, Operation bc) throws Exception {
        long warmEnd = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < warmEnd) {
            ours.once();
            bc.once();
        }
        List<Double> oursRates = new ArrayList<>();
        List<Double> bcRates = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            oursRates.add(rate(ours));
            bcRates.add(rate(bc));
        }
        double o = median(oursRates);
        double b = median(bcRates);
        System.out.printf("%-38s %12.0f %12.0f %7.2f%n", name, o, b, o / b);
    }

    private static double rate(Operation op) throws Exception {
        long start = System.nanoTime();
        long end = start + RUN_NANOS;
        long n = 0;
        int sink = 0;
        long now;
        do {
            sink += op.once();
            n++;
            now = System.nanoTime();
        } while (now < end);
        if (sink == 42) System.out.print(""); // keeps the results alive
        return n / ((now - start) / 1e9);
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }
}
