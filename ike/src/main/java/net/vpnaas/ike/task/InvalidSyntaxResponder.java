package net.vpnaas.ike.task;

import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;

/** Answers an authenticated request that breaks the payload rules with INVALID_SYNTAX (RFC 7296 2.21.2, 3.10.1). */
public final class InvalidSyntaxResponder implements Task {
    private final boolean fatal;

    /** @param fatal the IKE SA is deleted after the answer (a broken IKE_AUTH leaves nothing to continue with) */
    public InvalidSyntaxResponder(boolean fatal) {
        this.fatal = fatal;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Status process(ReceivedMessage m) {
        return Status.NEED_MORE;
    }

    @Override
    public Status build(OutgoingMessage m) {
        m.add(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
        return fatal ? Status.FAILED : Status.DONE;
    }
}
