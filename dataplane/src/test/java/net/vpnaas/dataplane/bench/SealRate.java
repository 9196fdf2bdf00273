package net.vpnaas.dataplane.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import net.vpnaas.dataplane.sad.ChildSaConfig;
import net.vpnaas.dataplane.sad.Lifetime;
import net.vpnaas.dataplane.sad.OuterEndpoints;
import net.vpnaas.dataplane.sad.OuterRoute;
import net.vpnaas.dataplane.sad.SaEventListener;
import net.vpnaas.dataplane.sad.SaKeys;
import net.vpnaas.dataplane.sad.Sad;
import net.vpnaas.dataplane.spd.Spd;
import net.vpnaas.dataplane.spd.TrafficPolicy;
import net.vpnaas.dataplane.spd.TrafficSelector;
import net.vpnaas.dataplane.worker.DataPathCounters;
import net.vpnaas.dataplane.worker.InboundProcessor;
import net.vpnaas.dataplane.worker.OutboundProcessor;

/**
 * One-core rates for bin/bench-dataplane (a timed loop, median of runs): the bare JDK AES-GCM
 * seal of a 1400-byte packet on heap arrays (the reference), and our whole outbound and inbound
 * ESP processing of the same packet on off-heap buffers. Prints "name packets-per-second" lines.
 */
public final class SealRate {
    private static final int SIZE = 1400;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("jdk-aes128gcm-seal-heap %.0f%n", median(runs, seconds, jdkSeal()));
        for (String alg : List.of("aes128gcm16", "chacha20poly1305", "aes128-sha256")) {
            Pipeline p = new Pipeline(EspAlgorithms.parse(alg));
            System.out.printf("esp-outbound-%s %.0f%n", alg, median(runs, seconds, p::seal));
            System.out.printf("esp-inbound-%s %.0f%n", alg, median(runs, seconds, p::open));
        }
    }

    private static Runnable jdkSeal() throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        byte[] in = new byte[SIZE];
        byte[] out = new byte[SIZE + 16];
        byte[] nonce = new byte[12];
        long[] counter = {0};
        return () -> {
            try {
                long n = ++counter[0];
                for (int i = 0; i < 8; i++) nonce[4 + i] = (byte) (n >>> (56 - 8 * i));
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                c.updateAAD(nonce, 0, 8);
                c.doFinal(in, 0, SIZE, out, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static double median(int runs, double seconds, Runnable op) {
        double[] rates = new double[runs];
        for (int w = 0; w < 20_000; w++) op.run(); // warm-up so C2 has compiled the loop
        for (int r = 0; r < runs; r++) {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            long count = 0;
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 256; i++) op.run();
                count += 256;
            }
            rates[r] = count / ((System.nanoTime() - start) / 1e9);
        }
        java.util.Arrays.sort(rates);
        return rates[runs / 2];
    }

    /** Two SADs keyed for each other: packets sealed by one are opened by the other. */
    private static final class Pipeline {
        final OutboundProcessor out;
        final InboundProcessor in;
        final ByteBuffer inner = ByteBuffer.allocateDirect(2048);
        final ByteBuffer esp = ByteBuffer.allocateDirect(2048);
        final ByteBuffer icmp = ByteBuffer.allocateDirect(2048);
        final ByteBuffer plain = ByteBuffer.allocateDirect(2048);
        int espLength;

        Pipeline(EspAlgorithms alg) throws Exception {
            SaEventListener quiet = new SaEventListener() {
                public void expired(long spi, Limit limit) { }
                public void acquire(int reqid) { }
            };
            byte[] key = new byte[alg.encryptionKeyLength()];
            byte[] integ = new byte[alg.integrityKeyLength()];
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 4500);
            InetSocketAddress b = new InetSocketAddress(InetAddress.getByName("192.0.2.2"), 4500);
            Sad sadA = new Sad(quiet);
            Sad sadB = new Sad(quiet);
            Spd spdA = new Spd();
            Spd spdB = new Spd();
            var selA = List.of(TrafficSelector.ofCidr("10.1.0.0/24"));
            var selB = List.of(TrafficSelector.ofCidr("10.2.0.0/24"));
            spdA.install(new TrafficPolicy(1, selA, selB));
            spdB.install(new TrafficPolicy(1, selB, selA));
            OuterEndpoints ab = new OuterEndpoints(a, b, true);
            sadA.add(new ChildSaConfig(1, "bench", alg, new SaKeys(0x1001, key, integ), new SaKeys(0x2001, key, integ),
                    ab, false, 4096, Lifetime.UNLIMITED), new OuterRoute(null, new byte[16], ab), 1500);
            OuterEndpoints ba = new OuterEndpoints(b, a, true);
            sadB.add(new ChildSaConfig(1, "bench", alg, new SaKeys(0x2001, key, integ), new SaKeys(0x1001, key, integ),
                    ba, false, 0, Lifetime.UNLIMITED), new OuterRoute(null, new byte[16], ba), 1500);
            out = new OutboundProcessor(sadA, spdA, new DataPathCounters(), false);
            in = new InboundProcessor(sadB, spdB, new DataPathCounters());
            seal();
        }

        void seal() {
            inner.put(0, (byte) 0x45);
            inner.putShort(2, (short) (SIZE - 100));
            inner.putInt(12, 0x0A010001);
            inner.putInt(16, 0x0A020001);
            espLength = out.seal(inner, SIZE - 100, esp, icmp);
            if (espLength <= 0) throw new IllegalStateException("seal dropped");
        }

        void open() {
            // replay window 0 on this side lets the same packet be opened again and again
            if (in.open(esp, espLength, plain) <= 0) throw new IllegalStateException("open dropped");
        }
    }
}
