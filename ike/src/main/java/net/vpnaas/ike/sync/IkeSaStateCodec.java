package net.vpnaas.ike.sync;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/**
 * The versioned binary encoding of {@link IkeSaState}, for a cluster's sync channel. Version 2 (1 had no
 * virtual address): the magic "IKSS", a version octet, then the fields in the record's order, big-endian, variable ones
 * length-prefixed. Decoding checks everything it can before anything is used (algorithms known, key
 * lengths as the algorithms want them, bounded counts and lengths, nothing left over): malformed or
 * foreign state is refused whole with a {@link StateDecodeException}, never half-imported.
 */
public final class IkeSaStateCodec {
    public static final int VERSION = 2;
    private static final byte[] MAGIC = {'I', 'K', 'S', 'S'};
    private static final int MAX_TEXT = 1024;
    private static final int MAX_NONCE = 256;
    private static final int MAX_KEY = 256;
    private static final int MAX_ADDITIONAL = 7;
    private static final int MAX_FRAGMENTS = 64;
    private static final int MAX_CHILDREN = 1024;
    private static final int MAX_SELECTORS = 256;

    private IkeSaStateCodec() {}

    public static byte[] encode(IkeSaState s) {
        StateWriter w = new StateWriter();
        for (byte b : MAGIC) w.u8(b);
        w.u8(VERSION);
        w.text(s.connection());
        w.u8(s.originalInitiator() ? 1 : 0).u64(s.initiatorSpi()).u64(s.responderSpi());
        w.endpoint(s.local()).endpoint(s.remote()).u8(s.carrier().ordinal());
        w.u8(s.localBehindNat() ? 1 : 0).u8(s.remoteBehindNat() ? 1 : 0).u8(s.udpEncapsulationForced() ? 1 : 0);
        IkeAlgorithms a = s.algorithms();
        w.u16(a.cipher().algorithm().id()).u16(a.cipher().keyBits()).u16(a.integrity() == null ? 0 : a.integrity().id())
                .u16(a.prf().id()).u16(a.keyExchange().id());
        additional(w, a.additional());
        for (Bytes k : s.keys()) w.bytes16(k);
        w.bytes16(s.ni()).bytes16(s.nr()).text(s.remoteIdentity());
        w.u8(s.peerFragmentation() ? 1 : 0).u8(s.peerQcd() ? 1 : 0).u8(s.peerQcdToken().isPresent() ? 1 : 0);
        s.peerQcdToken().ifPresent(w::bytes16);
        w.u8(s.messageIdSync() ? 1 : 0).u8(s.replayCounterSync() ? 1 : 0);
        w.u8(s.ppkId().isPresent() ? 1 : 0);
        s.ppkId().ifPresent(w::text);
        w.u32(s.nextRequestId()).u32(s.expectedPeerRequest()).u8(s.lastResponse().isPresent() ? 1 : 0);
        s.lastResponse().ifPresent(r -> {
            w.u32(r.messageId()).u8(r.datagrams().size());
            r.datagrams().forEach(w::bytes16);
        });
        w.instant(s.establishedAt()).instant(s.ikeRekeyAt()).instant(s.ikeExpiresAt());
        w.u16(s.children().size());
        for (ChildSaState c : s.children()) {
            w.u32(c.reqid());
            ChildAlgorithms ca = c.algorithms();
            w.u16(ca.cipher().algorithm().id()).u16(ca.cipher().keyBits()).u16(ca.integrity() == null ? 0 : ca.integrity().id())
                    .u8(ca.esn() ? 1 : 0).u16(ca.pfsGroup() == null ? 0 : ca.pfsGroup().id());
            additional(w, ca.additional());
            espKeys(w, c.inbound());
            espKeys(w, c.outbound());
            selectors(w, c.localSelectors());
            selectors(w, c.remoteSelectors());
            w.instant(c.createdAt()).instant(c.rekeyAt());
        }
        w.u8(s.virtualAddress().isPresent() ? 1 : 0);
        s.virtualAddress().ifPresent(w::address);
        return w.toByteArray();
    }

    public static IkeSaState decode(byte[] bytes) throws StateDecodeException {
        StateReader r = new StateReader(bytes);
        for (byte b : MAGIC) {
            if (r.u8("magic") != b) throw new StateDecodeException("not IKE SA state (magic)");
        }
        int version = r.u8("version");
        if (version != VERSION) throw new StateDecodeException("state version " + version + ", this engine reads " + VERSION);
        try {
            String connection = r.text(MAX_TEXT, "connection");
            boolean originalInitiator = r.flag("originalInitiator");
            long spiI = r.u64("SPIi");
            long spiR = r.u64("SPIr");
            if (spiI == 0 || spiR == 0) throw new StateDecodeException("an established IKE SA has both SPIs");
            var local = r.endpoint("local");
            var remote = r.endpoint("remote");
            int carrier = r.u8("carrier");
            if (carrier >= Carrier.values().length) throw new StateDecodeException("carrier " + carrier);
            boolean localNat = r.flag("localBehindNat");
            boolean remoteNat = r.flag("remoteBehindNat");
            boolean forced = r.flag("udpEncapsulationForced");
            CipherChoice cipher = cipher(r);
            IntegrityAlgorithm integrity = integrity(r);
            PrfAlgorithm prf = PrfAlgorithm.byId(r.u16("PRF")).orElseThrow(() -> new StateDecodeException("unknown PRF"));
            KeyExchangeMethod ke = method(r.u16("key exchange"));
            IkeAlgorithms algorithms = new IkeAlgorithms(cipher, integrity, prf, ke, additional(r));
            List<Bytes> keys = ikeKeys(r, algorithms);
            Bytes ni = Bytes.wrap(r.bytes16(MAX_NONCE, "Ni"));
            Bytes nr = Bytes.wrap(r.bytes16(MAX_NONCE, "Nr"));
            String remoteIdentity = r.text(MAX_TEXT, "remote identity");
            boolean peerFragmentation = r.flag("peerFragmentation");
            boolean peerQcd = r.flag("peerQcd");
            Optional<Bytes> token = r.flag("has QCD token") ? Optional.of(Bytes.wrap(r.bytes16(128, "QCD token"))) : Optional.empty();
            if (token.isPresent() && (!peerQcd || token.get().length() < 16)) throw new StateDecodeException("a QCD token out of place");
            boolean messageIdSync = r.flag("messageIdSync");
            boolean replayCounterSync = r.flag("replayCounterSync");
            if (replayCounterSync && !messageIdSync) throw new StateDecodeException("replay counter sync without Message ID sync");
            Optional<String> ppkId = r.flag("has PPK") ? Optional.of(r.text(MAX_TEXT, "PPK id")) : Optional.empty();
            long next = r.u32("next request ID");
            long expected = r.u32("expected request ID");
            Optional<IkeSaState.CachedResponse> last = Optional.empty();
            if (r.flag("has last response")) {
                long id = r.u32("last response ID");
                int n = r.u8("fragments");
                if (n == 0 || n > MAX_FRAGMENTS) throw new StateDecodeException(n + " datagrams in the last response");
                List<Bytes> datagrams = new ArrayList<>(n);
                for (int i = 0; i < n; i++) datagrams.add(Bytes.wrap(r.bytes16(0xffff, "last response")));
                if (id >= expected) throw new StateDecodeException("a last response to a request not yet received");
                last = Optional.of(new IkeSaState.CachedResponse(id, datagrams));
            }
            Instant established = r.instant("establishedAt");
            if (established == null) throw new StateDecodeException("not established");
            Instant rekeyAt = r.instant("ikeRekeyAt");
            Instant expiresAt = r.instant("ikeExpiresAt");
            int count = r.u16("Child SAs");
            if (count > MAX_CHILDREN) throw new StateDecodeException(count + " Child SAs");
            List<ChildSaState> children = new ArrayList<>(count);
            for (int i = 0; i < count; i++) children.add(child(r));
            Optional<InetAddress> virtualAddress = r.flag("has virtual address") ? Optional.of(r.address("virtual address")) : Optional.empty();
            r.end();
            return new IkeSaState(connection, originalInitiator, spiI, spiR, local, remote, Carrier.values()[carrier], localNat,
                    remoteNat, forced, algorithms, keys, ni, nr, remoteIdentity, peerFragmentation, peerQcd, token, messageIdSync,
                    replayCounterSync, ppkId, next, expected, last, established, rekeyAt, expiresAt, children, virtualAddress);
        } catch (IllegalArgumentException e) {
            // a record refused a combination (AEAD with integrity, a key size the cipher has not, ...)
            throw new StateDecodeException("inconsistent state: " + e.getMessage());
        }
    }

    private static ChildSaState child(StateReader r) throws StateDecodeException {
        long reqid = r.u32("reqid");
        if (reqid == 0 || reqid > Integer.MAX_VALUE) throw new StateDecodeException("reqid " + reqid);
        CipherChoice cipher = cipher(r);
        IntegrityAlgorithm integrity = integrity(r);
        boolean esn = r.flag("ESN");
        int pfs = r.u16("PFS group");
        List<AdditionalKeyExchange> additional = additional(r);
        ChildAlgorithms algorithms = new ChildAlgorithms(cipher, integrity, esn, pfs == 0 ? null : method(pfs), additional);
        EspKeys inbound = espKeys(r, algorithms, "inbound");
        EspKeys outbound = espKeys(r, algorithms, "outbound");
        List<TrafficSelector> local = selectors(r, "local selectors");
        List<TrafficSelector> remote = selectors(r, "remote selectors");
        Instant created = r.instant("createdAt");
        if (created == null) throw new StateDecodeException("a Child SA without its creation time");
        return new ChildSaState((int) reqid, algorithms, inbound, outbound, local, remote, created, r.instant("Child SA rekeyAt"));
    }

    private static CipherChoice cipher(StateReader r) throws StateDecodeException {
        int id = r.u16("cipher");
        EncryptionAlgorithm e = EncryptionAlgorithm.byId(id).orElseThrow(() -> new StateDecodeException("unknown cipher " + id));
        return new CipherChoice(e, r.u16("key bits"));
    }

    private static IntegrityAlgorithm integrity(StateReader r) throws StateDecodeException {
        int id = r.u16("integrity");
        return id == 0 ? null : IntegrityAlgorithm.byId(id).orElseThrow(() -> new StateDecodeException("unknown integrity " + id));
    }

    private static KeyExchangeMethod method(int id) throws StateDecodeException {
        return KeyExchangeMethod.byId(id).orElseThrow(() -> new StateDecodeException("unknown key exchange method " + id));
    }

    private static void additional(StateWriter w, List<AdditionalKeyExchange> list) {
        w.u8(list.size());
        for (AdditionalKeyExchange a : list) w.u8(a.number()).u16(a.method().id());
    }

    private static List<AdditionalKeyExchange> additional(StateReader r) throws StateDecodeException {
        int n = r.u8("additional key exchanges");
        if (n > MAX_ADDITIONAL) throw new StateDecodeException(n + " additional key exchanges");
        List<AdditionalKeyExchange> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int number = r.u8("ADDKE number");
            if (number < 1 || number > MAX_ADDITIONAL) throw new StateDecodeException("ADDKE" + number);
            out.add(new AdditionalKeyExchange(number, method(r.u16("ADDKE method"))));
        }
        return out;
    }

    /** The seven keys, each as long as the algorithms make it (RFC 7296 2.14). */
    private static List<Bytes> ikeKeys(StateReader r, IkeAlgorithms a) throws StateDecodeException {
        int prf = a.prf().outputLength();
        int integ = a.integrityKeyLength();
        int enc = a.encryptionKeyMaterialLength();
        int[] lengths = {prf, integ, integ, enc, enc, prf, prf};
        String[] names = {"SK_d", "SK_ai", "SK_ar", "SK_ei", "SK_er", "SK_pi", "SK_pr"};
        List<Bytes> keys = new ArrayList<>(IkeSaState.KEY_COUNT);
        for (int i = 0; i < lengths.length; i++) {
            byte[] k = r.bytes16(MAX_KEY, names[i]);
            if (k.length != lengths[i]) throw new StateDecodeException(names[i] + " of " + k.length + " octets, not " + lengths[i]);
            keys.add(Bytes.wrap(k));
        }
        return keys;
    }

    private static void espKeys(StateWriter w, EspKeys k) {
        w.u32(k.spi()).bytes16(k.encryptionKey()).bytes16(k.integrityKey());
    }

    private static EspKeys espKeys(StateReader r, ChildAlgorithms a, String direction) throws StateDecodeException {
        long spi = r.u32(direction + " SPI");
        if (spi < 256) throw new StateDecodeException(direction + " SPI " + spi + " is reserved");
        byte[] enc = r.bytes16(MAX_KEY, direction + " encryption key");
        byte[] integ = r.bytes16(MAX_KEY, direction + " integrity key");
        int wantEnc = a.cipher().algorithm().keyMaterialLength(a.cipher().keyBits());
        int wantInteg = a.integrity() == null ? 0 : a.integrity().keyLength();
        if (enc.length != wantEnc || integ.length != wantInteg) throw new StateDecodeException(direction + " keys of the wrong length");
        return new EspKeys(spi, enc, integ);
    }

    private static void selectors(StateWriter w, List<TrafficSelector> list) {
        w.u16(list.size());
        for (TrafficSelector t : list) w.address(t.start()).address(t.end()).u8(t.ipProtocol()).u16(t.startPort()).u16(t.endPort());
    }

    private static List<TrafficSelector> selectors(StateReader r, String what) throws StateDecodeException {
        int n = r.u16(what);
        if (n == 0 || n > MAX_SELECTORS) throw new StateDecodeException(n + " " + what);
        List<TrafficSelector> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            InetAddress start = r.address(what);
            InetAddress end = r.address(what);
            if (start.getAddress().length != end.getAddress().length) throw new StateDecodeException(what + " of two families");
            out.add(new TrafficSelector(start, end, r.u8("IP protocol"), r.u16("start port"), r.u16("end port")));
        }
        return out;
    }
}
