package net.vpnaas.ike.bench;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.vpnaas.ike.auth.AuthData;
import net.vpnaas.ike.auth.PskAuthenticator;
import net.vpnaas.ike.auth.SignatureAuthenticator;
import net.vpnaas.ike.auth.SignatureHashAlgorithms;
import net.vpnaas.ike.auth.SignatureScheme;
import net.vpnaas.ike.auth.SignedOctets;
import net.vpnaas.ike.auth.VerifyResult;
import net.vpnaas.ike.crypto.IntegrityCheckException;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.ClientPuzzle;
import net.vpnaas.ike.crypto.Ikev2Kdf;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.exchange.SkProtection;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.CertEncoding;
import net.vpnaas.ike.message.CertificatePayload;
import net.vpnaas.ike.message.CertificateRequestPayload;
import net.vpnaas.ike.message.DeletePayload;
import net.vpnaas.ike.message.EncryptedPayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.PayloadChain;
import net.vpnaas.ike.message.PpkIdentity;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.message.PuzzleSolutionPayload;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.message.TrafficSelectorPayload;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.IkeSaKeys;
import net.vpnaas.ike.task.ProposalSelection;

/**
 * One initiator-side IKE SA of the load generator: IKE_SA_INIT, one IKE_INTERMEDIATE exchange per
 * negotiated additional key exchange (RFC 9370, RFC 9242), IKE_AUTH (IDi, [CERT, CERTREQ], AUTH, SAi2,
 * TSi, TSr[, N(PPK_IDENTITY)]) with a check of the responder's AUTH, then an INFORMATIONAL Delete of
 * the IKE SA. A PPK (RFC 8784) is required: no NO_PPK_AUTH, and the responder must confirm it. A
 * responder under load is answered as RFC 7296 2.6 and RFC 8019 7.1.2 want: IKE_SA_INIT again with its
 * COOKIE first and, if it sent a PUZZLE, the solution (PS) last; a PUZZLE in its IKE_SA_INIT response is
 * solved for IKE_AUTH (RFC 8019 7.2), PS in front of SK.
 * The codec, KDF, SK protection and AUTH primitives are the engine's own; only the sequencing is here,
 * kept free of the engine's task machinery so that the generator stays cheap. Not thread-safe: the
 * generator calls it under the handshake's own lock.
 */
final class Handshake {
    private static final int NONCE_LENGTH = 32;
    /** COOKIE answers taken before giving up: a responder may change its secret once while we retry. */
    private static final int MAX_COOKIES = 2;
    /** The hardest PUZZLE solved, as the engine's initiator by default (DefenceOptions.acceptedDifficulty). */
    private static final int MAX_DIFFICULTY = 20;

    enum Phase { INIT, INTERMEDIATE, AUTH, DELETE, DONE }

    /** A response that ends this handshake unsuccessfully; {@code reason} is a short, countable label. */
    static final class Failed extends Exception {
        Failed(String reason) {
            super(reason, null, false, false);
        }
    }

    private final GeneratorContext ctx;
    private final IkeSa sa;
    private final byte[] ni;
    private final long childSpi;
    private Phase phase = Phase.INIT;
    private byte[] lastSent;
    /** The IKE_SA_INIT payloads without COOKIE and PS, for a retry with them. */
    private List<Payload> initPayloads;
    private int cookies;
    /** The message ID of our request in flight (or last answered). */
    private long requestId;
    /** Our IKE_AUTH request's message ID: the IntAuth both AUTH payloads cover ends with it. */
    private long authMessageId;
    /** The keys with the PPK mixed in that our AUTH used; the responder's must verify under them too. */
    private IkeSaKeys ppkKeys;
    private long sentAtNanos;
    private int retransmits;
    private boolean awaiting;
    private boolean natBetween;
    private List<Integer> peerSignatureHashes = List.of();
    /** Our solution of the responder's IKE_AUTH puzzle (PS in front of SK), or null when it asked for none. */
    private Bytes authPuzzleSolution;
    private long responderChildSpi;
    /** Completes when the responder's AUTH verified (the handshake counts from then on). */
    final CompletableFuture<Handshake> established = new CompletableFuture<>();

    Handshake(GeneratorContext ctx, InetSocketAddress local, InetSocketAddress remote) {
        this.ctx = ctx;
        long spi;
        do {
            spi = ByteBuffer.wrap(ctx.random().bytes(8)).getLong();
        } while (spi == 0);
        this.sa = new IkeSa(true, spi, 0, local, remote);
        this.ni = ctx.random().bytes(NONCE_LENGTH);
        this.childSpi = Integer.toUnsignedLong(ByteBuffer.wrap(ctx.random().bytes(4)).getInt()) | 0x1000;
    }

    long spi() {
        return sa.initiatorSpi();
    }

    long responderSpi() {
        return sa.responderSpi();
    }

    /** The responder's inbound ESP SPI of the Child SA (what {@code swanctl --list-sas} shows as "in"). */
    long responderChildSpi() {
        return responderChildSpi;
    }

    Phase phase() {
        return phase;
    }

    byte[] lastSent() {
        return lastSent;
    }

    long sentAtNanos() {
        return sentAtNanos;
    }

    int retransmits() {
        return retransmits;
    }

    void retransmitted(long now) {
        retransmits++;
        sentAtNanos = now;
    }

    /** Whether a request of ours is unanswered (what the generator's timeout watches). */
    boolean awaiting() {
        return awaiting;
    }

    private byte[] sent(long messageId, byte[] message) {
        awaiting = true;
        requestId = messageId;
        lastSent = message;
        sentAtNanos = System.nanoTime();
        retransmits = 0;
        return message;
    }

    byte[] initRequest() {
        List<Payload> p = new ArrayList<>();
        boolean additional = ProposalSelection.offersAdditional(ctx.profile().ike());
        p.add(new SecurityAssociationPayload(ProposalSelection.offerIke(ctx.profile().ike(), Bytes.EMPTY, additional)));
        p.add(KeyExchangePayload.of(net.vpnaas.ike.message.KeyExchangeMethod.of(ctx.keyExchange().method().id()),
                Bytes.wrap(ctx.publicValue())));
        p.add(new NoncePayload(Bytes.wrap(ni)));
        p.add(NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, Bytes.wrap(NatDetection.hash(sa.initiatorSpi(), 0, sa.localAddress()))));
        p.add(NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, Bytes.wrap(NatDetection.hash(sa.initiatorSpi(), 0, sa.remoteAddress()))));
        if (ctx.profile().credentials() instanceof InitiatorProfile.Credentials.Certificate) {
            p.add(NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, Bytes.wrap(SignatureHashAlgorithms.SUPPORTED.encode())));
        }
        if (additional) p.add(NotifyPayload.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED, Bytes.EMPTY));
        if (ctx.profile().ppk() != null) p.add(NotifyPayload.of(NotifyType.USE_PPK, Bytes.EMPTY));
        initPayloads = List.copyOf(p);
        return sendInit(p);
    }

    private byte[] sendInit(List<Payload> payloads) {
        byte[] bytes = IkeMessage.of(IkeHeader.of(sa.initiatorSpi(), 0, ExchangeType.IKE_SA_INIT, true, false, 0), payloads).encode();
        sa.initMessages(bytes, null); // AUTH covers the request the responder answered: the last one
        return sent(0, bytes);
    }

    /** HDR, N(COOKIE), SAi1, KEi, Ni, ... [, PS]: the same request, now bound to the responder's cookie. */
    private byte[] retryWithCookie(IkeMessage m, NotifyPayload cookie) throws Failed {
        if (++cookies > MAX_COOKIES) throw new Failed("IKE_SA_INIT: COOKIE again and again");
        List<Payload> p = new ArrayList<>();
        p.add(NotifyPayload.of(NotifyType.COOKIE, cookie.data()));
        p.addAll(initPayloads);
        var puzzle = m.notify(NotifyType.PUZZLE).flatMap(n -> PuzzleNotification.decode(n.data()));
        if (puzzle.isPresent()) {
            PrfAlgorithm prf = PrfAlgorithm.byId(puzzle.get().prfId()).orElseThrow(() -> new Failed("PUZZLE with a PRF we do not know"));
            if (puzzle.get().difficulty() > MAX_DIFFICULTY) throw new Failed("PUZZLE harder than " + MAX_DIFFICULTY + " bits");
            p.add(new PuzzleSolutionPayload(Bytes.wrap(ClientPuzzle.solve(prf, cookie.data().toByteArray(), puzzle.get().difficulty()))));
        }
        return sendInit(p);
    }

    /**
     * Processes a response; returns the next request to send, or null when there is none: the datagram
     * was a duplicate or unexpected, the responder's AUTH just verified (phase DELETE, nothing awaited;
     * the generator decides when to delete) or the Delete was answered (phase DONE).
     */
    byte[] onResponse(IkeMessage m, byte[] datagram) throws Failed {
        IkeHeader h = m.header();
        if (!h.response() || h.initiator() || !awaiting) return null;
        ExchangeType type = h.exchangeType();
        boolean expected = h.messageId() == requestId && switch (phase) {
            case INIT -> type == ExchangeType.IKE_SA_INIT;
            case INTERMEDIATE -> type == ExchangeType.IKE_INTERMEDIATE;
            case AUTH -> type == ExchangeType.IKE_AUTH;
            case DELETE -> type == ExchangeType.INFORMATIONAL;
            case DONE -> false;
        };
        if (!expected) return null;
        awaiting = false;
        return switch (phase) {
            case INIT -> onInitResponse(m, datagram);
            case INTERMEDIATE -> onIntermediateResponse(m);
            case AUTH -> onAuthResponse(m);
            case DELETE -> {
                open(m);
                phase = Phase.DONE;
                yield null;
            }
            case DONE -> null;
        };
    }

    private byte[] onInitResponse(IkeMessage m, byte[] datagram) throws Failed {
        for (NotifyPayload n : m.payloads(NotifyPayload.class)) {
            if (n.notifyTypeCode() == NotifyType.COOKIE.code()) return retryWithCookie(m, n);
            if (n.isError()) throw new Failed("IKE_SA_INIT " + n.notifyType());
        }
        SecurityAssociationPayload saPayload = m.first(SecurityAssociationPayload.class).orElseThrow(() -> new Failed("IKE_SA_INIT without SA"));
        KeyExchangePayload ke = m.first(KeyExchangePayload.class).orElseThrow(() -> new Failed("IKE_SA_INIT without KE"));
        NoncePayload nr = m.first(NoncePayload.class).orElseThrow(() -> new Failed("IKE_SA_INIT without Nr"));
        boolean intermediate = m.notify(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED).isPresent();
        var selected = ProposalSelection.selectIke(ctx.profile().ike(), saPayload.proposals(), intermediate)
                .orElseThrow(() -> new Failed("IKE_SA_INIT: unexpected proposal"));
        if (ke.methodCode() != ctx.keyExchange().method().id()) throw new Failed("IKE_SA_INIT: other KE group");
        m.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS).ifPresent(n -> peerSignatureHashes =
                SignatureHashAlgorithms.decode(n.data().toByteArray()).map(SignatureHashAlgorithms::ids).orElse(List.of()));
        byte[] gir;
        try {
            gir = ctx.keyExchange().sharedSecret(ke.data().toByteArray());
        } catch (InvalidPublicValueException e) {
            throw new Failed("IKE_SA_INIT: bad KE");
        }
        natBetween = natDetected(m);
        byte[] nrBytes = nr.data().toByteArray();
        sa.responderSpi(m.header().responderSpi());
        sa.nonces(ni, nrBytes);
        sa.initMessages(sa.initiatorInitMessage(), datagram);
        var algorithms = selected.algorithms();
        byte[] skeyseed = Ikev2Kdf.skeyseed(algorithms.prf(), ni, nrBytes, gir);
        sa.established(algorithms, IkeSaKeys.derive(algorithms, skeyseed, ni, nrBytes, sa.initiatorSpi(), sa.responderSpi()));
        if (ctx.profile().ppk() != null && m.notify(NotifyType.USE_PPK).isEmpty()) throw new Failed("IKE_SA_INIT without USE_PPK");
        authPuzzleSolution = solveAuthPuzzle(m, nrBytes);
        return afterKeyExchange();
    }

    /** A PUZZLE in the IKE_SA_INIT response is for IKE_AUTH (RFC 8019 7.2): its solution over Nr | SPIr, or null. */
    private Bytes solveAuthPuzzle(IkeMessage m, byte[] nr) throws Failed {
        var puzzle = m.notify(NotifyType.PUZZLE).flatMap(n -> PuzzleNotification.decode(n.data()));
        if (puzzle.isEmpty()) return null;
        PrfAlgorithm prf = PrfAlgorithm.byId(puzzle.get().prfId()).orElseThrow(() -> new Failed("IKE_AUTH PUZZLE with a PRF we do not know"));
        if (puzzle.get().difficulty() > MAX_DIFFICULTY) throw new Failed("IKE_AUTH PUZZLE harder than " + MAX_DIFFICULTY + " bits");
        return Bytes.wrap(ClientPuzzle.solve(prf, ClientPuzzle.ikeAuthChallenge(nr, sa.responderSpi()), puzzle.get().difficulty()));
    }

    /** The next IKE_INTERMEDIATE request while additional key exchanges are pending, else IKE_AUTH. */
    private byte[] afterKeyExchange() throws Failed {
        long id = requestId + 1;
        if (sa.pendingAdditionalKeyExchanges().isEmpty()) {
            phase = Phase.AUTH;
            authMessageId = id;
            IkeHeader h = IkeHeader.of(sa.initiatorSpi(), sa.responderSpi(), ExchangeType.IKE_AUTH, true, false, id);
            List<Payload> clear = authPuzzleSolution == null ? List.of() : List.of(new PuzzleSolutionPayload(authPuzzleSolution));
            return sent(id, IkeMessage.encodeProtected(h, clear, authPayloads(), SkProtection.protector(sa.keys().initiatorCipher(), ctx.random())));
        }
        phase = Phase.INTERMEDIATE;
        KeyExchangeMethod method = sa.pendingAdditionalKeyExchanges().getFirst().method();
        List<Payload> p = List.of(KeyExchangePayload.of(net.vpnaas.ike.message.KeyExchangeMethod.of(method.id()),
                Bytes.wrap(ctx.additionalPublicValue(method))));
        IkeHeader h = IkeHeader.of(sa.initiatorSpi(), sa.responderSpi(), ExchangeType.IKE_INTERMEDIATE, true, false, id);
        sa.intermediateAuth().add(true, sa.keys(), IkeMessage.intermediateAuthenticatedOctets(h, PayloadChain.firstType(p),
                Bytes.wrap(PayloadChain.encode(p))));
        return sent(id, SkProtection.seal(h, p, sa.keys().initiatorCipher(), ctx.random()));
    }

    /** The responder's half of an additional key exchange: IntAuth takes the message, then the keys change. */
    private byte[] onIntermediateResponse(IkeMessage m) throws Failed {
        EncryptedPayload sk = m.first(EncryptedPayload.class).orElseThrow(() -> new Failed("IKE_INTERMEDIATE without SK"));
        List<Payload> inner;
        try {
            Bytes chain = SkProtection.openChain(m, sk, sa.keys().responderCipher());
            sa.intermediateAuth().add(false, sa.keys(), IkeMessage.intermediateAuthenticatedOctets(m.header(), sk.firstInnerPayloadType(), chain));
            inner = sk.decodeInner(chain);
        } catch (IntegrityCheckException | IkeDecodeException e) {
            throw new Failed("IKE_INTERMEDIATE: cannot open SK");
        }
        KeyExchangeMethod method = sa.pendingAdditionalKeyExchanges().getFirst().method();
        KeyExchangePayload ke = find(inner, KeyExchangePayload.class).filter(k -> k.methodCode() == method.id())
                .orElseThrow(() -> new Failed("IKE_INTERMEDIATE without KE of " + method));
        try {
            sa.additionalKeyExchangeDone(ctx.additional(method).sharedSecret(ke.data().toByteArray()));
        } catch (InvalidPublicValueException e) {
            throw new Failed("IKE_INTERMEDIATE: bad KE");
        }
        return afterKeyExchange();
    }

    /** Whether the responder's NAT_DETECTION data show a NAT (real or, for strongSwan with libipsec, faked). */
    private boolean natDetected(IkeMessage m) {
        long spiI = m.header().initiatorSpi();
        long spiR = m.header().responderSpi();
        byte[] responderHash = NatDetection.hash(spiI, spiR, sa.remoteAddress());
        byte[] ourHash = NatDetection.hash(spiI, spiR, sa.localAddress());
        boolean sourceOk = false;
        boolean destinationOk = false;
        boolean any = false;
        for (NotifyPayload n : m.payloads(NotifyPayload.class)) {
            if (n.notifyTypeCode() == NotifyType.NAT_DETECTION_SOURCE_IP.code()) {
                any = true;
                sourceOk |= java.util.Arrays.equals(n.data().toByteArray(), responderHash);
            } else if (n.notifyTypeCode() == NotifyType.NAT_DETECTION_DESTINATION_IP.code()) {
                any = true;
                destinationOk |= java.util.Arrays.equals(n.data().toByteArray(), ourHash);
            }
        }
        return any && !(sourceOk && destinationOk);
    }

    /** After a NAT was detected the initiator sends from IKE_AUTH on to port 4500 (RFC 7296 2.23). */
    boolean natBetween() {
        return natBetween;
    }

    private List<Payload> authPayloads() throws Failed {
        InitiatorProfile p = ctx.profile();
        IdentificationPayload id = new IdentificationPayload(true, p.localId().typeCode(), Bytes.wrap(p.localId().data()));
        InitiatorProfile.Ppk ppk = p.ppk();
        if (ppk != null) ppkKeys = sa.keys().withPpk(ppk.secret());
        byte[] octets = withIntAuth(SignedOctets.initiator(sa.initiatorInitMessage(), sa.nr(), this::prf, authKeys().skPi(),
                id.restOfPayload().toByteArray()));
        List<Payload> out = new ArrayList<>();
        out.add(id);
        AuthData auth = switch (p.credentials()) {
            case InitiatorProfile.Credentials.Psk psk -> PskAuthenticator.authData(this::prf, psk.key(), octets);
            case InitiatorProfile.Credentials.Certificate c -> {
                out.add(CertificatePayload.of(CertEncoding.X509_SIGNATURE, Bytes.wrap(ctx.certificateDer())));
                out.add(CertificateRequestPayload.of(CertEncoding.X509_SIGNATURE, Bytes.wrap(ctx.caKeyHash())));
                SignatureScheme scheme = SignatureScheme.select(c.key(), new SignatureHashAlgorithms(peerSignatureHashes),
                        net.vpnaas.ike.auth.RsaPadding.PSS).orElseThrow(() -> new Failed("no signature scheme the responder accepts"));
                try {
                    yield SignatureAuthenticator.sign(c.key(), scheme, octets);
                } catch (GeneralSecurityException e) {
                    throw new Failed("cannot sign: " + e.getMessage());
                }
            }
        };
        out.add(new AuthenticationPayload(auth.method(), Bytes.wrap(auth.data())));
        if (ppk != null) out.add(NotifyPayload.of(NotifyType.PPK_IDENTITY, PpkIdentity.encode(ppk.id())));
        out.add(new SecurityAssociationPayload(ProposalSelection.offerEsp(p.esp(), Bytes.wrap(ByteBuffer.allocate(4).putInt((int) childSpi).array()), false)));
        out.add(new TrafficSelectorPayload(true, List.of(Cidr.selector(p.localTs()))));
        out.add(new TrafficSelectorPayload(false, List.of(Cidr.selector(p.remoteTs()))));
        return out;
    }

    private byte[] onAuthResponse(IkeMessage m) throws Failed {
        List<Payload> inner = open(m);
        for (Payload x : inner) {
            if (x instanceof NotifyPayload n && n.isError()) throw new Failed("IKE_AUTH " + n.notifyType());
        }
        IdentificationPayload idr = find(inner, IdentificationPayload.class).filter(i -> !i.initiator())
                .orElseThrow(() -> new Failed("IKE_AUTH without IDr"));
        AuthenticationPayload auth = find(inner, AuthenticationPayload.class).orElseThrow(() -> new Failed("IKE_AUTH without AUTH"));
        if (!ctx.profile().remoteId().matches(idr.idTypeCode(), idr.data().toByteArray())) throw new Failed("IKE_AUTH: wrong IDr");
        if (ppkKeys != null && find(inner, NotifyPayload.class, NotifyType.PPK_IDENTITY).isEmpty()) {
            throw new Failed("IKE_AUTH without PPK_IDENTITY");
        }
        byte[] octets = withIntAuth(SignedOctets.responder(sa.responderInitMessage(), ni, this::prf, authKeys().skPr(),
                idr.restOfPayload().toByteArray()));
        AuthData received = new AuthData(auth.methodCode(), auth.data().toByteArray());
        boolean ok = switch (ctx.profile().credentials()) {
            case InitiatorProfile.Credentials.Psk psk -> PskAuthenticator.verify(this::prf, psk.key(), octets, received);
            case InitiatorProfile.Credentials.Certificate c -> {
                X509Certificate peer = responderCertificate(inner);
                yield SignatureAuthenticator.verify(peer, received, octets) instanceof VerifyResult.Verified;
            }
        };
        if (!ok) throw new Failed("IKE_AUTH: responder AUTH does not verify");
        SecurityAssociationPayload child = find(inner, SecurityAssociationPayload.class)
                .filter(s -> s.proposals().size() == 1 && s.proposals().getFirst().spi().length() == 4)
                .orElseThrow(() -> new Failed("IKE_AUTH without Child SA"));
        if (find(inner, TrafficSelectorPayload.class).isEmpty()) throw new Failed("IKE_AUTH without TS");
        responderChildSpi = Integer.toUnsignedLong(ByteBuffer.wrap(child.proposals().getFirst().spi().toByteArray()).getInt());
        phase = Phase.DELETE;
        established.complete(this);
        return null; // the generator decides when to send the Delete
    }

    /** The INFORMATIONAL request that deletes this IKE SA (and with it the Child SA). */
    byte[] deleteRequest() {
        long id = requestId + 1;
        return sent(id, seal(ExchangeType.INFORMATIONAL, id, List.of(DeletePayload.ikeSa())));
    }

    /** The SK_p keys AUTH is computed with: those with the PPK mixed in, if there is one (RFC 8784 section 3). */
    private IkeSaKeys authKeys() {
        return ppkKeys != null ? ppkKeys : sa.keys();
    }

    /** Signed octets with IntAuth appended after IKE_INTERMEDIATE exchanges (RFC 9242 section 3.3.2). */
    private byte[] withIntAuth(byte[] octets) {
        byte[] intAuth = sa.intermediateAuth().intAuth(authMessageId);
        byte[] out = java.util.Arrays.copyOf(octets, octets.length + intAuth.length);
        System.arraycopy(intAuth, 0, out, octets.length, intAuth.length);
        return out;
    }

    /**
     * The responder's end-entity certificate, validated against our CA. The responder sends the same
     * certificate every time, so the generator validates it once (a cache keyed by its DER bytes) and
     * only checks each AUTH signature: a cheaper generator, same work for the responder.
     */
    private X509Certificate responderCertificate(List<Payload> inner) throws Failed {
        CertificatePayload cert = find(inner, CertificatePayload.class)
                .filter(c -> c.encodingCode() == CertEncoding.X509_SIGNATURE.code())
                .orElseThrow(() -> new Failed("IKE_AUTH without CERT"));
        byte[] der = cert.data().toByteArray();
        X509Certificate cached = ctx.validatedResponderCertificate(der);
        if (cached != null) return cached;
        try {
            X509Certificate x = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            InitiatorProfile.Credentials.Certificate c = (InitiatorProfile.Credentials.Certificate) ctx.profile().credentials();
            x.checkValidity();
            x.verify(c.ca().getPublicKey());
            ctx.rememberResponderCertificate(der, x);
            return x;
        } catch (GeneralSecurityException e) {
            throw new Failed("responder certificate: " + e.getClass().getSimpleName());
        }
    }

    private byte[] prf(byte[] key, byte[] data) {
        return sa.algorithms().prf().prf(key, data);
    }

    private byte[] seal(ExchangeType type, long messageId, List<Payload> payloads) {
        IkeHeader h = IkeHeader.of(sa.initiatorSpi(), sa.responderSpi(), type, true, false, messageId);
        return SkProtection.seal(h, payloads, sa.keys().initiatorCipher(), ctx.random());
    }

    private List<Payload> open(IkeMessage m) throws Failed {
        try {
            return SkProtection.open(m, sa.keys().responderCipher());
        } catch (IntegrityCheckException | IkeDecodeException e) {
            throw new Failed(m.header().exchangeType() + ": cannot open SK");
        }
    }

    private static Optional<NotifyPayload> find(List<Payload> payloads, Class<NotifyPayload> type, NotifyType notify) {
        return payloads.stream().filter(type::isInstance).map(type::cast).filter(n -> n.notifyTypeCode() == notify.code()).findFirst();
    }

    private static <T extends Payload> Optional<T> find(List<Payload> payloads, Class<T> type) {
        for (Payload p : payloads) {
            if (type.isInstance(p)) return Optional.of(type.cast(p));
        }
        return Optional.empty();
    }
}
