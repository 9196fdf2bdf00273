package net.vpnaas.ike.task;

import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.DeletePayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.sa.IkeSa;

/** INFORMATIONAL with Delete(IKE): closes the IKE SA and, unless they moved to a rekeyed SA, its children. */
public final class DeleteIkeTask implements Task {
    private final TaskContext ctx;

    public DeleteIkeTask(TaskContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (ctx.sa().state() != IkeSa.State.REKEYED) ctx.sa().state(IkeSa.State.DELETING);
        m.add(DeletePayload.ikeSa());
        return Status.NEED_MORE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        ctx.ikeSaDeleted("deleted by us");
        return Status.DONE;
    }
}
