package net.vpnaas.ike.auth;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Micro-benchmark (not a test; run with bin/bench-ike-auth): sign and verify rates of our AUTH code
 * per scheme, next to the reference measured in the same run, which is the bare JCA
 * {@link Signature} of the JDK's own provider for the same algorithm (no AUTH encoding, no checks).
 * Where we use Bouncy Castle (Ed25519, ECDSA verification) the ratio is the provider's gain;
 * elsewhere it is our overhead. The [alt] rows show why ECDSA signing stays with the JDK.
 * Certificate validation is compared with the JDK's PKIX CertPathBuilder doing the same job.
 *
 * <p>Each figure is the median of {@code RUNS} timed runs of {@code RUN_MS} each, after a warm-up;
 * ours and the reference alternate run by run so that machine noise hits both alike.
 */
public final class AuthBenchmark {
    private static final int RUNS = Integer.getInteger("bench.runs", 7);
    private static final long RUN_NANOS = Long.getLong("bench.runMs", 400) * 1_000_000;
    /** Long enough for C2 to compile the big-number and field arithmetic before anything is timed. */
    private static final long WARMUP_NANOS = Long.getLong("bench.warmupMs", 1500) * 1_000_000;
    private static final byte[] OCTETS = new byte[600]; // about RealMessage1 | Nonce | MACedID of a real IKE_SA_INIT

    private record Row(String name, double ours, double reference) {
    }

    public static void main(String[] args) throws Exception {
        Arrays.fill(OCTETS, (byte) 0x42);
        System.out.printf("ike/auth benchmark: median of %d runs x %d ms after %d ms warm-up, JDK %s, %d CPUs%n%n",
                RUNS, RUN_NANOS / 1_000_000, WARMUP_NANOS / 1_000_000, Runtime.version(), Runtime.getRuntime().availableProcessors());
        List<Row> rows = new ArrayList<>();
        scheme(rows, SignatureScheme.ECDSA_SHA256, TestPki.ec("secp256r1"), "SHA256withECDSA");
        scheme(rows, SignatureScheme.ECDSA_P256_METHOD_9, TestPki.ec("secp256r1"), "SHA256withECDSAinP1363Format");
        scheme(rows, SignatureScheme.ECDSA_SHA384, TestPki.ec("secp384r1"), "SHA384withECDSA");
        scheme(rows, SignatureScheme.ECDSA_SHA512, TestPki.ec("secp521r1"), "SHA512withECDSA");
        scheme(rows, SignatureScheme.RSA_PKCS1_SHA256, TestPki.rsa(2048), "SHA256withRSA");
        scheme(rows, SignatureScheme.RSA_PSS_SHA256, TestPki.rsa(2048), "RSASSA-PSS");
        scheme(rows, SignatureScheme.RSA_SHA1_METHOD_1, TestPki.rsa(2048), "SHA1withRSA");
        scheme(rows, SignatureScheme.ED25519, TestPki.ed25519(), "Ed25519");
        certificates(rows);
        psk(rows);
        // Not used by our code: Bouncy Castle ECDSA signing (ours = BC, reference = JDK).
        providerAlternative(rows, "SHA256withECDSA", TestPki.ec("secp256r1"));
        providerAlternative(rows, "SHA384withECDSA", TestPki.ec("secp384r1"));
        providerAlternative(rows, "SHA512withECDSA", TestPki.ec("secp521r1"));

        System.out.printf("%-44s %14s %14s %7s%n", "operation", "ours /s", "reference /s", "ratio");
        for (Row r : rows) {
            System.out.printf("%-44s %14.0f %14.0f %7.2f%n", r.name, r.ours, r.reference, r.ours / r.reference);
        }
        System.out.println();
        System.out.println("reference: bare JDK Signature (same algorithm, JDK provider); for certificates the JDK PKIX");
        System.out.println("CertPathBuilder on the same chain; for PSK two HMAC-SHA256 calls. ratio = ours / reference.");
    }

    private static void scheme(List<Row> rows, SignatureScheme scheme, KeyPair key, String jdkAlgorithm) throws Exception {
        X509Certificate cert = TestPki.root("CN=bench", key);
        // Our side signs with the key as production loads it; the reference with the JDK's own key.
        PrivateKey loaded = PemFiles.privateKey(TestPki.pem("PRIVATE KEY", key.getPrivate().getEncoded()));
        AuthData auth = SignatureAuthenticator.sign(loaded, scheme, OCTETS);
        Signature jdk = Signature.getInstance(jdkAlgorithm);
        scheme.pssParameters().ifPresent(p -> {
            try {
                jdk.setParameter(p);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        jdk.initSign(key.getPrivate());
        jdk.update(OCTETS);
        byte[] jdkSignature = jdk.sign();
        String name = scheme + " (" + keyName(key) + ")";

        rows.add(measure(name + " sign", () -> SignatureAuthenticator.sign(loaded, scheme, OCTETS), () -> sign(jdk, key)));
        rows.add(measure(name + " verify", () -> {
            if (!SignatureAuthenticator.verify(cert, auth, OCTETS).verified()) throw new AssertionError("does not verify");
        }, () -> verify(jdk, key, jdkSignature)));
    }

    private static void providerAlternative(List<Row> rows, String algorithm, KeyPair key) throws Exception {
        Signature bc = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
        Signature jdk = Signature.getInstance(algorithm);
        String name = "[alt] Bouncy Castle " + algorithm + " (" + keyName(key) + ")";
        rows.add(measure(name + " sign", () -> sign(bc, key), () -> sign(jdk, key)));
    }

    private static void sign(Signature s, KeyPair key) throws Exception {
        s.initSign(key.getPrivate());
        s.update(OCTETS);
        s.sign();
    }

    private static void verify(Signature s, KeyPair key, byte[] signature) throws Exception {
        s.initVerify(key.getPublic());
        s.update(OCTETS);
        if (!s.verify(signature)) throw new AssertionError("reference signature does not verify");
    }

    private static void certificates(List<Row> rows) throws Exception {
        KeyPair rootKey = TestPki.ec("secp384r1");
        X509Certificate root = TestPki.root("CN=Bench Root", rootKey);
        KeyPair intermediateKey = TestPki.ec("secp256r1");
        X509Certificate intermediate = TestPki.intermediate(root, rootKey.getPrivate(), "CN=Bench Intermediate", intermediateKey.getPublic());
        KeyPair peerKey = TestPki.ec("secp256r1");
        X509Certificate peer = TestPki.endEntity(intermediate, intermediateKey.getPrivate(), "CN=peer", peerKey.getPublic(), TestPki.dns("peer.example"));
        TrustedCas trusted = TrustedCas.of(List.of(root));
        List<X509Certificate> chain = List.of(peer, intermediate);
        if (!CertificateValidator.validate(chain, trusted, TestPki.NOW).valid()) throw new AssertionError("chain invalid");
        CertStore store = CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain));

        rows.add(measure("validate P-256 chain, P-384 root",
                () -> CertificateValidator.validate(chain, trusted, TestPki.NOW),
                () -> {
                    X509CertSelector target = new X509CertSelector();
                    target.setCertificate(peer);
                    PKIXBuilderParameters p = new PKIXBuilderParameters(Set.of(new TrustAnchor(root, null)), target);
                    p.addCertStore(store);
                    p.setRevocationEnabled(false);
                    p.setDate(Date.from(TestPki.NOW));
                    CertPathBuilder.getInstance("PKIX").build(p);
                }));
    }

    private static void psk(List<Row> rows) {
        byte[] secret = "a shared secret of some length".getBytes();
        rows.add(measure("PSK AUTH (HMAC-SHA-256)",
                () -> PskAuthenticator.authData(HmacSha256.PRF, secret, OCTETS),
                () -> HmacSha256.PRF.compute(HmacSha256.PRF.compute(secret, "Key Pad for IKEv2".getBytes()), OCTETS)));
    }

    private static String keyName(KeyPair key) {
        return switch (KeyType.of(key.getPublic()).orElseThrow()) {
            case RSA -> "RSA-" + ((java.security.interfaces.RSAKey) key.getPublic()).getModulus().bitLength();
            case EC -> NamedCurve.of((java.security.interfaces.ECKey) key.getPublic()).orElseThrow().name();
            case ED25519 -> "Ed25519";
        };
    }

    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    private static Row measure(String name, Op ours, Op reference) {
        rate(ours, WARMUP_NANOS);
        rate(reference, WARMUP_NANOS);
        double[] o = new double[RUNS];
        double[] r = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            o[i] = rate(ours, RUN_NANOS);
            r[i] = rate(reference, RUN_NANOS);
        }
        return new Row(name, median(o), median(r));
    }

    private static double rate(Op op, long nanos) {
        try {
            long start = System.nanoTime();
            long ops = 0;
            long now;
            do {
                op.run();
                ops++;
                now = System.nanoTime();
            } while (now - start < nanos);
            return ops * 1e9 / (now - start);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
