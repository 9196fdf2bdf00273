package net.vpnaas.ike.task;

import net.vpnaas.ike.config.HighAvailability;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;

/**
 * RFC 6311 section 3: IKEV2_MESSAGE_ID_SYNC_SUPPORTED and IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED in IKE_AUTH,
 * both roles. The initiator announces what its engine supports; the responder answers with what both
 * support. What both sent is in force for the IKE SA (and its rekeyed successors); a sync the peer
 * did not agree to is neither sent nor accepted.
 */
public final class HighAvailabilitySupportTask implements Task {
    private final TaskContext ctx;
    private final boolean initiator;
    private boolean peerMessageIds;
    private boolean peerReplayCounters;

    public HighAvailabilitySupportTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_AUTH;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        HighAvailability ours = ctx.highAvailability();
        boolean messageIds = ours.messageIdSync() && (initiator || peerMessageIds);
        boolean replayCounters = ours.replayCounterSync() && (initiator || peerReplayCounters);
        if (messageIds) m.add(NotifyPayload.of(NotifyType.IKEV2_MESSAGE_ID_SYNC_SUPPORTED));
        if (replayCounters) m.add(NotifyPayload.of(NotifyType.IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED));
        if (initiator) return Status.NEED_MORE;
        ctx.sa().highAvailabilityNegotiated(messageIds, replayCounters);
        return Status.DONE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        peerMessageIds = m.notify(NotifyType.IKEV2_MESSAGE_ID_SYNC_SUPPORTED).isPresent();
        peerReplayCounters = m.notify(NotifyType.IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED).isPresent();
        if (!initiator) return Status.NEED_MORE;
        HighAvailability ours = ctx.highAvailability();
        ctx.sa().highAvailabilityNegotiated(ours.messageIdSync() && peerMessageIds, ours.replayCounterSync() && peerReplayCounters);
        return Status.DONE;
    }
}
