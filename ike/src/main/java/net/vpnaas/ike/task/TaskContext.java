package net.vpnaas.ike.task;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.config.HighAvailability;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.qkd.QkdKeyUnavailableException;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.TrafficSelector;

/** What tasks may see and do beyond their own message: the IKE SA, its configuration, and engine services. */
public interface TaskContext {

    IkeSa sa();

    ConnectionConfig config();

    RandomSource random();

    /**
     * The initiator's side of a key exchange of the first of {@code methods} (in preference order) that
     * can run now. A QKD key is taken from the connection's key source here (for the IKE SA's additional
     * key exchange, the one taken when the IKE SA started); when the source has none, QKD is passed over
     * for the next method, which is logged.
     *
     * @throws QkdKeyUnavailableException QKD was the only method and the key source gave no key
     */
    KeyExchange initiatorKeyExchange(List<KeyExchangeMethod> methods) throws QkdKeyUnavailableException;

    /** The responder's side of a key exchange of {@code method}; for QKD it fetches the key the initiator names. */
    KeyExchange responderKeyExchange(KeyExchangeMethod method);

    /** Our IKE port for NAT traversal (4500 in production). */
    int localNattPort();

    /** As initiator, the hardest PUZZLE (RFC 8019) we solve, in trailing zero bits; a responder asking more is refused. */
    int acceptedPuzzleDifficulty();

    /**
     * As responder, answering IKE_SA_INIT: the difficulty of the PUZZLE our IKE_SA_INIT response demands for
     * IKE_AUTH (RFC 8019 7.2.1), or empty for none: only under puzzles, and only of an initiator that solved
     * our IKE_SA_INIT puzzle (7.2.1: one that did not may not know puzzles), while IKE_AUTHs fail, for peers
     * that authenticate with signatures (whose AUTH check costs more than the puzzle's).
     */
    OptionalInt authPuzzleDifficulty();

    /** Whether we offer IKE fragmentation (RFC 7383) in IKE_SA_INIT. */
    boolean fragmentation();

    /**
     * Whether we answer USE_PPK (RFC 8784): our connection has PPKs or, as a responder that learns only
     * in IKE_AUTH which of several connections to the peer's address it is, one of those has.
     */
    boolean ppkConfigured();

    /**
     * This IKE SA fails its authentication, for {@code reason} (e.g. the PPK the peer named, which we do
     * not hold): what the log and the tunnel's status (AUTHENTICATION_FAILED) say, beside the notify
     * sent or received, which cannot say it. The IKE SA ends after the current message.
     */
    void authenticationFailed(String reason);

    /**
     * The PPKs a responder may agree on in IKE_INTERMEDIATE (RFC 9867): its connection's, when that
     * connection takes RFC 9867, or, before IKE_AUTH names the peer among several connections to its
     * address, those of all of them (see the engine); {@code NONE} when none.
     */
    PostQuantumPreSharedKeys responderPpks();

    /** Whether this engine runs quick crash detection (RFC 6290): it takes tokens, and perhaps makes them. */
    boolean quickCrashDetection();

    /** As token maker, our token for this IKE SA (from its SPIs); empty for a token taker only, or without QCD. */
    Optional<Bytes> ownQcdToken();

    /** What of RFC 6311 this engine announces. */
    HighAvailability highAvailability();

    /** A fresh inbound ESP SPI, unique in this engine. */
    long newChildSpi();

    /** A fresh reqid for a new Child SA (a rekey keeps the old one's), unique in this engine. */
    int newReqid();

    /** A fresh IKE SPI, unique in this engine. */
    long newIkeSpi();

    void queue(Task task);

    List<Task> activeTasks();

    /** Hands a negotiated Child SA to the data path and schedules its rekey. */
    void installChild(ChildSa child);

    /** Removes a Child SA from the data path and from the IKE SA. */
    void removeChild(ChildSa child);

    /** A new IKE SA replaces this one (RFC 7296 2.18); the children were already moved to it. */
    void ikeSaRekeyed(IkeSa replacement);

    /** This IKE SA is deleted: its children go from the data path and the SA stops. */
    void ikeSaDeleted(String reason);

    /** The peer sent INITIAL_CONTACT: other IKE SAs with the same peer identity are stale (RFC 7296 2.4). */
    void initialContact();

    /** Whether another IKE SA with this peer exists (then no INITIAL_CONTACT is sent). */
    boolean otherIkeSaWithPeer();

    /**
     * As responder, keeps {@code continuation} for the IKE_FOLLOWUP_KE requests (RFC 9370 2.2.4) that carry
     * {@code link}: they go to it until {@link #followupsEnded}. If they stop coming for longer than the
     * peer retransmits, the state is dropped and a late request finds STATE_NOT_FOUND.
     */
    void awaitFollowups(Bytes link, Task continuation);

    /** The additional key exchanges of {@code link} finished, failed or were abandoned: its state goes. */
    void followupsEnded(Bytes link);

    /** Whether a task matching {@code which} waits for the peer's IKE_FOLLOWUP_KE requests. */
    boolean awaitingFollowups(Predicate<Task> which);

    /**
     * As responder: the IKE_AUTH requests that follow go to {@code task} (EAP takes several, RFC 7296
     * 2.16) instead of fresh tasks; {@code null} when it has finished.
     */
    void nextIkeAuthRequestsTo(Task task);

    /**
     * The peer's side of our Child SAs: the virtual IP we assigned it (CP), or else the connection's
     * remote selectors.
     */
    List<TrafficSelector> peerSelectors();

    /** Runs a rekey of {@code child} again later, after a TEMPORARY_FAILURE. */
    void retryChildRekeyLater(ChildSa child);

    /** Runs a rekey of this IKE SA again after a short random delay (the peer was busy or refused). */
    void retryIkeRekeyLater();
}
