package net.vpnaas.ike.task;

import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;

/** An error a responder task answers with instead of its payloads (one notification). */
record NegotiationError(NotifyType type, Bytes data, String reason) {
    NotifyPayload payload() {
        return NotifyPayload.of(type, data);
    }

    static NegotiationError of(NotifyType type, String reason) {
        return new NegotiationError(type, Bytes.EMPTY, reason);
    }
}
