package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.vpnaas.ike.auth.Prf;
import net.vpnaas.ike.auth.PskAuthenticator;
import net.vpnaas.ike.auth.SignedOctets;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.crypto.EncryptionAlgorithm;
import net.vpnaas.ike.crypto.Ikev2Kdf;
import net.vpnaas.ike.crypto.PaceKeySchedule;
import net.vpnaas.ike.crypto.PaceNonceCipher;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.exchange.SkProtection;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.GspmPayload;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.PaceEncryptedNonce;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.sa.IkeAlgorithms;
import net.vpnaas.ike.sa.IkeSaKeys;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a password buys under PACE (RFC 6631) against plain PSK authentication, both with the same
 * 6-digit secret: each test records every datagram of a real exchange between two engines, then runs an
 * offline dictionary over all 10^6 candidates against the recording.
 *
 * <p>The attacker is given more than a passive observer has: the IKE_SA_INIT Diffie-Hellman secret
 * (g^ir), as a man in the middle who answered the initiator's IKE_SA_INIT himself, or who later breaks
 * that Diffie-Hellman, has it. (A purely passive observer cannot even decrypt IKE_AUTH.) From it he
 * derives every SK key, decrypts both IKE_AUTH exchanges and knows everything of them but the password
 * and the two ends' ephemeral PACE secrets. The test takes g^ir from the recording with the responder's
 * random draws, which tell which of them was its IKE_SA_INIT private key.
 *
 * <ul>
 * <li>PSK: AUTHi = prf(prf(PSK, "Key Pad for IKEv2"), InitiatorSignedOctets) is a function of known
 * octets and the candidate: recomputing it for each candidate finds exactly the PIN.</li>
 * <li>PACE: a candidate gives a key KPwd', a nonce s' (the ENONCE has no padding and no tag, so every
 * key "decrypts" it) and a generator G~' = s'*G + H. AUTHi is a MAC under a key from PACESharedSecret,
 * the Diffie-Hellman of PKEi and PKEr on the true G~: to check a candidate the attacker would need
 * log_G~'(PKEi) or log_G~'(PKEr), a discrete logarithm. What he can check is that G~' is a generator
 * (not the identity) and that PKEi and PKEr lie in the group it generates; on a prime-order curve that
 * holds for every candidate alike. So every one of the 10^6 passes that check, and none is singled out.
 * (Every candidate's s' is computed; the scalar multiplication of the mapping, whose check could only
 * fail for one s' in 2^256, runs for one candidate in 100 and the PIN, to keep the test in seconds.)
 * A control shows the check is the right one: with the responder's ephemeral secret y (which the
 * recording does not hold; the test takes it from the responder's random draws), y*G~' = PKEr singles
 * out exactly the PIN.</li>
 * </ul>
 */
class PasswordDictionaryTest {
    private static final String PIN = "402915";
    private static final int CANDIDATES = 1_000_000;
    private static final String IKE = "aes256gcm16-prfsha256-ecp256";
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");

    /** A random source that remembers what it handed out: the test's way to the responder's secrets. */
    private record RecordingRandom(Random random, List<byte[]> draws) implements RandomSource {
        @Override
        public void nextBytes(byte[] out) {
            random.nextBytes(out);
            draws.add(out.clone());
        }
    }

    /** What the attacker has: every datagram, decoded, and the keys from g^ir. */
    private record Recording(List<IkeMessage> messages, byte[] gir, byte[] ni, byte[] nr, IkeSaKeys keys, IkeAlgorithms algorithms,
                             List<byte[]> responderDraws) {
        IkeMessage find(ExchangeType type, boolean response, long messageId) {
            return messages.stream().filter(m -> m.header().exchangeType() == type && m.header().response() == response
                    && m.header().messageId() == messageId).findFirst().orElseThrow();
        }

        List<Payload> open(ExchangeType type, boolean response, long messageId) throws Exception {
            return SkProtection.open(find(type, response, messageId), response ? keys.responderCipher() : keys.initiatorCipher());
        }

        byte[] initiatorInitMessage() {
            return find(ExchangeType.IKE_SA_INIT, false, 0).wire().orElseThrow().toByteArray();
        }
    }

    @BeforeAll
    static void warm() {
        // the generator's comb table, built once, as an attacker would
        new FixedPointCombMultiplier().multiply(P256.getG(), BigInteger.ONE);
    }

    @Test
    void theRecordedPskExchangeGivesThePinAway() throws Exception {
        Recording r = record(new Authentication.Psk(PIN.getBytes(StandardCharsets.UTF_8)));
        List<Payload> request = r.open(ExchangeType.IKE_AUTH, false, 1);
        IdentificationPayload idi = first(request, IdentificationPayload.class);
        byte[] authi = first(request, AuthenticationPayload.class).data().toByteArray();
        Prf prf = prf(r);
        byte[] octets = SignedOctets.initiator(r.initiatorInitMessage(), r.nr(), prf, r.keys().skPi(), restOfId(idi));

        // The attacker's loop keys one HMAC instance per step; checked against the engine's own MAC first.
        Mac hmac = Mac.getInstance("HmacSHA256");
        assertThat(pskAuth(hmac, PIN, octets)).isEqualTo(PskAuthenticator.authData(prf, PIN.getBytes(StandardCharsets.US_ASCII), octets).data());
        List<String> verified = new ArrayList<>();
        for (int c = 0; c < CANDIDATES; c++) {
            if (Arrays.equals(pskAuth(hmac, pin(c), octets), authi)) verified.add(pin(c));
        }
        assertThat(verified).containsExactly(PIN);
    }

    @Test
    void theRecordedPaceExchangeSinglesOutNoCandidate() throws Exception {
        Recording r = record(new Authentication.Password(PIN.getBytes(StandardCharsets.UTF_8)));
        List<Payload> request = r.open(ExchangeType.IKE_AUTH, false, 1);
        List<Payload> response = r.open(ExchangeType.IKE_AUTH, true, 1);
        PaceEncryptedNonce enonce = PaceEncryptedNonce.decode(first(request, GspmPayload.class),
                PaceNonceCipher.ivLength(EncryptionAlgorithm.AES_GCM_16), PaceNonceCipher.NONCE_LENGTH);
        ECPoint pkei = point(first(request, KeyExchangePayload.class).data().toByteArray());
        ECPoint pker = point(first(response, KeyExchangePayload.class).data().toByteArray());
        assertThat(first(r.open(ExchangeType.IKE_AUTH, false, 2), AuthenticationPayload.class).methodCode()).isEqualTo(12);
        ECPoint h = P256.getCurve().decodePoint(concat(new byte[] {2}, r.gir()));
        byte[] iv = enonce.iv().toByteArray();
        assertThat(r.algorithms().prf()).isEqualTo(PrfAlgorithm.HMAC_SHA2_256);
        byte[] encrypted = enonce.encryptedNonce().toByteArray();
        FixedPointCombMultiplier comb = new FixedPointCombMultiplier();

        // PKEi and PKEr are points of the curve, whose order n is prime: each lies in the group any
        // G~' other than the identity generates. The candidate-independent half of the check, once:
        assertThat(pkei.isValid() && pker.isValid() && !pkei.isInfinity() && !pker.isInfinity()).isTrue();
        assertThat(P256.getH()).isEqualTo(BigInteger.ONE);
        // Every candidate's s' (its KPwd, then the ENONCE "decrypted" with it); the mapping s'*G + H and its
        // check for one candidate in 100 and the PIN: it costs a scalar multiplication each, and its verdict
        // (G~' is not the identity) is the same for every s' but one in n ~ 2^256, none of them the PIN's
        // unless the PIN is wrong.
        NonceTrial trial = new NonceTrial(r, iv, encrypted);
        assertThat(trial.s(PIN)).isEqualTo(sPrime(r, PIN, iv, encrypted));
        int consistent = 0;
        int mapped = 0;
        List<ECPoint> sample = new ArrayList<>();
        ECPoint pinGenerator = null;
        for (int c = 0; c < CANDIDATES; c++) {
            byte[] s = trial.s(pin(c));
            BigInteger scalar = new BigInteger(1, s).mod(P256.getN());
            boolean isPin = pin(c).equals(PIN);
            if (c % 100 != 0 && !isPin) {
                if (scalar.signum() != 0) consistent++;
                continue;
            }
            ECPoint g = comb.multiply(P256.getG(), scalar).add(h).normalize();
            mapped++;
            if (!g.isInfinity()) consistent++; // the strongest check the recording allows
            if (c % 1000 == 0) sample.add(g);
            if (isPin) pinGenerator = g;
        }
        assertThat(mapped).isGreaterThan(CANDIDATES / 100);
        assertThat(consistent).as("every candidate is as consistent with the recording as the PIN").isEqualTo(CANDIDATES);

        // Control: the responder's ephemeral secret y (not in the recording) would make the check decisive.
        ECPoint truth = pinGenerator;
        BigInteger y = r.responderDraws().stream().filter(d -> d.length == 32).map(d -> new BigInteger(1, d))
                .filter(k -> k.signum() > 0 && k.compareTo(P256.getN()) < 0 && truth.multiply(k).normalize().equals(pker))
                .findFirst().orElseThrow(() -> new AssertionError("no responder draw is the ephemeral PACE secret"));
        assertThat(sample).hasSize(CANDIDATES / 1000).noneMatch(g -> g.multiply(y).normalize().equals(pker));
    }

    /**
     * The attacker's fast way to s' for a candidate: HMAC instances keyed once ("IKE with PACE", Ni | Nr),
     * AES-CTR for the AES-GCM IKE SA; the same values as the engine's {@link PaceKeySchedule} and
     * {@link PaceNonceCipher} (checked for the PIN).
     */
    private static final class NonceTrial {
        private final Mac spwd;
        private final Mac kpwd;
        private final Cipher ctr;
        private final IvParameterSpec iv;
        private final byte[] encrypted;

        NonceTrial(Recording r, byte[] iv, byte[] encrypted) throws Exception {
            spwd = Mac.getInstance("HmacSHA256");
            spwd.init(new SecretKeySpec("IKE with PACE".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            kpwd = Mac.getInstance("HmacSHA256");
            kpwd.init(new SecretKeySpec(concat(r.ni(), r.nr()), "HmacSHA256"));
            ctr = Cipher.getInstance("AES/CTR/NoPadding");
            this.iv = new IvParameterSpec(iv);
            this.encrypted = encrypted;
        }

        byte[] s(String candidate) throws Exception {
            byte[] sp = spwd.doFinal(candidate.getBytes(StandardCharsets.US_ASCII));
            kpwd.update(sp);
            byte[] key = kpwd.doFinal(new byte[] {1}); // prf+ T1: 32 octets, the AES-256 key
            ctr.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), iv);
            return ctr.doFinal(encrypted);
        }
    }

    /** prf(prf(PSK, "Key Pad for IKEv2"), octets) with HMAC-SHA-256. */
    private static byte[] pskAuth(Mac hmac, String candidate, byte[] octets) throws Exception {
        hmac.init(new SecretKeySpec(candidate.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        byte[] key = hmac.doFinal("Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII));
        hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        return hmac.doFinal(octets);
    }

    private static byte[] sPrime(Recording r, String candidate, byte[] iv, byte[] encrypted) {
        byte[] kpwd = PaceKeySchedule.passwordKey(r.algorithms().prf(), candidate.getBytes(StandardCharsets.US_ASCII), r.ni(), r.nr(),
                PaceNonceCipher.keyLength(r.algorithms().cipher().keyBits()));
        return PaceNonceCipher.decrypt(EncryptionAlgorithm.AES_GCM_16, kpwd, iv, encrypted);
    }

    /** Runs one exchange alice -> bob with {@code auth} on both sides and hands the attacker its recording. */
    private static Recording record(Authentication auth) throws Exception {
        List<byte[]> draws = new CopyOnWriteArrayList<>();
        try (InMemoryNetwork net = new InMemoryNetwork()) {
            RecordingSaSink aliceSink = new RecordingSaSink();
            RecordingSaSink bobSink = new RecordingSaSink();
            Random ra = new Random(31);
            IkeEngine alice = new IkeEngine(net.transport(EnginePair.ALICE), aliceSink, ra::nextBytes, EngineOptions.DEFAULT);
            IkeEngine bob = new IkeEngine(net.transport(EnginePair.BOB), bobSink, new RecordingRandom(new Random(32), draws), EngineOptions.DEFAULT);
            alice.addConnection(connection(EnginePair.aliceConfig(), auth));
            bob.addConnection(connection(EnginePair.bobConfig(), auth));
            alice.start();
            bob.start();
            try {
                alice.initiate("net");
                EnginePair.await("the tunnel", () -> aliceSink.installed.size() == 1 && bobSink.installed.size() == 1);
            } finally {
                alice.close();
                bob.close();
            }
            List<IkeMessage> messages = new ArrayList<>();
            for (var sent : net.sent()) messages.add(IkeMessage.decode(withoutMarker(sent.datagram().data())));
            return attackerView(messages, List.copyOf(draws));
        }
    }

    /** The attacker's keys: g^ir from the responder's IKE_SA_INIT private key, then SKEYSEED and SK_* as RFC 7296 2.14. */
    private static Recording attackerView(List<IkeMessage> messages, List<byte[]> draws) {
        IkeMessage init = messages.stream().filter(m -> m.header().exchangeType() == ExchangeType.IKE_SA_INIT && !m.header().response())
                .reduce((a, b) -> b).orElseThrow();
        IkeMessage initResponse = messages.stream().filter(m -> m.header().exchangeType() == ExchangeType.IKE_SA_INIT && m.header().response())
                .reduce((a, b) -> b).orElseThrow();
        ECPoint kei = point(init.first(KeyExchangePayload.class).orElseThrow().data().toByteArray());
        ECPoint ker = point(initResponse.first(KeyExchangePayload.class).orElseThrow().data().toByteArray());
        BigInteger d = draws.stream().filter(b -> b.length == 32).map(b -> new BigInteger(1, b))
                .filter(k -> k.signum() > 0 && k.compareTo(P256.getN()) < 0 && P256.getG().multiply(k).normalize().equals(ker))
                .findFirst().orElseThrow(() -> new AssertionError("no responder draw is its IKE_SA_INIT private key"));
        byte[] gir = kei.multiply(d).normalize().getAffineXCoord().getEncoded();
        byte[] ni = init.first(NoncePayload.class).orElseThrow().data().toByteArray();
        byte[] nr = initResponse.first(NoncePayload.class).orElseThrow().data().toByteArray();
        IkeAlgorithms algorithms = algorithms();
        IkeSaKeys keys = IkeSaKeys.derive(algorithms, Ikev2Kdf.skeyseed(algorithms.prf(), ni, nr, gir), ni, nr,
                initResponse.header().initiatorSpi(), initResponse.header().responderSpi());
        return new Recording(messages, gir, ni, nr, keys, algorithms, draws);
    }

    /** What the SA payloads on the wire name (the only proposal both sides have). */
    private static IkeAlgorithms algorithms() {
        var p = ProposalParser.ike(IKE);
        return new IkeAlgorithms(p.ciphers().getFirst(), null, p.prfs().getFirst(), p.groups().getFirst(), List.of());
    }

    private static ConnectionConfig connection(ConnectionConfig c, Authentication auth) {
        return new ConnectionConfig(c.name(), c.local(), c.remote(), c.localId(), c.remoteId(), auth, List.of(ProposalParser.ike(IKE)),
                c.espProposals(), c.localSelectors(), c.remoteSelectors(), c.lifetimes(), c.dpd(), c.retransmit());
    }

    private static Prf prf(Recording r) {
        PrfAlgorithm prf = r.algorithms().prf();
        return prf::prf;
    }

    private static byte[] restOfId(IdentificationPayload id) {
        byte[] rest = new byte[4 + id.data().length()];
        rest[0] = (byte) id.idTypeCode();
        id.data().copyTo(rest, 4);
        return rest;
    }

    private static ECPoint point(byte[] xy) {
        int half = xy.length / 2;
        return P256.getCurve().validatePoint(new BigInteger(1, Arrays.copyOf(xy, half)), new BigInteger(1, Arrays.copyOfRange(xy, half, xy.length)));
    }

    private static byte[] withoutMarker(byte[] datagram) {
        boolean marker = datagram.length > 4 && datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0 && datagram[3] == 0;
        return marker ? Arrays.copyOfRange(datagram, 4, datagram.length) : datagram;
    }

    private static String pin(int c) {
        return String.format("%06d", c);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static <T extends Payload> T first(List<Payload> payloads, Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
