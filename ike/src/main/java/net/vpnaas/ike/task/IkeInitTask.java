package net.vpnaas.ike.task;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import net.vpnaas.ike.config.Authentication;
import java.util.logging.Logger;
import net.vpnaas.ike.crypto.ClientPuzzle;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.Ikev2Kdf;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PuzzleNotification;
import net.vpnaas.ike.message.PuzzleSolutionPayload;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.sa.IkeAlgorithms;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.IkeSaKeys;

/**
 * IKE_SA_INIT (RFC 7296 1.2): SA, KE and nonce; derives the IKE SA keys. The initiator retries with
 * the peer's COOKIE (2.6), with the solution of the PUZZLE that came with it (RFC 8019 7.1.2), or with
 * the group the peer asked for in INVALID_KE_PAYLOAD (1.2).
 */
public final class IkeInitTask implements Task {
    private static final Logger LOG = Logger.getLogger(IkeInitTask.class.getName());
    static final int NONCE_LENGTH = 32;

    private final TaskContext ctx;
    private final boolean initiator;
    private KeyExchange keyExchange;
    private byte[] nonce;
    private Bytes cookie;
    private Bytes puzzleSolution;
    private boolean retriedForGroup;
    // responder state
    private IkeAlgorithms chosen;
    private int chosenNumber;
    private byte[] peerNonce;
    private byte[] sharedSecret;
    private NegotiationError error;

    public IkeInitTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_SA_INIT;
    }

    @Override
    public Status build(OutgoingMessage m) {
        return initiator ? buildRequest(m) : buildResponse(m);
    }

    @Override
    public Status process(ReceivedMessage m) {
        return initiator ? processResponse(m) : processRequest(m);
    }

    private Status buildRequest(OutgoingMessage m) {
        if (keyExchange == null) keyExchange = ProposalSelection.preferredGroup(ctx.config().ikeProposals()).newKeyExchange(ctx.random());
        if (nonce == null) nonce = ctx.random().bytes(NONCE_LENGTH);
        if (cookie != null) m.addFirst(NotifyPayload.of(NotifyType.COOKIE, cookie));
        m.add(new SecurityAssociationPayload(ProposalSelection.offerIke(ctx.config().ikeProposals(), Bytes.EMPTY, true)));
        m.add(KeyExchangePayload.of(wire(keyExchange.method()), Bytes.wrap(keyExchange.publicValue())));
        m.add(new NoncePayload(Bytes.wrap(nonce)));
        announceFragmentation(m);
        if (puzzleSolution != null) m.add(new PuzzleSolutionPayload(puzzleSolution));
        ctx.sa().state(IkeSa.State.CONNECTING);
        return Status.NEED_MORE;
    }

    private Status processResponse(ReceivedMessage m) {
        Optional<NotifyPayload> c = m.notify(NotifyType.COOKIE);
        if (c.isPresent()) {
            // The same cookie again answers our request without it (a retransmission of it, answered after we
            // had the cookie, e.g. while we solved a puzzle): ignored, the answer to the request with it follows.
            // A responder that truly loops gets our retransmissions until they give up.
            if (cookie != null && cookie.equals(c.get().data())) return Status.STALE;
            cookie = c.get().data();
            return solvePuzzle(m) ? Status.RETRY : Status.FAILED;
        }
        Optional<NotifyPayload> invalidKe = m.notify(NotifyType.INVALID_KE_PAYLOAD);
        if (invalidKe.isPresent()) {
            Bytes d = invalidKe.get().data();
            Optional<KeyExchangeMethod> wanted = d.length() == 2 ? KeyExchangeMethod.byId(d.u16(0)) : Optional.empty();
            if (wanted.isPresent() && wanted.get() == keyExchange.method() && retriedForGroup) {
                // A late copy answering our retransmitted first attempt: we already use that group.
                return Status.STALE;
            }
            if (wanted.isEmpty() || wanted.get() == keyExchange.method()
                    || !ProposalSelection.acceptsGroup(ctx.config().ikeProposals(), wanted.get())) {
                LOG.warning("peer wants a key exchange method we do not offer: " + d.hex());
                return Status.FAILED;
            }
            LOG.info(() -> "INVALID_KE_PAYLOAD: retrying IKE_SA_INIT with " + wanted.get());
            keyExchange = wanted.get().newKeyExchange(ctx.random());
            retriedForGroup = true;
            return Status.RETRY;
        }
        Optional<NotifyPayload> err = m.error();
        if (err.isPresent()) {
            LOG.warning("IKE_SA_INIT refused: " + err.get().notifyType());
            return Status.FAILED;
        }
        Optional<SecurityAssociationPayload> sa = m.first(SecurityAssociationPayload.class);
        Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
        Optional<NoncePayload> nr = m.first(NoncePayload.class);
        if (sa.isEmpty() || ke.isEmpty() || nr.isEmpty() || sa.get().proposals().size() != 1) return Status.FAILED;
        // The answer must be one of our own offers: select it against our configuration.
        var selected = ProposalSelection.selectIke(ctx.config().ikeProposals(), sa.get().proposals(), true);
        if (selected.isEmpty() || selected.get().algorithms().keyExchange() != keyExchange.method()
                || ke.get().methodCode() != keyExchange.method().id()) {
            LOG.warning("IKE_SA_INIT response selected something we did not offer");
            return Status.FAILED;
        }
        try {
            byte[] gir = keyExchange.sharedSecret(ke.get().data().toByteArray());
            IkeSa s = ctx.sa();
            s.responderSpi(m.header().responderSpi());
            noteFragmentation(m);
            deriveKeys(s, selected.get().algorithms(), nonce, nr.get().data().toByteArray(), gir);
            keepForPassword(gir);
            return solveAuthPuzzle(m) ? Status.DONE : Status.FAILED;
        } catch (InvalidPublicValueException e) {
            LOG.warning("peer KE: " + e.getMessage());
            return Status.FAILED;
        }
    }

    /**
     * A PUZZLE with the COOKIE (RFC 8019 7.1.1): solved over the cookie with the PRF it names, if that
     * is one we offered and the difficulty within what we accept. One naming a PRF we did not offer, or
     * with data that is not a puzzle, is ignored: we return the cookie alone, as an initiator that does
     * not know puzzles would, and the responder may still serve us at lower priority.
     *
     * @return false when the difficulty is above our bound: we do not spend that much
     */
    private boolean solvePuzzle(ReceivedMessage m) {
        puzzleSolution = null;
        Optional<PuzzleNotification> puzzle = m.notify(NotifyType.PUZZLE).flatMap(n -> PuzzleNotification.decode(n.data()));
        Optional<PrfAlgorithm> prf = puzzle.flatMap(p -> PrfAlgorithm.byId(p.prfId())).filter(this::offered);
        if (prf.isEmpty()) return true;
        int difficulty = puzzle.get().difficulty();
        if (difficulty > ctx.acceptedPuzzleDifficulty() || difficulty > prf.get().outputLength() * 8) {
            LOG.warning("the responder asks for a puzzle of difficulty " + difficulty + ", more than the " + ctx.acceptedPuzzleDifficulty() + " we accept");
            return false;
        }
        long started = System.nanoTime();
        puzzleSolution = Bytes.wrap(ClientPuzzle.solve(prf.get(), cookie.toByteArray(), difficulty));
        LOG.info(() -> "solved the responder's puzzle of difficulty " + difficulty + " with " + prf.get() + " in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        return true;
    }

    /**
     * A PUZZLE in the IKE_SA_INIT response is for IKE_AUTH (RFC 8019 7.2.2): solved over Nr | SPIr
     * (7.2.3) with the PRF it names, and sent as PS in front of SK in our IKE_AUTH request. One naming a
     * PRF we did not offer, or with data that is not a puzzle, is ignored (we cannot answer it).
     *
     * @return false when the difficulty is above our bound: we do not spend that much
     */
    private boolean solveAuthPuzzle(ReceivedMessage m) {
        Optional<PuzzleNotification> puzzle = m.notify(NotifyType.PUZZLE).flatMap(n -> PuzzleNotification.decode(n.data()));
        Optional<PrfAlgorithm> prf = puzzle.flatMap(p -> PrfAlgorithm.byId(p.prfId())).filter(this::offered);
        if (prf.isEmpty()) return true;
        int difficulty = puzzle.get().difficulty();
        if (difficulty > ctx.acceptedPuzzleDifficulty() || difficulty > prf.get().outputLength() * 8) {
            LOG.warning("the responder asks for an IKE_AUTH puzzle of difficulty " + difficulty + ", more than the "
                    + ctx.acceptedPuzzleDifficulty() + " we accept");
            return false;
        }
        IkeSa s = ctx.sa();
        long started = System.nanoTime();
        s.authPuzzle(puzzle.get());
        s.authPuzzleSolution(Bytes.wrap(ClientPuzzle.solve(prf.get(), ClientPuzzle.ikeAuthChallenge(s.nr(), s.responderSpi()), difficulty)));
        LOG.info(() -> "solved the responder's IKE_AUTH puzzle of difficulty " + difficulty + " with " + prf.get() + " in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        return true;
    }

    private boolean offered(PrfAlgorithm prf) {
        return ctx.config().ikeProposals().stream().anyMatch(p -> p.prfs().contains(prf));
    }

    private Status processRequest(ReceivedMessage m) {
        Optional<SecurityAssociationPayload> sa = m.first(SecurityAssociationPayload.class);
        Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
        Optional<NoncePayload> ni = m.first(NoncePayload.class);
        if (sa.isEmpty() || ke.isEmpty() || ni.isEmpty()) {
            error = NegotiationError.of(NotifyType.INVALID_SYNTAX, "SA, KE or Ni missing");
            return Status.FAILED;
        }
        // Additional key exchanges (RFC 9370) run in IKE_INTERMEDIATE, so only with an initiator that announced it.
        boolean intermediate = m.notify(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED).isPresent();
        var selected = ProposalSelection.selectIke(ctx.config().ikeProposals(), sa.get().proposals(), intermediate);
        if (selected.isEmpty()) {
            error = NegotiationError.of(NotifyType.NO_PROPOSAL_CHOSEN, "no acceptable IKE proposal");
            return Status.FAILED;
        }
        chosen = selected.get().algorithms();
        chosenNumber = selected.get().peerProposal().number();
        if (ke.get().methodCode() != chosen.keyExchange().id()) {
            byte[] group = ByteBuffer.allocate(2).putShort((short) chosen.keyExchange().id()).array();
            error = new NegotiationError(NotifyType.INVALID_KE_PAYLOAD, Bytes.wrap(group), "KE of another group");
            return Status.FAILED;
        }
        keyExchange = chosen.keyExchange().newKeyExchange(ctx.random());
        try {
            sharedSecret = keyExchange.sharedSecret(ke.get().data().toByteArray());
        } catch (InvalidPublicValueException e) {
            error = NegotiationError.of(NotifyType.INVALID_SYNTAX, e.getMessage());
            return Status.FAILED;
        }
        peerNonce = ni.get().data().toByteArray();
        nonce = ctx.random().bytes(NONCE_LENGTH);
        noteFragmentation(m);
        return Status.NEED_MORE;
    }

    private Status buildResponse(OutgoingMessage m) {
        if (error != null) {
            LOG.info(() -> "answering IKE_SA_INIT with " + error.type() + ": " + error.reason());
            m.clear();
            m.add(error.payload());
            return Status.FAILED;
        }
        m.add(new SecurityAssociationPayload(List.of(ProposalSelection.answerIke(chosen, chosenNumber, Bytes.EMPTY))));
        m.add(KeyExchangePayload.of(wire(keyExchange.method()), Bytes.wrap(keyExchange.publicValue())));
        m.add(new NoncePayload(Bytes.wrap(nonce)));
        announceFragmentation(m);
        deriveKeys(ctx.sa(), chosen, peerNonce, nonce, sharedSecret);
        keepForPassword(sharedSecret);
        // RFC 8019 7.2.1: with the negotiated PRF, so that the initiator surely has it.
        ctx.authPuzzleDifficulty().ifPresent(d -> {
            PuzzleNotification puzzle = new PuzzleNotification(chosen.prf().id(), d);
            ctx.sa().authPuzzle(puzzle);
            m.add(puzzle.payload());
        });
        ctx.sa().state(IkeSa.State.CONNECTING);
        return Status.DONE;
    }

    /** RFC 7383 2.3: an empty IKEV2_FRAGMENTATION_SUPPORTED in the request, and in the response only if the request had it. */
    private void announceFragmentation(OutgoingMessage m) {
        if (!ctx.fragmentation()) return;
        if (initiator || ctx.sa().peerFragmentation()) m.add(NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED, Bytes.EMPTY));
    }

    /** Fragments are sent only when both sides announced support (RFC 7383 2.3). */
    private void noteFragmentation(ReceivedMessage m) {
        ctx.sa().peerFragmentation(ctx.fragmentation() && m.notify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED).isPresent());
    }

    /** PACE maps with g^ir in IKE_AUTH (RFC 6631); other IKE SAs keep no copy of it past their keys. */
    private void keepForPassword(byte[] gir) {
        if (ctx.config().authentication() instanceof Authentication.Password) ctx.sa().initSharedSecret(gir);
    }

    private static void deriveKeys(IkeSa s, IkeAlgorithms algorithms, byte[] ni, byte[] nr, byte[] gir) {
        byte[] skeyseed = Ikev2Kdf.skeyseed(algorithms.prf(), ni, nr, gir);
        s.nonces(ni, nr);
        s.established(algorithms, IkeSaKeys.derive(algorithms, skeyseed, ni, nr, s.initiatorSpi(), s.responderSpi()));
    }

    static net.vpnaas.ike.message.KeyExchangeMethod wire(KeyExchangeMethod m) {
        return net.vpnaas.ike.message.KeyExchangeMethod.of(m.id());
    }
}
