package net.vpnaas.dataplane.worker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.vpnaas.dataplane.esp.EspAlgorithms;
import net.vpnaas.dataplane.sad.ChildSa;
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

/**
 * Site A (10.1.0.0/24) and site B (10.2.0.0/24) with one Child SA (reqid 1) between them, as
 * processors without I/O: A seals, B opens. Records the listener upcalls.
 */
final class TunnelPair {
    final Sad sadA;
    final Sad sadB;
    final Spd spdA = new Spd();
    final Spd spdB = new Spd();
    final DataPathCounters countersA = new DataPathCounters();
    final DataPathCounters countersB = new DataPathCounters();
    final OutboundProcessor outA;
    final InboundProcessor inB;
    final List<String> events = new ArrayList<>();
    final ChildSa saA;
    final ChildSa saB;
    final ChildSaConfig configA;
    final ChildSaConfig configB;
    final SaEventListener listener;

    TunnelPair(EspAlgorithms alg, boolean esn, int replayWindow, Lifetime lifetimeA) {
        listener = new SaEventListener() {
            @Override
            public synchronized void expired(long spi, Limit limit) {
                events.add("expired %x %s".formatted(spi, limit));
            }

            @Override
            public synchronized void acquire(int reqid) {
                events.add("acquire " + reqid);
            }
        };
        sadA = new Sad(listener);
        sadB = new Sad(listener);
        byte[] k1 = key(alg.encryptionKeyLength(), 1);
        byte[] k2 = key(alg.encryptionKeyLength(), 2);
        byte[] i1 = key(alg.integrityKeyLength(), 3);
        byte[] i2 = key(alg.integrityKeyLength(), 4);
        var netA = List.of(TrafficSelector.ofCidr("10.1.0.0/24"));
        var netB = List.of(TrafficSelector.ofCidr("10.2.0.0/24"));
        spdA.install(new TrafficPolicy(1, netA, netB));
        spdB.install(new TrafficPolicy(1, netB, netA));
        InetSocketAddress a = address("192.0.2.1");
        InetSocketAddress b = address("192.0.2.2");
        OuterEndpoints ab = new OuterEndpoints(a, b, true);
        OuterEndpoints ba = new OuterEndpoints(b, a, true);
        configA = new ChildSaConfig(1, "t", alg, new SaKeys(0xA001, k2, i2), new SaKeys(0xB001, k1, i1), ab, esn, replayWindow, lifetimeA);
        configB = new ChildSaConfig(1, "t", alg, new SaKeys(0xB001, k1, i1), new SaKeys(0xA001, k2, i2), ba, esn, replayWindow,
                Lifetime.UNLIMITED);
        saA = sadA.add(configA, new OuterRoute(null, new byte[16], ab), 1500);
        saB = sadB.add(configB, new OuterRoute(null, new byte[16], ba), 1500);
        outA = new OutboundProcessor(sadA, spdA, countersA, false);
        inB = new InboundProcessor(sadB, spdB, countersB);
    }

    TunnelPair(EspAlgorithms alg) {
        this(alg, false, 64, Lifetime.UNLIMITED);
    }

    /** Seals an inner packet at A; returns the ESP packet bytes. */
    byte[] seal(byte[] inner) {
        ByteBuffer in = ByteBuffer.allocate(2048);
        in.put(0, inner);
        ByteBuffer esp = ByteBuffer.allocate(2048);
        int length = outA.seal(in, inner.length, esp, ByteBuffer.allocate(2048));
        if (length <= 0) throw new AssertionError("seal returned " + length);
        byte[] out = new byte[length];
        esp.get(0, out);
        return out;
    }

    /** Opens an ESP packet at B; returns the inner length (0 = dropped). */
    int open(byte[] esp) {
        return inB.open(ByteBuffer.wrap(esp), esp.length, ByteBuffer.allocate(2048));
    }

    /** A UDP packet from {@code src} to {@code dst} (dotted quads) with {@code payload} bytes. */
    static byte[] udp4(String src, String dst, int payload) {
        ByteBuffer b = ByteBuffer.allocate(28 + payload);
        b.put(0, (byte) 0x45);
        b.putShort(2, (short) (28 + payload));
        b.putShort(6, (short) 0x4000); // DF
        b.put(8, (byte) 64);
        b.put(9, (byte) 17);
        b.put(12, ip(src));
        b.put(16, ip(dst));
        b.putShort(20, (short) 1234);
        b.putShort(22, (short) 5678);
        b.putShort(24, (short) (8 + payload));
        for (int i = 0; i < payload; i++) b.put(28 + i, (byte) i);
        return b.array();
    }

    private static byte[] ip(String dotted) {
        try {
            return InetAddress.getByName(dotted).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetSocketAddress address(String ip) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), 4500);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] key(int length, int seed) {
        byte[] k = new byte[length];
        for (int i = 0; i < length; i++) k[i] = (byte) (seed * 31 + i);
        return k;
    }
}
