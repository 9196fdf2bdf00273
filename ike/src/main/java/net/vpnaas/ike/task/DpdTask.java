package net.vpnaas.ike.task;

import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;

/**
 * Dead peer detection (RFC 7296 2.4): an empty INFORMATIONAL request. Its response proves liveness;
 * the retransmission policy giving up declares the peer dead and takes the IKE SA down.
 */
public final class DpdTask implements Task {

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Status build(OutgoingMessage m) {
        return Status.NEED_MORE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        return Status.DONE;
    }
}
