package net.vpnaas.ike.exchange;

import java.util.ArrayList;
import java.util.List;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.Payload;

/** A request or response being built by the tasks of one exchange; encrypted on send unless IKE_SA_INIT. */
public final class OutgoingMessage {
    private final ExchangeType exchangeType;
    private final boolean response;
    private final long messageId;
    private final List<Payload> payloads = new ArrayList<>();
    private final List<Runnable> afterSend = new ArrayList<>();

    public OutgoingMessage(ExchangeType exchangeType, boolean response, long messageId) {
        this.exchangeType = exchangeType;
        this.response = response;
        this.messageId = messageId;
    }

    public ExchangeType exchangeType() {
        return exchangeType;
    }

    public boolean response() {
        return response;
    }

    public long messageId() {
        return messageId;
    }

    public OutgoingMessage add(Payload p) {
        payloads.add(p);
        return this;
    }

    /** Puts {@code p} first: a COOKIE notify must lead the retried IKE_SA_INIT (RFC 7296 2.6). */
    public OutgoingMessage addFirst(Payload p) {
        payloads.addFirst(p);
        return this;
    }

    public List<Payload> payloads() {
        return List.copyOf(payloads);
    }

    /** Drops everything the tasks added, e.g. to answer with nothing but an error notification. */
    public void clear() {
        payloads.clear();
        afterSend.clear();
    }

    /**
     * Runs {@code step} once the message is protected and sent: a responder switches to keys its
     * response must not yet use (RFC 9370: new keys after an IKE_INTERMEDIATE exchange).
     */
    public void afterSend(Runnable step) {
        afterSend.add(step);
    }

    /** The steps {@link #afterSend} registered, for the one who sends. */
    public List<Runnable> afterSendSteps() {
        return List.copyOf(afterSend);
    }
}
