package net.vpnaas.ike.task;

import java.util.List;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.DeletePayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.ProtocolId;
import net.vpnaas.ike.sa.ChildSa;

/** INFORMATIONAL with Delete(ESP, our inbound SPI) (RFC 7296 1.4.1); the SA goes when the peer answers. */
public final class DeleteChildTask implements Task {
    private final TaskContext ctx;
    private final ChildSa child;

    public DeleteChildTask(TaskContext ctx, ChildSa child) {
        this.ctx = ctx;
        this.child = child;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (ctx.sa().childByInboundSpi(child.inboundSpi()).isEmpty()) return Status.DONE; // the peer deleted it first
        child.state(ChildSa.State.DELETING);
        m.add(DeletePayload.childSas(ProtocolId.ESP, List.of(ChildCreateTask.spiBytes(child.inboundSpi()))));
        return Status.NEED_MORE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        ctx.removeChild(child);
        return Status.DONE;
    }
}
