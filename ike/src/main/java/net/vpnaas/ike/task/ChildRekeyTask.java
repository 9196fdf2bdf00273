package net.vpnaas.ike.task;

import java.util.Arrays;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.ProtocolId;
import net.vpnaas.ike.sa.ChildSa;

/**
 * Rekeys a Child SA (RFC 7296 1.3.3): CREATE_CHILD_SA with REKEY_SA naming the old SA, then a Delete
 * of the old SA. When the peer rekeys the same SA at the same time (2.8.1), the new SA created with
 * the lowest of the four nonces is redundant: its creator deletes it, and the other side deletes the
 * old SA. Either way exactly one new SA survives per reqid, and no traffic is without an SA.
 *
 * <p>With additional key exchanges (RFC 9370) no new SA exists yet when the CREATE_CHILD_SA exchanges
 * cross, so the nonces are compared then, as strongSwan does: the side whose SA would be redundant does
 * not send its IKE_FOLLOWUP_KE requests, the other stops waiting for them and goes on with its own. A
 * rekey of the SA that reaches us after our follow-ups started is refused with TEMPORARY_FAILURE
 * ({@link ChildRekeyResponder}).
 */
public final class ChildRekeyTask implements Task {
    private static final Logger LOG = Logger.getLogger(ChildRekeyTask.class.getName());

    private final TaskContext ctx;
    private final ChildSa old;
    private final ChildCreateTask create;
    /** The peer's rekey of the same SA that we answered while ours was in flight. */
    private ChildCreateTask collision;
    /** Our CREATE_CHILD_SA was built (perhaps again, after INVALID_KE_PAYLOAD): the SA is ours to rekey. */
    private boolean started;

    public ChildRekeyTask(TaskContext ctx, ChildSa old) {
        this.ctx = ctx;
        this.old = old;
        this.create = new ChildCreateTask(ctx, true, old.reqid());
    }

    public ChildSa old() {
        return old;
    }

    /** Whether our CREATE_CHILD_SA is done and its IKE_FOLLOWUP_KE exchanges run. */
    boolean sendingFollowups() {
        return create.awaitingFollowups();
    }

    /** Called by the responder side when the peer's rekey of {@link #old()} crossed ours. */
    void collidedWith(ChildCreateTask peersRekey) {
        this.collision = peersRekey;
    }

    @Override
    public ExchangeType exchangeType() {
        return create.awaitingFollowups() ? ExchangeType.IKE_FOLLOWUP_KE : ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (m.exchangeType() == ExchangeType.IKE_FOLLOWUP_KE) return create.build(m);
        boolean ours = started && old.state() == ChildSa.State.REKEYING;
        if (!ours && (old.state() != ChildSa.State.INSTALLED || ctx.sa().childByInboundSpi(old.inboundSpi()).isEmpty())) {
            return Status.DONE; // deleted or rekeyed by the peer meanwhile
        }
        started = true;
        old.state(ChildSa.State.REKEYING);
        m.add(new NotifyPayload(ProtocolId.ESP.code(), ChildCreateTask.spiBytes(old.inboundSpi()), NotifyType.REKEY_SA.code(),
                net.vpnaas.ike.message.Bytes.EMPTY));
        return create.build(m);
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (create.process(m) == Status.NEED_MORE) {
            // Asked for another PFS group, or the CREATE_CHILD_SA is done and IKE_FOLLOWUP_KE exchanges follow.
            return create.awaitingFollowups() && lostMultiKeCollision() ? Status.DONE : Status.NEED_MORE;
        }
        Optional<ChildSa> mine = create.created();
        if (mine.isEmpty()) {
            if (old.state() == ChildSa.State.REKEYING) old.state(ChildSa.State.INSTALLED);
            if (create.responderError().filter(e -> e == NotifyType.TEMPORARY_FAILURE).isPresent()
                    && collision == null) {
                ctx.retryChildRekeyLater(old);
            }
            return Status.DONE;
        }
        if (collision != null && collision.created().isPresent()) {
            // RFC 7296 2.8.1: the SA created with the lowest nonce is redundant; its creator deletes it.
            byte[] lowestOurs = min(create.nonce(), create.peerNonce());
            byte[] lowestTheirs = min(collision.nonce(), collision.peerNonce());
            if (Arrays.compareUnsigned(lowestOurs, lowestTheirs) < 0) {
                LOG.info(() -> "simultaneous rekey: our new SA " + mine.get() + " is redundant, deleting it");
                old.state(ChildSa.State.REKEYED);
                ctx.queue(new DeleteChildTask(ctx, mine.get()));
                return Status.DONE;
            }
            LOG.info(() -> "simultaneous rekey: the peer's new SA is redundant, it deletes that one");
        }
        old.state(ChildSa.State.REKEYED);
        ctx.queue(new DeleteChildTask(ctx, old));
        return Status.DONE;
    }

    /**
     * Both CREATE_CHILD_SA exchanges of crossing multi-KE rekeys are done: the one with the lowest nonce
     * goes no further. Losing, we leave the SA to the peer's rekey (it deletes the old one when done); winning,
     * we stop waiting for the peer's follow-ups, which it will not send.
     */
    private boolean lostMultiKeCollision() {
        if (collision == null) return false;
        ChildCreateTask theirs = collision;
        collision = null;
        if (Arrays.compareUnsigned(min(create.nonce(), create.peerNonce()), min(theirs.nonce(), theirs.peerNonce())) < 0) {
            LOG.info(() -> "simultaneous multi-KE rekey of " + old + ": ours has the lowest nonce, the peer's goes on");
            old.state(ChildSa.State.REKEYED);
            return true;
        }
        LOG.info(() -> "simultaneous multi-KE rekey of " + old + ": ours goes on, the peer's stops");
        theirs.abandonFollowups();
        return false;
    }

    private static byte[] min(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
