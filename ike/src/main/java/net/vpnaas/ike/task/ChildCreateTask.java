package net.vpnaas.ike.task;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Proposal;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.message.TrafficSelectorPayload;
import net.vpnaas.ike.qkd.QkdKeyUnavailableException;
import net.vpnaas.ike.sa.ChildAlgorithms;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.ChildSaKeys;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.EspKeys;
import net.vpnaas.ike.sasink.TrafficSelector;

/**
 * Creates an ESP Child SA, either piggybacked on IKE_AUTH (nonces of IKE_SA_INIT, no KE) or in its
 * own CREATE_CHILD_SA (fresh nonces, KE when the proposal has PFS). Responders narrow the traffic
 * selectors to their configuration (RFC 7296 2.9) and answer NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE or
 * INVALID_KE_PAYLOAD when they cannot agree; an initiator told INVALID_KE_PAYLOAD tries once more with
 * the group asked for, if it offered that one. With PFS the proposal may carry additional key exchanges
 * (RFC 9370): they follow in IKE_FOLLOWUP_KE exchanges ({@link FollowupKeyExchanges}), and the SA is
 * installed on both sides only after the last. Used by {@link ChildRekeyTask} for the new SA of a rekey.
 * An initiator whose Child SA the responder narrowed asks for the rest in {@link AdditionalChildren}.
 */
public final class ChildCreateTask implements Task {
    private static final Logger LOG = Logger.getLogger(ChildCreateTask.class.getName());
    private static final int NEW = 0;

    private final TaskContext ctx;
    private final boolean initiator;
    /** The reqid of the SA a rekey replaces, or {@link #NEW} for a Child SA of its own. */
    private final int reqid;
    /** The selectors an initiator asks for; null: all of the configuration's. */
    private final List<TrafficSelector> requestedLocal;
    private final List<TrafficSelector> requestedRemote;
    /**
     * For a new Child SA we initiate: the local selectors {@link AdditionalChildren} works through
     * after this one (the first is the one requested); null for the first Child SA and for rekeys.
     */
    private final List<TrafficSelector> additionalLocals;
    private long inboundSpi;
    private byte[] nonce;
    private KeyExchange keyExchange;
    private ChildSa created;
    private byte[] peerNonce;
    // responder state
    private ChildAlgorithms chosen;
    private int chosenNumber;
    private long outboundSpi;
    private byte[] sharedSecret;
    private List<TrafficSelector> narrowedLocal;
    private List<TrafficSelector> narrowedRemote;
    private NegotiationError error;
    /** Set when the negotiated proposal has additional key exchanges: the IKE_FOLLOWUP_KE exchanges still to run. */
    private FollowupKeyExchanges followups;
    /** What the SA is keyed with once the follow-ups are done. */
    private Keying keying;
    /** The PFS group the responder asked for with INVALID_KE_PAYLOAD; null before. */
    private KeyExchangeMethod askedGroup;

    /**
     * The parts of an SA negotiated in CREATE_CHILD_SA (or IKE_AUTH) that its keys and install need.
     * {@code gir} is null without PFS; the SPIs are the initiator's and the responder's inbound SPIs.
     */
    private record Keying(ChildAlgorithms algorithms, byte[] gir, byte[] ni, byte[] nr, long initiatorSpi, long responderSpi,
                          List<TrafficSelector> local, List<TrafficSelector> remote) {}

    /** A Child SA of its own: it gets a fresh reqid, and with it a data-path policy for its selectors. */
    public ChildCreateTask(TaskContext ctx, boolean initiator) {
        this(ctx, initiator, NEW);
    }

    /** The new SA of a rekey, which takes over {@code reqid} (and its policy) from the SA it replaces. */
    public ChildCreateTask(TaskContext ctx, boolean initiator, int reqid) {
        this(ctx, initiator, reqid, null, null, null);
    }

    private ChildCreateTask(TaskContext ctx, boolean initiator, int reqid, List<TrafficSelector> requestedLocal,
                            List<TrafficSelector> requestedRemote, List<TrafficSelector> additionalLocals) {
        this.ctx = ctx;
        this.initiator = initiator;
        this.reqid = reqid;
        this.requestedLocal = requestedLocal;
        this.requestedRemote = requestedRemote;
        this.additionalLocals = additionalLocals;
    }

    /** A Child SA for {@code local} with {@code remotes}, requested because the responder narrowed an earlier one. */
    static ChildCreateTask additional(TaskContext ctx, TrafficSelector local, List<TrafficSelector> remotes,
                                      List<TrafficSelector> locals) {
        return new ChildCreateTask(ctx, true, NEW, List.of(local), List.copyOf(remotes), List.copyOf(locals));
    }

    @Override
    public ExchangeType exchangeType() {
        if (followups != null) return ExchangeType.IKE_FOLLOWUP_KE;
        return ctx.sa().state() == IkeSa.State.ESTABLISHED ? ExchangeType.CREATE_CHILD_SA : ExchangeType.IKE_AUTH;
    }

    /** Whether the CREATE_CHILD_SA is done and its additional key exchanges are still running. */
    boolean awaitingFollowups() {
        return followups != null && !followups.complete();
    }

    /** As responder waiting for follow-ups: drops that state, e.g. when the peer lost a rekey collision. */
    void abandonFollowups() {
        if (!awaitingFollowups()) return;
        LOG.info(() -> "no longer waiting for the peer's IKE_FOLLOWUP_KE of " + followups);
        ctx.followupsEnded(followups.link());
        followups = null;
    }

    /** The Child SA this task installed, once done. */
    public Optional<ChildSa> created() {
        return Optional.ofNullable(created);
    }

    /** Our nonce and the peer's in this exchange (CREATE_CHILD_SA only): rekey collisions compare them. */
    public byte[] nonce() {
        return nonce;
    }

    public byte[] peerNonce() {
        return peerNonce;
    }

    /** The error notification the responder answered with, if any. */
    Optional<NotifyType> responderError() {
        return Optional.ofNullable(error).map(NegotiationError::type);
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (m.exchangeType() == ExchangeType.IKE_FOLLOWUP_KE) return initiator ? buildFollowupRequest(m) : buildFollowupResponse(m);
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        return initiator ? buildRequest(m) : buildResponse(m);
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (m.exchangeType() == ExchangeType.IKE_FOLLOWUP_KE) return initiator ? processFollowupResponse(m) : processFollowupRequest(m);
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        return initiator ? processResponse(m) : processRequest(m);
    }

    private boolean ownExchange(ExchangeType t) {
        return t == ExchangeType.CREATE_CHILD_SA;
    }

    private Status buildRequest(OutgoingMessage m) {
        inboundSpi = ctx.newChildSpi();
        var esp = ctx.config().espProposals();
        boolean pfs = ownExchange(m.exchangeType()) && !esp.getFirst().pfsGroups().isEmpty();
        m.add(new SecurityAssociationPayload(ProposalSelection.offerEsp(esp, spiBytes(inboundSpi), pfs)));
        if (ownExchange(m.exchangeType())) {
            nonce = ctx.random().bytes(IkeInitTask.NONCE_LENGTH);
            m.add(new NoncePayload(Bytes.wrap(nonce)));
            if (pfs) {
                try {
                    keyExchange = ctx.initiatorKeyExchange(askedGroup != null ? List.of(askedGroup) : esp.getFirst().pfsGroups());
                } catch (QkdKeyUnavailableException e) {
                    // The policy allows no Child SA without its QKD key: the IKE SA goes, with a Delete the peer
                    // sees (rather than a silent end), and the KME's reason for the tunnel's status.
                    LOG.warning("no QKD key for the Child SA's PFS and no fallback: " + e.getMessage());
                    m.clear();
                    ctx.queue(new DeleteIkeTask(ctx, "no QKD key from the KME for a Child SA and no fallback in the policy: "
                            + e.getMessage()));
                    return Status.DONE;
                }
                m.add(KeyExchangePayload.of(IkeInitTask.wire(keyExchange.method()), Bytes.wrap(keyExchange.publicValue())));
            }
        }
        m.add(new TrafficSelectorPayload(true, TrafficSelectors.toWire(requestedLocal())));
        m.add(new TrafficSelectorPayload(false, TrafficSelectors.toWire(requestedRemote())));
        return Status.NEED_MORE;
    }

    private List<TrafficSelector> requestedLocal() {
        return requestedLocal != null ? requestedLocal : ctx.config().localSelectors();
    }

    private List<TrafficSelector> requestedRemote() {
        return requestedRemote != null ? requestedRemote : ctx.peerSelectors();
    }

    private Status processResponse(ReceivedMessage m) {
        Status s = installFromResponse(m);
        if (s == Status.DONE) afterInitiated();
        return s;
    }

    private void afterInitiated() {
        if (reqid == NEW && ctx.sa().state() == IkeSa.State.ESTABLISHED) requestAdditional();
    }

    /**
     * After our first Child SA, the pairs it does not carry are asked for; after an additional one,
     * the same local selector again if it was granted, the next one if it was refused.
     */
    private void requestAdditional() {
        List<TrafficSelector> locals;
        if (additionalLocals == null) {
            if (created == null) return; // the tunnel's Child SA was refused: asking for parts would not help
            locals = ctx.config().localSelectors();
        } else {
            locals = created != null ? additionalLocals : additionalLocals.subList(1, additionalLocals.size());
        }
        AdditionalChildren.next(ctx, locals).ifPresent(next -> {
            LOG.info(() -> "the peer narrowed our traffic selectors; asking for " + next.requestedLocal() + " with "
                    + next.requestedRemote() + " in a Child SA of its own");
            ctx.queue(next);
        });
    }

    private Status installFromResponse(ReceivedMessage m) {
        if (ctx.sa().state() != IkeSa.State.ESTABLISHED && ctx.sa().state() != IkeSa.State.REKEYING) return Status.DONE;
        Optional<NotifyPayload> err = m.error();
        if (err.isPresent() && err.get().notifyType() == NotifyType.INVALID_KE_PAYLOAD && retryWithAskedGroup(err.get().data())) {
            LOG.info(() -> "INVALID_KE_PAYLOAD: asking for the Child SA again with " + askedGroup);
            return Status.NEED_MORE;
        }
        if (err.isPresent()) {
            LOG.warning(() -> "peer refused the Child SA: " + err.get().notifyType());
            error = NegotiationError.of(err.get().notifyType(), "peer refused");
            return Status.DONE;
        }
        Optional<SecurityAssociationPayload> sa = m.first(SecurityAssociationPayload.class);
        Optional<TrafficSelectorPayload> tsi = m.first(TrafficSelectorPayload.class).filter(TrafficSelectorPayload::initiator);
        Optional<TrafficSelectorPayload> tsr = m.all(TrafficSelectorPayload.class).stream().filter(t -> !t.initiator()).findFirst();
        if (sa.isEmpty() || tsi.isEmpty() || tsr.isEmpty() || sa.get().proposals().size() != 1) {
            LOG.warning("Child SA response without one SA proposal and both TS payloads");
            return Status.DONE;
        }
        KeyExchangeMethod group = keyExchange == null ? null : keyExchange.method();
        var selected = ProposalSelection.selectEsp(ctx.config().espProposals(), sa.get().proposals(), group);
        if (selected.isEmpty()) {
            LOG.warning("Child SA response selected something we did not offer");
            return Status.DONE;
        }
        byte[] gir = null;
        if (ownExchange(m.exchangeType())) {
            Optional<NoncePayload> nr = m.first(NoncePayload.class);
            if (nr.isEmpty()) return Status.DONE;
            peerNonce = nr.get().data().toByteArray();
            if (keyExchange != null) {
                Optional<KeyExchangePayload> ke = m.first(KeyExchangePayload.class);
                try {
                    if (ke.isEmpty() || ke.get().methodCode() != group.id()) throw new InvalidPublicValueException("KE missing");
                    gir = keyExchange.sharedSecret(ke.get().data().toByteArray());
                } catch (InvalidPublicValueException e) {
                    LOG.warning("Child SA KE: " + e.getMessage());
                    return Status.DONE;
                }
            }
        }
        List<TrafficSelector> local = TrafficSelectors.narrow(TrafficSelectors.fromWire(tsi.get().selectors()), requestedLocal());
        List<TrafficSelector> remote = TrafficSelectors.narrow(TrafficSelectors.fromWire(tsr.get().selectors()), requestedRemote());
        if (local.isEmpty() || remote.isEmpty()) {
            LOG.warning("responder's traffic selectors are outside ours");
            return Status.DONE;
        }
        long peerSpi = spiValue(selected.get().peerProposal());
        byte[] ni = ownExchange(m.exchangeType()) ? nonce : ctx.sa().ni();
        byte[] nr = ownExchange(m.exchangeType()) ? peerNonce : ctx.sa().nr();
        keying = new Keying(selected.get().algorithms(), gir, ni, nr, inboundSpi, peerSpi, local, remote);
        if (!keying.algorithms().additional().isEmpty()) {
            followups = new FollowupKeyExchanges(keying.algorithms().additional());
            if (!followups.takeLink(m)) {
                LOG.warning("the peer chose additional key exchanges without ADDITIONAL_KEY_EXCHANGE");
                followups = null;
                return Status.DONE;
            }
            LOG.info(() -> "CREATE_CHILD_SA done, additional key exchanges follow: " + followups);
            return Status.NEED_MORE;
        }
        installKeyed(new byte[0]);
        return Status.DONE;
    }

    /**
     * The responder asked with INVALID_KE_PAYLOAD for another group of our first proposal: we try once more
     * with it (a new exchange), as RFC 7296 1.3 allows.
     */
    private boolean retryWithAskedGroup(Bytes data) {
        if (keyExchange == null || askedGroup != null || data.length() != 2) return false;
        Optional<KeyExchangeMethod> wanted = KeyExchangeMethod.byId(data.u16(0));
        if (wanted.isEmpty() || wanted.get() == keyExchange.method()
                || !ctx.config().espProposals().getFirst().pfsGroups().contains(wanted.get())) {
            return false;
        }
        askedGroup = wanted.get();
        return true;
    }

    private Status buildFollowupRequest(OutgoingMessage m) {
        try {
            followups.buildRequest(m, ctx);
            return Status.NEED_MORE;
        } catch (QkdKeyUnavailableException e) {
            // As for the PFS key exchange itself: no Child SA without its QKD key; the IKE SA goes with a Delete.
            LOG.warning("no QKD key for the Child SA's additional key exchange: " + e.getMessage());
            m.clear();
            ctx.queue(new DeleteIkeTask(ctx, "no QKD key from the KME for a Child SA's additional key exchange: " + e.getMessage()));
            return Status.DONE;
        }
    }

    private Status processFollowupResponse(ReceivedMessage m) {
        Optional<String> failure = followups.processResponse(m);
        if (failure.isPresent()) {
            LOG.warning(() -> "Child SA not created: " + failure.get());
            error = NegotiationError.of(m.error().map(NotifyPayload::notifyType).orElse(NotifyType.INVALID_SYNTAX), failure.get());
            followups = null;
            return Status.DONE;
        }
        if (!followups.complete()) return Status.NEED_MORE;
        installKeyed(followups.secrets());
        afterInitiated();
        return Status.DONE;
    }

    private Status processFollowupRequest(ReceivedMessage m) {
        followups.takeRequest(m, ctx);
        return Status.NEED_MORE;
    }

    private Status buildFollowupResponse(OutgoingMessage m) {
        switch (followups.answer(m, ctx, "a Child SA")) {
            case REFUSED -> followups = null;
            case COMPLETE -> installKeyed(followups.secrets());
            case MORE -> { }
        }
        return Status.DONE;
    }

    /** Derives the keys of {@link #keying} with the secrets of its additional key exchanges and installs the SA. */
    private void installKeyed(byte[] additionalSecrets) {
        Keying k = keying;
        ChildSaKeys keys = ChildSaKeys.derive(ctx.sa().algorithms().prf(), ctx.sa().keys().skD(), k.algorithms(), k.gir(),
                k.ni(), k.nr(), additionalSecrets);
        EspKeys toResponder = keys.initiatorToResponder(k.responderSpi());
        EspKeys toInitiator = keys.responderToInitiator(k.initiatorSpi());
        if (initiator) install(k.algorithms(), toInitiator, toResponder, k.local(), k.remote());
        else install(k.algorithms(), toResponder, toInitiator, k.local(), k.remote());
    }

    private Status processRequest(ReceivedMessage m) {
        if (ctx.sa().state() != IkeSa.State.ESTABLISHED) return Status.NEED_MORE; // authentication failed
        Optional<SecurityAssociationPayload> sa = m.first(SecurityAssociationPayload.class);
        Optional<TrafficSelectorPayload> tsi = m.first(TrafficSelectorPayload.class).filter(TrafficSelectorPayload::initiator);
        Optional<TrafficSelectorPayload> tsr = m.all(TrafficSelectorPayload.class).stream().filter(t -> !t.initiator()).findFirst();
        if (sa.isEmpty() || tsi.isEmpty() || tsr.isEmpty()) {
            error = NegotiationError.of(NotifyType.INVALID_SYNTAX, "SA or TS missing");
            return Status.NEED_MORE;
        }
        Optional<KeyExchangePayload> ke = ownExchange(m.exchangeType()) ? m.first(KeyExchangePayload.class) : Optional.empty();
        KeyExchangeMethod group = ke.flatMap(k -> KeyExchangeMethod.byId(k.methodCode())).orElse(null);
        var selected = ProposalSelection.selectEsp(ctx.config().espProposals(), sa.get().proposals(), group);
        if (selected.isEmpty() && ke.isPresent()) {
            // Perhaps the proposal is fine but the KE guess is not: tell the peer our group (RFC 7296 1.3).
            var withOurGroup = ctx.config().espProposals().stream().flatMap(p -> p.pfsGroups().stream())
                    .filter(g -> ProposalSelection.selectEsp(ctx.config().espProposals(), sa.get().proposals(), g).isPresent())
                    .findFirst();
            if (withOurGroup.isPresent()) {
                byte[] g = ByteBuffer.allocate(2).putShort((short) withOurGroup.get().id()).array();
                error = new NegotiationError(NotifyType.INVALID_KE_PAYLOAD, Bytes.wrap(g), "KE of another group");
                return Status.NEED_MORE;
            }
        }
        if (selected.isEmpty()) {
            error = NegotiationError.of(NotifyType.NO_PROPOSAL_CHOSEN, "no acceptable ESP proposal");
            return Status.NEED_MORE;
        }
        narrowedRemote = TrafficSelectors.narrow(TrafficSelectors.fromWire(tsi.get().selectors()), ctx.peerSelectors());
        narrowedLocal = TrafficSelectors.narrow(TrafficSelectors.fromWire(tsr.get().selectors()), ctx.config().localSelectors());
        if (narrowedLocal.isEmpty() || narrowedRemote.isEmpty()) {
            error = NegotiationError.of(NotifyType.TS_UNACCEPTABLE, "traffic selectors do not overlap ours");
            return Status.NEED_MORE;
        }
        chosen = selected.get().algorithms();
        chosenNumber = selected.get().peerProposal().number();
        outboundSpi = spiValue(selected.get().peerProposal());
        if (ownExchange(m.exchangeType())) {
            Optional<NoncePayload> ni = m.first(NoncePayload.class);
            if (ni.isEmpty()) {
                error = NegotiationError.of(NotifyType.INVALID_SYNTAX, "Ni missing");
                return Status.NEED_MORE;
            }
            peerNonce = ni.get().data().toByteArray();
            nonce = ctx.random().bytes(IkeInitTask.NONCE_LENGTH);
            if (chosen.pfsGroup() != null) {
                keyExchange = ctx.responderKeyExchange(chosen.pfsGroup());
                try {
                    sharedSecret = keyExchange.sharedSecret(ke.get().data().toByteArray());
                } catch (InvalidPublicValueException e) {
                    error = NegotiationError.of(NotifyType.INVALID_SYNTAX, e.getMessage());
                    return Status.NEED_MORE;
                }
            }
        }
        return Status.NEED_MORE;
    }

    private Status buildResponse(OutgoingMessage m) {
        if (ctx.sa().state() != IkeSa.State.ESTABLISHED) return Status.DONE;
        if (error != null) {
            LOG.info(() -> "refusing Child SA with " + error.type() + ": " + error.reason());
            m.add(error.payload());
            return Status.DONE;
        }
        inboundSpi = ctx.newChildSpi();
        m.add(new SecurityAssociationPayload(List.of(ProposalSelection.answerEsp(chosen, chosenNumber, spiBytes(inboundSpi)))));
        if (ownExchange(m.exchangeType())) {
            m.add(new NoncePayload(Bytes.wrap(nonce)));
            if (keyExchange != null) {
                m.add(KeyExchangePayload.of(IkeInitTask.wire(keyExchange.method()), Bytes.wrap(keyExchange.publicValue())));
            }
        }
        m.add(new TrafficSelectorPayload(true, TrafficSelectors.toWire(narrowedRemote)));
        m.add(new TrafficSelectorPayload(false, TrafficSelectors.toWire(narrowedLocal)));
        byte[] ni = ownExchange(m.exchangeType()) ? peerNonce : ctx.sa().ni();
        byte[] nr = ownExchange(m.exchangeType()) ? nonce : ctx.sa().nr();
        keying = new Keying(chosen, sharedSecret, ni, nr, outboundSpi, inboundSpi, narrowedLocal, narrowedRemote);
        if (!chosen.additional().isEmpty()) {
            followups = new FollowupKeyExchanges(chosen.additional());
            followups.newLink(ctx.random());
            followups.announce(m);
            ctx.awaitFollowups(followups.link(), this);
            return Status.DONE;
        }
        installKeyed(new byte[0]);
        return Status.DONE;
    }

    private void install(ChildAlgorithms algorithms, EspKeys inbound, EspKeys outbound,
                         List<TrafficSelector> local, List<TrafficSelector> remote) {
        created = new ChildSa(reqid == NEW ? ctx.newReqid() : reqid, algorithms, inbound, outbound, local, remote,
                java.time.Instant.now());
        ctx.installChild(created);
    }

    static Bytes spiBytes(long spi) {
        return Bytes.wrap(ByteBuffer.allocate(4).putInt((int) spi).array());
    }

    private static long spiValue(Proposal p) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(p.spi().toByteArray()).getInt());
    }
}
