package net.vpnaas.ike.task;

import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.QcdTokenNotify;
import net.vpnaas.ike.sa.IkeSa;

/**
 * A token maker's token for an IKE SA that came from a rekey (RFC 6290 section 3.4, replacing a token):
 * HDR, SK {N(QUICK_CRASH_DETECTION)} in an INFORMATIONAL. A token is bound to the SPIs, and the
 * initiator of a CREATE_CHILD_SA does not know the new responder SPI when it builds its request, so
 * both sides send their new token this way, once the new IKE SA is up. The peer's
 * {@link InformationalResponder} keeps it.
 */
public final class QcdTokenUpdateTask implements Task {
    private final TaskContext ctx;

    public QcdTokenUpdateTask(TaskContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Status build(OutgoingMessage m) {
        // Nothing to say if the IKE SA went meanwhile: an empty request would only be a liveness check.
        if (ctx.sa().state() != IkeSa.State.ESTABLISHED) return Status.DONE;
        ctx.ownQcdToken().ifPresent(t -> m.add(QcdTokenNotify.of(t)));
        return m.payloads().isEmpty() ? Status.DONE : Status.NEED_MORE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        return Status.DONE;
    }
}
