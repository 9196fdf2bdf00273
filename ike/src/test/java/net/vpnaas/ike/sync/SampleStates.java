package net.vpnaas.ike.sync;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.vpnaas.ike.crypto.EncryptionAlgorithm;
import net.vpnaas.ike.crypto.IntegrityAlgorithm;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.sa.AdditionalKeyExchange;
import net.vpnaas.ike.sa.ChildAlgorithms;
import net.vpnaas.ike.sa.CipherChoice;
import net.vpnaas.ike.sa.IkeAlgorithms;
import net.vpnaas.ike.sasink.EspKeys;
import net.vpnaas.ike.sasink.TrafficSelector;
import net.vpnaas.ike.transport.Carrier;

/** IKE SA states with every field set, for the codec's tests and the fuzz seeds. */
public final class SampleStates {
    private SampleStates() {}

    /** AES-CBC-256 / HMAC-SHA-256-128 / PRF-SHA-256 / x25519 + ML-KEM-768, a PPK, a QCD token, two Child SAs, one with ESN and PFS. */
    public static IkeSaState full() {
        IkeAlgorithms ike = new IkeAlgorithms(new CipherChoice(EncryptionAlgorithm.byId(12).orElseThrow(), 256),
                IntegrityAlgorithm.byId(12).orElseThrow(), PrfAlgorithm.byId(5).orElseThrow(), KeyExchangeMethod.byId(31).orElseThrow(),
                List.of(new AdditionalKeyExchange(1, KeyExchangeMethod.byId(36).orElseThrow())));
        int prf = ike.prf().outputLength();
        int integ = ike.integrityKeyLength();
        int enc = ike.encryptionKeyMaterialLength();
        List<Bytes> keys = IntStream.of(prf, integ, integ, enc, enc, prf, prf).mapToObj(n -> Bytes.wrap(filled(n, n))).toList();
        ChildAlgorithms gcm = new ChildAlgorithms(new CipherChoice(EncryptionAlgorithm.byId(20).orElseThrow(), 256), null, true,
                KeyExchangeMethod.byId(31).orElseThrow(), List.of());
        ChildAlgorithms cbc = new ChildAlgorithms(new CipherChoice(EncryptionAlgorithm.byId(12).orElseThrow(), 128),
                IntegrityAlgorithm.byId(12).orElseThrow(), false, null, List.of());
        TrafficSelector v4 = new TrafficSelector(InetAddress.ofLiteral("10.1.0.0"), InetAddress.ofLiteral("10.1.255.255"), 0, 0, 65535);
        TrafficSelector v6 = new TrafficSelector(InetAddress.ofLiteral("2001:db8::"), InetAddress.ofLiteral("2001:db8::ffff"), 6, 443, 443);
        Instant t = Instant.ofEpochMilli(1_765_000_000_000L);
        return new IkeSaState("branch-berlin", false, 0x0102030405060708L, 0x1112131415161718L,
                new InetSocketAddress(InetAddress.ofLiteral("192.0.2.10"), 4500), new InetSocketAddress(InetAddress.ofLiteral("2001:db8::7"), 4500),
                Carrier.UDP, false, true, false, ike, keys, Bytes.wrap(filled(32, 1)), Bytes.wrap(filled(32, 2)), "berlin.vpn.example",
                true, true, Optional.of(Bytes.wrap(filled(16, 3))), true, true, Optional.of("ppk-2026"), 7, 12,
                Optional.of(new IkeSaState.CachedResponse(11, List.of(Bytes.wrap(filled(80, 4)), Bytes.wrap(filled(60, 5))))),
                t, t.plusSeconds(3600), t.plusSeconds(4000), List.of(
                        new ChildSaState(3, gcm, new EspKeys(0xc0000001L, filled(36, 6), new byte[0]),
                                new EspKeys(0xc0000002L, filled(36, 7), new byte[0]), List.of(v4), List.of(v4, v6), t, t.plusSeconds(900)),
                        new ChildSaState(4, cbc, new EspKeys(0xc0000003L, filled(16, 8), filled(32, 9)),
                                new EspKeys(0xc0000004L, filled(16, 10), filled(32, 11)), List.of(v6), List.of(v6), t, null)),
                Optional.of(InetAddress.ofLiteral("10.99.0.7")));
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
