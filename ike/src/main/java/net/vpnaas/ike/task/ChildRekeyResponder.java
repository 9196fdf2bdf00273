package net.vpnaas.ike.task;

import java.nio.ByteBuffer;
import java.util.Optional;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.sa.ChildSa;

/**
 * Answers the peer's rekey of a Child SA. REKEY_SA carries the SPI the peer receives on, which is
 * our outbound SPI. If our own rekey of that SA is in flight, the two collided: that task is told,
 * and settles which new SA survives when its response arrives. A rekey of an SA we are closing is
 * refused with TEMPORARY_FAILURE, of one we do not have with CHILD_SA_NOT_FOUND (RFC 7296 2.25), and so is
 * one that comes when our own rekey of that SA is past its CREATE_CHILD_SA, in IKE_FOLLOWUP_KE (RFC 9370):
 * the peer learns of the collision too late to compare nonces, and ours will replace the SA.
 */
public final class ChildRekeyResponder implements Task {
    private final TaskContext ctx;
    private ChildCreateTask create;
    private ChildSa old;
    private NotifyType refusal;

    public ChildRekeyResponder(TaskContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public Status process(ReceivedMessage m) {
        Optional<NotifyPayload> rekey = m.notify(NotifyType.REKEY_SA);
        Optional<ChildSa> child = rekey.filter(n -> n.spi().length() == 4)
                .flatMap(n -> ctx.sa().childByOutboundSpi(Integer.toUnsignedLong(ByteBuffer.wrap(n.spi().toByteArray()).getInt())));
        if (child.isEmpty()) {
            refusal = NotifyType.CHILD_SA_NOT_FOUND;
            return Status.NEED_MORE;
        }
        // Our Delete of it is queued (REKEYED: we rekeyed it ourselves) or in flight (DELETING). The
        // peer may retry later; by then the SA is gone, or its Delete reached it and it knows why.
        if (child.get().state() == ChildSa.State.DELETING || child.get().state() == ChildSa.State.REKEYED) {
            refusal = NotifyType.TEMPORARY_FAILURE;
            return Status.NEED_MORE;
        }
        if (ctx.activeTasks().stream().anyMatch(t -> t instanceof ChildRekeyTask mine && mine.old() == child.get() && mine.sendingFollowups())) {
            refusal = NotifyType.TEMPORARY_FAILURE;
            return Status.NEED_MORE;
        }
        old = child.get();
        create = new ChildCreateTask(ctx, false, old.reqid());
        create.process(m);
        return Status.NEED_MORE;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (refusal != null) {
            m.add(NotifyPayload.of(refusal));
            return Status.DONE;
        }
        create.build(m);
        if (create.created().isPresent() || create.awaitingFollowups()) {
            for (var t : ctx.activeTasks()) {
                if (t instanceof ChildRekeyTask mine && mine.old() == old) mine.collidedWith(create);
            }
        }
        return Status.DONE;
    }
}
