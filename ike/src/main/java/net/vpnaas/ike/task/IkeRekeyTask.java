package net.vpnaas.ike.task;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.crypto.Ikev2Kdf;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.qkd.QkdKeyUnavailableException;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeAlgorithms;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.IkeSaKeys;

/**
 * Rekeys the IKE SA (RFC 7296 1.3.2, 2.18) in CREATE_CHILD_SA: new SPIs, nonces and a fresh key
 * exchange; SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr). The Child SAs move to the new IKE SA,
 * whose original initiator is whoever started the rekey; the initiator then deletes the old IKE SA.
 *
 * <p>The proposals carry the configured additional key exchanges (RFC 9370): when some are negotiated
 * they follow in IKE_FOLLOWUP_KE exchanges ({@link FollowupKeyExchanges}) on the old IKE SA, and
 * SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr | SK(1) | ... | SK(n)) once the last is done. While one
 * side's rekey runs, the other's is refused with TEMPORARY_FAILURE and retried later: the old SA is
 * REKEYING on the initiator's side, and the responder knows its pending follow-ups. Pending follow-ups of
 * a Child SA hold an IKE SA rekey back the same way.
 */
public final class IkeRekeyTask implements Task {
    private static final Logger LOG = Logger.getLogger(IkeRekeyTask.class.getName());

    private final TaskContext ctx;
    private final boolean initiator;
    private long newSpi;
    private byte[] nonce;
    private KeyExchange keyExchange;
    // responder state
    private IkeAlgorithms chosen;
    private int chosenNumber;
    private long peerSpi;
    private byte[] peerNonce;
    private byte[] sharedSecret;
    private NegotiationError error;
    /** Set when additional key exchanges were negotiated: the IKE_FOLLOWUP_KE exchanges still to run. */
    private FollowupKeyExchanges followups;
    /** What the new SA is keyed with once the follow-ups are done. */
    private Keying keying;

    /** The negotiated parts of the new IKE SA that its keys need. */
    private record Keying(IkeAlgorithms algorithms, long spiI, long spiR, byte[] gir, byte[] ni, byte[] nr) {}

    public IkeRekeyTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    @Override
    public ExchangeType exchangeType() {
        return followups != null ? ExchangeType.IKE_FOLLOWUP_KE : ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (m.exchangeType() == ExchangeType.IKE_FOLLOWUP_KE) return initiator ? buildFollowupRequest(m) : buildFollowupResponse(m);
        return initiator ? buildRequest(m) : buildResponse(m);
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (m.exchangeType() == ExchangeType.IKE_FOLLOWUP_KE) return initiator ? processFollowupResponse(m) : processFollowupRequest(m);
        return initiator ? processResponse(m) : processRequest(m);
    }

    private Status buildRequest(OutgoingMessage m) {
        if (ctx.sa().state() != IkeSa.State.ESTABLISHED) return Status.DONE;
        if (followupsPending()) {
            LOG.info("an SA the peer negotiates is waiting for its IKE_FOLLOWUP_KE; our IKE SA rekey waits");
            ctx.retryIkeRekeyLater();
            return Status.DONE;
        }
        ctx.sa().state(IkeSa.State.REKEYING);
        newSpi = ctx.newIkeSpi();
        nonce = ctx.random().bytes(IkeInitTask.NONCE_LENGTH);
        keyExchange = ctx.sa().algorithms().keyExchange().newKeyExchange(ctx.random());
        m.add(new SecurityAssociationPayload(ProposalSelection.offerIke(ctx.config().ikeProposals(), spi8(newSpi), true)));
        m.add(new NoncePayload(Bytes.wrap(nonce)));
        m.add(KeyExchangePayload.of(IkeInitTask.wire(keyExchange.method()), Bytes.wrap(keyExchange.publicValue())));
        return Status.NEED_MORE;
    }

    private Status processResponse(ReceivedMessage m) {
        Optional<NotifyPayload> err = m.error();
        Optional<SecurityAssociationPayload> sa = m.first(SecurityAssociationPayload.class);
        Optional<NoncePayload> nr = m.first(NoncePayload.class);
        Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
        if (err.isPresent() || sa.isEmpty() || nr.isEmpty() || ke.isEmpty() || sa.get().proposals().size() != 1) {
            LOG.warning(() -> "IKE rekey refused: " + err.map(NotifyPayload::notifyType).map(String::valueOf).orElse("malformed response"));
            ctx.sa().state(IkeSa.State.ESTABLISHED);
            ctx.retryIkeRekeyLater();
            return Status.DONE;
        }
        var selected = ProposalSelection.selectIke(ctx.config().ikeProposals(), sa.get().proposals(), true);
        if (selected.isEmpty() || selected.get().algorithms().keyExchange() != keyExchange.method()
                || selected.get().peerProposal().spi().length() != 8) {
            ctx.sa().state(IkeSa.State.ESTABLISHED);
            return Status.DONE;
        }
        byte[] gir;
        try {
            gir = keyExchange.sharedSecret(ke.get().data().toByteArray());
        } catch (InvalidPublicValueException e) {
            LOG.warning("IKE rekey KE: " + e.getMessage());
            ctx.sa().state(IkeSa.State.ESTABLISHED);
            return Status.DONE;
        }
        long spiR = selected.get().peerProposal().spi().asByteBuffer().getLong();
        keying = new Keying(selected.get().algorithms(), newSpi, spiR, gir, nonce, nr.get().data().toByteArray());
        if (!keying.algorithms().additional().isEmpty()) {
            followups = new FollowupKeyExchanges(keying.algorithms().additional());
            if (!followups.takeLink(m)) {
                LOG.warning("the peer chose additional key exchanges for the IKE SA rekey without ADDITIONAL_KEY_EXCHANGE");
                return rekeyFailed();
            }
            LOG.info(() -> "IKE SA rekey: CREATE_CHILD_SA done, additional key exchanges follow: " + followups);
            return Status.NEED_MORE;
        }
        rekeyed(new byte[0]);
        return Status.DONE;
    }

    /** The new IKE SA replaces this one, which we delete. */
    private void rekeyed(byte[] additionalSecrets) {
        ctx.ikeSaRekeyed(newSa(true, keying, additionalSecrets));
        ctx.queue(new DeleteIkeTask(ctx));
    }

    /** Our rekey failed after the peer answered: this SA goes on, and is rekeyed again later. */
    private Status rekeyFailed() {
        followups = null;
        ctx.sa().state(IkeSa.State.ESTABLISHED);
        ctx.retryIkeRekeyLater();
        return Status.DONE;
    }

    private Status buildFollowupRequest(OutgoingMessage m) {
        try {
            followups.buildRequest(m, ctx);
            return Status.NEED_MORE;
        } catch (QkdKeyUnavailableException e) {
            // This IKE SA stays; the peer's half-done rekey state times out, and we rekey again later.
            LOG.warning("no QKD key for the IKE SA rekey's additional key exchange: " + e.getMessage());
            m.clear();
            return rekeyFailed();
        }
    }

    private Status processFollowupResponse(ReceivedMessage m) {
        Optional<String> failure = followups.processResponse(m);
        if (failure.isPresent()) {
            LOG.warning(() -> "IKE SA rekey failed: " + failure.get());
            return rekeyFailed();
        }
        if (!followups.complete()) return Status.NEED_MORE;
        rekeyed(followups.secrets());
        return Status.DONE;
    }

    /**
     * An SA of this IKE SA is half-negotiated, its IKE_FOLLOWUP_KE exchanges still to come: the peer's (we
     * wait for its follow-ups) or our Child SA's (we send them). A rekey now would move the Child SAs away
     * from under it, so it waits, as strongSwan's does.
     */
    private boolean followupsPending() {
        return ctx.awaitingFollowups(t -> true) || ctx.activeTasks().stream().anyMatch(t ->
                t instanceof ChildCreateTask c && c.awaitingFollowups() || t instanceof ChildRekeyTask r && r.sendingFollowups());
    }

    private Status processRequest(ReceivedMessage m) {
        Optional<SecurityAssociationPayload> sa = m.first(SecurityAssociationPayload.class);
        Optional<NoncePayload> ni = m.first(NoncePayload.class);
        Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
        if (sa.isEmpty() || ni.isEmpty() || ke.isEmpty()) {
            error = NegotiationError.of(NotifyType.INVALID_SYNTAX, "SA, Ni or KE missing");
            return Status.NEED_MORE;
        }
        if (ctx.sa().state() != IkeSa.State.ESTABLISHED || followupsPending()) {
            // RFC 7296 2.25: we are rekeying or deleting this SA ourselves, or an SA is waiting for its follow-ups.
            error = NegotiationError.of(NotifyType.TEMPORARY_FAILURE, "IKE SA busy");
            return Status.NEED_MORE;
        }
        var selected = ProposalSelection.selectIke(ctx.config().ikeProposals(), sa.get().proposals(), true);
        if (selected.isEmpty() || selected.get().peerProposal().spi().length() != 8) {
            error = NegotiationError.of(NotifyType.NO_PROPOSAL_CHOSEN, "no acceptable IKE proposal");
            return Status.NEED_MORE;
        }
        chosen = selected.get().algorithms();
        chosenNumber = selected.get().peerProposal().number();
        if (ke.get().methodCode() != chosen.keyExchange().id()) {
            byte[] g = ByteBuffer.allocate(2).putShort((short) chosen.keyExchange().id()).array();
            error = new NegotiationError(NotifyType.INVALID_KE_PAYLOAD, Bytes.wrap(g), "KE of another group");
            return Status.NEED_MORE;
        }
        keyExchange = chosen.keyExchange().newKeyExchange(ctx.random());
        try {
            sharedSecret = keyExchange.sharedSecret(ke.get().data().toByteArray());
        } catch (InvalidPublicValueException e) {
            error = NegotiationError.of(NotifyType.INVALID_SYNTAX, e.getMessage());
            return Status.NEED_MORE;
        }
        peerSpi = selected.get().peerProposal().spi().asByteBuffer().getLong();
        peerNonce = ni.get().data().toByteArray();
        nonce = ctx.random().bytes(IkeInitTask.NONCE_LENGTH);
        newSpi = ctx.newIkeSpi();
        return Status.NEED_MORE;
    }

    private Status buildResponse(OutgoingMessage m) {
        if (error != null) {
            m.add(error.payload());
            return Status.DONE;
        }
        m.add(new SecurityAssociationPayload(List.of(ProposalSelection.answerIke(chosen, chosenNumber, spi8(newSpi)))));
        m.add(new NoncePayload(Bytes.wrap(nonce)));
        m.add(KeyExchangePayload.of(IkeInitTask.wire(keyExchange.method()), Bytes.wrap(keyExchange.publicValue())));
        keying = new Keying(chosen, peerSpi, newSpi, sharedSecret, peerNonce, nonce);
        if (!chosen.additional().isEmpty()) {
            followups = new FollowupKeyExchanges(chosen.additional());
            followups.newLink(ctx.random());
            followups.announce(m);
            ctx.awaitFollowups(followups.link(), this);
            return Status.DONE;
        }
        replacedByPeer(new byte[0]);
        return Status.DONE;
    }

    private void replacedByPeer(byte[] additionalSecrets) {
        IkeSa fresh = newSa(false, keying, additionalSecrets);
        ctx.sa().state(IkeSa.State.REKEYED);
        ctx.ikeSaRekeyed(fresh);
    }

    private Status processFollowupRequest(ReceivedMessage m) {
        followups.takeRequest(m, ctx);
        return Status.NEED_MORE;
    }

    private Status buildFollowupResponse(OutgoingMessage m) {
        if (followups.answer(m, ctx, "the IKE SA rekey") == FollowupKeyExchanges.Answer.COMPLETE) replacedByPeer(followups.secrets());
        return Status.DONE;
    }

    private IkeSa newSa(boolean weInitiated, Keying k, byte[] additionalSecrets) {
        IkeSa old = ctx.sa();
        long spiI = k.spiI();
        long spiR = k.spiR();
        IkeAlgorithms algorithms = k.algorithms();
        byte[] ni = k.ni();
        byte[] nr = k.nr();
        byte[] skeyseed = Ikev2Kdf.rekeySkeyseed(old.algorithms().prf(), old.keys().skD(), k.gir(), ni, nr, additionalSecrets);
        IkeSa fresh = new IkeSa(weInitiated, spiI, spiR, old.localAddress(), old.remoteAddress());
        fresh.carrier(old.carrier()); // the rekeyed IKE SA goes on over the same stream or port
        fresh.nonces(ni, nr);
        fresh.established(algorithms, IkeSaKeys.derive(algorithms, skeyseed, ni, nr, spiI, spiR));
        fresh.natDetected(old.localBehindNat(), old.remoteBehindNat());
        fresh.inheritQuantumSafety(old.quantumSafety());
        fresh.udpEncapsulationForced(old.udpEncapsulationForced());
        fresh.remoteIdentity(old.remoteIdentity());
        // A capability of the peer, announced once in IKE_SA_INIT; CREATE_CHILD_SA does not renegotiate it.
        fresh.peerFragmentation(old.peerFragmentation());
        // So does taking QCD tokens (RFC 6290); the old token is bound to the old SPIs, the new one follows (QcdTokenUpdateTask).
        if (old.peerQcd()) fresh.peerQcd(null);
        fresh.highAvailabilityNegotiated(old.messageIdSync(), old.replayCounterSync());
        fresh.state(IkeSa.State.ESTABLISHED);
        for (ChildSa c : List.copyOf(old.children())) {
            old.removeChild(c.inboundSpi());
            fresh.addChild(c);
        }
        old.state(IkeSa.State.REKEYED);
        return fresh;
    }

    static Bytes spi8(long spi) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(spi).array());
    }

}
