package net.vpnaas.ike.task;

import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;

/**
 * Answers an IKE_FOLLOWUP_KE request whose ADDITIONAL_KEY_EXCHANGE link names no pending key exchange
 * (never ours, finished, or dropped after its follow-ups stopped coming) with STATE_NOT_FOUND (RFC 9370
 * 2.2.4). Only that exchange fails; the IKE SA goes on.
 */
public final class StateNotFoundResponder implements Task {

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_FOLLOWUP_KE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        return Status.NEED_MORE;
    }

    @Override
    public Status build(OutgoingMessage m) {
        m.add(NotifyPayload.of(NotifyType.STATE_NOT_FOUND));
        return Status.DONE;
    }
}
