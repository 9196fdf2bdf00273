package net.vpnaas.ike.task;

import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;

/**
 * One protocol feature in one role, strongSwan style. As initiator a task {@link #build}s its part
 * of the request and {@link #process}es the response; as responder it processes the request and
 * builds its part of the response. Tasks of one exchange share the message.
 */
public interface Task {

    enum Status {
        /** Finished; the task leaves the task manager. */
        DONE,
        /** Has more to do in the next exchange (e.g. the child SA of IKE_AUTH waits through IKE_SA_INIT). */
        NEED_MORE,
        /**
         * The exchange must be sent again with the same message id (COOKIE, INVALID_KE_PAYLOAD). The
         * response is not an answer to anything else: the tasks after this one do not see it, and every
         * active task builds its part of the request again.
         */
        RETRY,
        /**
         * The response answers an earlier send of this exchange, not the current one (e.g. a late
         * copy of INVALID_KE_PAYLOAD after we already retried): keep waiting for the real answer.
         */
        STALE,
        /** The IKE SA cannot continue; after this message it is destroyed. */
        FAILED
    }

    /** The exchange this task needs next, as initiator. */
    ExchangeType exchangeType();

    Status build(OutgoingMessage message);

    Status process(ReceivedMessage message);

    /**
     * IKE_SA_INIT and the IKE_INTERMEDIATE exchanges after it (RFC 9242): the IKE_AUTH tasks, queued
     * from the start, wait through them.
     */
    static boolean precedesAuth(ExchangeType exchange) {
        return exchange == ExchangeType.IKE_SA_INIT || exchange == ExchangeType.IKE_INTERMEDIATE;
    }

    /**
     * The responder's IKE_AUTH answer when authentication failed: AUTHENTICATION_FAILED alone, whatever other
     * tasks of the exchange had added (RFC 7296 2.21.2: no Child SA, no identities of ours).
     */
    static Status refuseAuthentication(OutgoingMessage m) {
        m.clear();
        m.add(NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED));
        return Status.FAILED;
    }

    /** A one-word name for logs. */
    default String name() {
        return getClass().getSimpleName();
    }
}
