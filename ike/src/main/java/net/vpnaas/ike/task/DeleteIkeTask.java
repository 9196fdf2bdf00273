package net.vpnaas.ike.task;

import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.DeletePayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.sa.IkeSa;

/** INFORMATIONAL with Delete(IKE): closes the IKE SA and, unless they moved to a rekeyed SA, its children. */
public final class DeleteIkeTask implements Task {
    private final TaskContext ctx;
    private final String reason;
    private final boolean onlyWithoutChildren;

    public DeleteIkeTask(TaskContext ctx) {
        this(ctx, "deleted by us");
    }

    /** {@code reason}: why we delete it, for the event that reports its end. */
    public DeleteIkeTask(TaskContext ctx, String reason) {
        this(ctx, reason, false);
    }

    private DeleteIkeTask(TaskContext ctx, String reason, boolean onlyWithoutChildren) {
        this.ctx = ctx;
        this.reason = reason;
        this.onlyWithoutChildren = onlyWithoutChildren;
    }

    /**
     * Deletes the IKE SA if, when this task's turn comes, it still has no Child SA: an exchange in flight
     * before it (a rekey of the Child SA the peer deleted meanwhile) may still bring one.
     */
    public static DeleteIkeTask ifChildless(TaskContext ctx) {
        return new DeleteIkeTask(ctx, "it carries no Child SA", true);
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (onlyWithoutChildren && (ctx.sa().state() != IkeSa.State.ESTABLISHED || !ctx.sa().children().isEmpty())) {
            return Status.DONE;
        }
        if (ctx.sa().state() != IkeSa.State.REKEYED) ctx.sa().state(IkeSa.State.DELETING);
        m.add(DeletePayload.ikeSa());
        return Status.NEED_MORE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        ctx.ikeSaDeleted(reason);
        return Status.DONE;
    }
}
