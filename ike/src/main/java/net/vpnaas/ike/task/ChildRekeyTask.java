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
 */
public final class ChildRekeyTask implements Task {
    private static final Logger LOG = Logger.getLogger(ChildRekeyTask.class.getName());

    private final TaskContext ctx;
    private final ChildSa old;
    private final ChildCreateTask create;
    /** The peer's rekey of the same SA that we answered while ours was in flight. */
    private ChildCreateTask collision;

    public ChildRekeyTask(TaskContext ctx, ChildSa old) {
        this.ctx = ctx;
        this.old = old;
        this.create = new ChildCreateTask(ctx, true, old.reqid());
    }

    public ChildSa old() {
        return old;
    }

    /** Called by the responder side when the peer's rekey of {@link #old()} crossed ours. */
    void collidedWith(ChildCreateTask peersRekey) {
        this.collision = peersRekey;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (old.state() != ChildSa.State.INSTALLED || ctx.sa().childByInboundSpi(old.inboundSpi()).isEmpty()) {
            return Status.DONE; // deleted or rekeyed by the peer meanwhile
        }
        old.state(ChildSa.State.REKEYING);
        m.add(new NotifyPayload(ProtocolId.ESP.code(), ChildCreateTask.spiBytes(old.inboundSpi()), NotifyType.REKEY_SA.code(),
                net.vpnaas.ike.message.Bytes.EMPTY));
        return create.build(m);
    }

    @Override
    public Status process(ReceivedMessage m) {
        create.process(m);
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

    private static byte[] min(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
