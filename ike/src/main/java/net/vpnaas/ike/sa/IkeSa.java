package net.vpnaas.ike.sa;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.PpkIdentityKey;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.transport.Carrier;

/**
 * The state of one IKE SA. SPIs are named by who chose them: {@code initiatorSpi} by the original
 * initiator, {@code responderSpi} by the original responder. Only the IKE SA's own mailbox thread
 * touches an instance, so it is not synchronized.
 */
public final class IkeSa {

    public enum State { CREATED, CONNECTING, ESTABLISHED, REKEYING, REKEYED, DELETING, DEAD }

    private final boolean originalInitiator;
    private final long initiatorSpi;
    private long responderSpi;
    private IkeAlgorithms algorithms;
    private IkeSaKeys keys;
    private byte[] ni;
    private byte[] nr;
    private byte[] initiatorInitMessage;
    /** The IKE_SA_INIT g^ir, kept only for PACE (RFC 6631), whose mapping in IKE_AUTH needs it, and wiped there. */
    private byte[] initSharedSecret;
    /** The secure password method agreed in IKE_SA_INIT (RFC 6467), 0 for none. */
    private int securePasswordMethod;
    private byte[] responderInitMessage;
    private InetSocketAddress localAddress;
    private InetSocketAddress remoteAddress;
    private boolean localBehindNat;
    private boolean remoteBehindNat;
    private boolean udpEncapsulationForced;
    /** What carries this IKE SA: chosen when it starts, kept by its rekeyed successors (RFC 9329 section 6). */
    private Carrier carrier = Carrier.UDP;
    private State state = State.CREATED;
    private String remoteIdentity;
    /** The virtual IP assigned to the peer through CP (RFC 7296 2.19), null when none; a rekeyed successor takes it over. */
    private InetAddress virtualAddress;
    private List<Integer> peerSignatureHashes = List.of();
    private boolean peerFragmentation;
    private PuzzleNotification authPuzzle;
    private Bytes authPuzzleSolution;
    private final Map<Long, ChildSa> childrenByInboundSpi = new LinkedHashMap<>();
    private final IntermediateAuth intermediateAuth = new IntermediateAuth();
    private int additionalKeyExchangesDone;
    /** As responder: the keys before the last additional key exchange, and the request that brought it. */
    private IkeSaKeys keysBeforeAnswer;
    private long answeredWithNewKeys = -1;
    /** Whether and where a PPK is mixed in, as IKE_SA_INIT settled it. */
    private PpkUse ppkUse = PpkUse.NONE;
    /** RFC 9867: the IKE_INTERMEDIATE exchange that offers PPKs took place (whether or not one was agreed). */
    private boolean intermediatePpkExchanged;
    /** RFC 9867: the PPK agreed in IKE_INTERMEDIATE while an additional key exchange was still to come. */
    private String agreedPpkId;
    private byte[] agreedPpk;
    /** The id of the PPK mixed into this IKE SA's keys, null when none was. */
    private String ppkId;
    /** The protection of the IKE SA this one rekeyed (its keys derive from that one's SK_d). */
    private QuantumSafety inherited = QuantumSafety.NONE;
    /** Why the initiator offered no QKD although its policy prefers it (the KME gave no key); null otherwise. */
    private String qkdFallback;
    /** RFC 6290: the peer sent QUICK_CRASH_DETECTION in IKE_AUTH (it takes tokens; it may have given one). */
    private boolean peerQcd;
    /** RFC 6290: the token the peer gave for this IKE SA; null when none. */
    private Bytes peerQcdToken;
    /** RFC 6311: both sides announced IKEV2_MESSAGE_ID_SYNC_SUPPORTED / IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED. */
    private boolean messageIdSync;
    private boolean replayCounterSync;

    public IkeSa(boolean originalInitiator, long initiatorSpi, long responderSpi,
                 InetSocketAddress localAddress, InetSocketAddress remoteAddress) {
        this.originalInitiator = originalInitiator;
        this.initiatorSpi = initiatorSpi;
        this.responderSpi = responderSpi;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
    }

    public boolean originalInitiator() {
        return originalInitiator;
    }

    public long initiatorSpi() {
        return initiatorSpi;
    }

    public long responderSpi() {
        return responderSpi;
    }

    public void responderSpi(long spi) {
        this.responderSpi = spi;
    }

    /** The SPI we chose. */
    public long localSpi() {
        return originalInitiator ? initiatorSpi : responderSpi;
    }

    public IkeAlgorithms algorithms() {
        return algorithms;
    }

    public IkeSaKeys keys() {
        return keys;
    }

    public void established(IkeAlgorithms algorithms, IkeSaKeys keys) {
        this.algorithms = algorithms;
        this.keys = keys;
    }

    /** The negotiated additional key exchanges (RFC 9370) still to run, in order. */
    public List<AdditionalKeyExchange> pendingAdditionalKeyExchanges() {
        if (algorithms == null) return List.of();
        List<AdditionalKeyExchange> all = algorithms.additional();
        return all.subList(additionalKeyExchangesDone, all.size());
    }

    /**
     * The next additional key exchange is done: the keys are derived anew from its shared secret, and
     * after the last one a PPK agreed in the same IKE_INTERMEDIATE exchange is mixed in (RFC 9867).
     */
    public void additionalKeyExchangeDone(byte[] sharedSecret) {
        keys = keys.afterAdditionalKeyExchange(sharedSecret, ni, nr, initiatorSpi, responderSpi);
        additionalKeyExchangesDone++;
        if (agreedPpk != null && pendingAdditionalKeyExchanges().isEmpty()) mixIntermediatePpk();
    }

    /**
     * As responder, after answering IKE_INTERMEDIATE request {@code requestId}: the keys change, and
     * a retransmission of that request (our answer got lost) still comes under the old ones, so they
     * stay for it (see {@link #keysFor}).
     */
    public void additionalKeyExchangeAnswered(long requestId, byte[] sharedSecret) {
        keysBeforeAnswer = keys;
        answeredWithNewKeys = requestId;
        additionalKeyExchangeDone(sharedSecret);
    }

    /** The keys that protect a received message: the current ones, except for the case above. */
    public IkeSaKeys keysFor(boolean request, long messageId) {
        return request && messageId == answeredWithNewKeys ? keysBeforeAnswer : keys;
    }

    public PpkUse ppkUse() {
        return ppkUse;
    }

    public void ppkUse(PpkUse use) {
        this.ppkUse = use;
    }

    /**
     * RFC 9867: PPK {@code id} was agreed in IKE_INTERMEDIATE. It is mixed into the keys after the last
     * additional key exchange: now if none is pending, else when the one of this same exchange is done.
     * A responder passes the request it answered ({@code answeredRequest}, else -1), whose
     * retransmissions still come under the keys without the PPK (see {@link #keysFor}).
     */
    public void intermediatePpkAgreed(String id, byte[] ppk, long answeredRequest) {
        agreedPpkId = id;
        agreedPpk = ppk.clone();
        if (!pendingAdditionalKeyExchanges().isEmpty()) return;
        if (answeredRequest >= 0 && answeredWithNewKeys != answeredRequest) {
            keysBeforeAnswer = keys;
            answeredWithNewKeys = answeredRequest;
        }
        mixIntermediatePpk();
    }

    private void mixIntermediatePpk() {
        keys = keys.withIntermediatePpk(agreedPpk, ni, nr, initiatorSpi, responderSpi);
        ppkId = agreedPpkId;
        Arrays.fill(agreedPpk, (byte) 0);
        agreedPpk = null;
        agreedPpkId = null;
    }

    /** RFC 9867: whether the IKE_INTERMEDIATE exchange that offers PPKs took place. */
    public boolean intermediatePpkExchanged() {
        return intermediatePpkExchanged;
    }

    public void intermediatePpkExchanged(boolean exchanged) {
        this.intermediatePpkExchanged = exchanged;
    }

    /**
     * RFC 9867's PPK Confirmation of {@code ppk} for this IKE SA: the first 8 octets of
     * prf(PPK, Ni | Nr | SPIi | SPIr).
     */
    public byte[] ppkConfirmation(byte[] ppk) {
        byte[] full = algorithms.prf().prf(ppk, ni, nr, IkeSaKeys.spiBytes(initiatorSpi), IkeSaKeys.spiBytes(responderSpi));
        return Arrays.copyOf(full, PpkIdentityKey.CONFIRMATION_LENGTH);
    }

    /** The PPK (by id) mixed into the keys, in IKE_INTERMEDIATE (RFC 9867) or IKE_AUTH (RFC 8784); empty without. */
    public Optional<String> ppkId() {
        return Optional.ofNullable(ppkId);
    }

    /** IKE_AUTH authenticated keys with PPK {@code id} mixed in, and they are now this IKE SA's keys. */
    public void ppkApplied(String id, IkeSaKeys withPpk) {
        this.ppkId = id;
        this.keys = withPpk;
    }

    /** What protects this IKE SA's keys against a quantum computer, inherited protection included. */
    public QuantumSafety quantumSafety() {
        return QuantumSafety.of(algorithms, ppkId, qkdFallback, inherited);
    }

    /** The initiator left QKD out of its offer because its KME gave no key, for {@code reason}. */
    public void qkdFellBack(String reason) {
        this.qkdFallback = reason;
    }

    /** This IKE SA rekeys one with {@code predecessor}'s protection: its keys come from that one's SK_d. */
    public void inheritQuantumSafety(QuantumSafety predecessor) {
        this.inherited = predecessor;
    }

    /** The IntAuth chains of this IKE SA's IKE_INTERMEDIATE exchanges (RFC 9242 3.3). */
    public IntermediateAuth intermediateAuth() {
        return intermediateAuth;
    }

    public byte[] ni() {
        return ni;
    }

    public byte[] nr() {
        return nr;
    }

    public void initSharedSecret(byte[] gir) {
        initSharedSecret = gir.clone();
    }

    /** The IKE_SA_INIT g^ir kept for PACE, handed out once: the copy here is wiped. */
    public Optional<byte[]> takeInitSharedSecret() {
        byte[] gir = initSharedSecret;
        initSharedSecret = null;
        if (gir == null) return Optional.empty();
        byte[] copy = gir.clone();
        Arrays.fill(gir, (byte) 0);
        return Optional.of(copy);
    }

    public int securePasswordMethod() {
        return securePasswordMethod;
    }

    public void securePasswordMethod(int method) {
        securePasswordMethod = method;
    }

    public void nonces(byte[] ni, byte[] nr) {
        this.ni = ni;
        this.nr = nr;
    }

    /** The IKE_SA_INIT request and response as sent, which the AUTH payloads sign (RFC 7296 2.15). */
    public void initMessages(byte[] initiatorMessage, byte[] responderMessage) {
        this.initiatorInitMessage = initiatorMessage;
        this.responderInitMessage = responderMessage;
    }

    public byte[] initiatorInitMessage() {
        return initiatorInitMessage;
    }

    public byte[] responderInitMessage() {
        return responderInitMessage;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    public void addresses(InetSocketAddress local, InetSocketAddress remote) {
        this.localAddress = local;
        this.remoteAddress = remote;
    }

    public boolean localBehindNat() {
        return localBehindNat;
    }

    public boolean remoteBehindNat() {
        return remoteBehindNat;
    }

    public void natDetected(boolean local, boolean remote) {
        this.localBehindNat = local;
        this.remoteBehindNat = remote;
    }

    /** We made the peer believe it: ESP goes in UDP although no NAT is on the path. */
    public Carrier carrier() {
        return carrier;
    }

    public void carrier(Carrier c) {
        this.carrier = c;
    }

    public boolean udpEncapsulationForced() {
        return udpEncapsulationForced;
    }

    public void udpEncapsulationForced(boolean forced) {
        this.udpEncapsulationForced = forced;
    }

    /** A NAT on the path, or one faked: IKE moves to port 4500 and ESP is UDP-encapsulated. */
    public boolean natDetected() {
        return localBehindNat || remoteBehindNat || udpEncapsulationForced;
    }

    public State state() {
        return state;
    }

    public void state(State state) {
        this.state = state;
    }

    public String remoteIdentity() {
        return remoteIdentity;
    }

    public void remoteIdentity(String id) {
        this.remoteIdentity = id;
    }

    public InetAddress virtualAddress() {
        return virtualAddress;
    }

    public void virtualAddress(InetAddress address) {
        this.virtualAddress = address;
    }

    /** Hash algorithm ids of the peer's SIGNATURE_HASH_ALGORITHMS (RFC 7427); empty when it sent none. */
    /**
     * The PUZZLE the responder put in its IKE_SA_INIT response for IKE_AUTH (RFC 8019 7.2.1), which its
     * IKE_AUTH requests must solve; null when it asked for none. Both roles keep it.
     */
    public PuzzleNotification authPuzzle() {
        return authPuzzle;
    }

    public void authPuzzle(PuzzleNotification puzzle) {
        this.authPuzzle = puzzle;
    }

    /** As initiator: our solution of {@link #authPuzzle}, sent as PS in front of SK (RFC 8019 7.2.2); null when none. */
    public Bytes authPuzzleSolution() {
        return authPuzzleSolution;
    }

    public void authPuzzleSolution(Bytes solution) {
        this.authPuzzleSolution = solution;
    }

    /** The peer sent IKEV2_FRAGMENTATION_SUPPORTED in IKE_SA_INIT (RFC 7383 2.3): we may send it SKF. */
    public boolean peerFragmentation() {
        return peerFragmentation;
    }

    public void peerFragmentation(boolean supported) {
        this.peerFragmentation = supported;
    }

    /** RFC 6290: whether the peer announced QUICK_CRASH_DETECTION in IKE_AUTH. */
    public boolean peerQcd() {
        return peerQcd;
    }

    /** The peer announced QUICK_CRASH_DETECTION, with {@code token} (null: it makes none). */
    public void peerQcd(Bytes token) {
        this.peerQcd = true;
        this.peerQcdToken = token;
    }

    /** The token the peer gave for this IKE SA (RFC 6290), empty when none. */
    public Optional<Bytes> peerQcdToken() {
        return Optional.ofNullable(peerQcdToken);
    }

    /** RFC 6311: whether a Message ID sync (and a replay counter sync) may run on this IKE SA: both sides announced it. */
    public boolean messageIdSync() {
        return messageIdSync;
    }

    public boolean replayCounterSync() {
        return replayCounterSync;
    }

    public void highAvailabilityNegotiated(boolean messageIds, boolean replayCounters) {
        this.messageIdSync = messageIds;
        this.replayCounterSync = messageIds && replayCounters;
    }

    public List<Integer> peerSignatureHashes() {
        return peerSignatureHashes;
    }

    public void peerSignatureHashes(List<Integer> ids) {
        this.peerSignatureHashes = List.copyOf(ids);
    }

    public void addChild(ChildSa child) {
        childrenByInboundSpi.put(child.inboundSpi(), child);
    }

    public Optional<ChildSa> childByInboundSpi(long spi) {
        return Optional.ofNullable(childrenByInboundSpi.get(spi));
    }

    public Optional<ChildSa> childByOutboundSpi(long spi) {
        return childrenByInboundSpi.values().stream().filter(c -> c.outboundSpi() == spi).findFirst();
    }

    public void removeChild(long inboundSpi) {
        childrenByInboundSpi.remove(inboundSpi);
    }

    public Collection<ChildSa> children() {
        return childrenByInboundSpi.values();
    }

    @Override
    public String toString() {
        return "IkeSa[%016x_i %016x_r %s]".formatted(initiatorSpi, responderSpi, state);
    }
}
