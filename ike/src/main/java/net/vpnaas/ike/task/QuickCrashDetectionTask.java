package net.vpnaas.ike.task;

import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.QcdTokenNotify;

/**
 * QUICK_CRASH_DETECTION in IKE_AUTH (RFC 6290 section 3.2), both roles. The initiator sends its token
 * (a token maker) or the notification alone (a taker only); the responder keeps what the initiator gave
 * and answers with its own token, if it makes tokens and the initiator announced that it takes them.
 * The initiator keeps the responder's token. Tokens either side keeps are what {@code IkeSession}
 * compares an unprotected INVALID_IKE_SPI against.
 */
public final class QuickCrashDetectionTask implements Task {
    private static final Logger LOG = Logger.getLogger(QuickCrashDetectionTask.class.getName());

    private final TaskContext ctx;
    private final boolean initiator;

    public QuickCrashDetectionTask(TaskContext ctx, boolean initiator) {
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
        if (!ctx.quickCrashDetection()) return Status.DONE;
        if (initiator) {
            m.add(QcdTokenNotify.of(ctx.ownQcdToken().orElse(Bytes.EMPTY)));
            return Status.NEED_MORE;
        }
        if (ctx.sa().peerQcd()) ctx.ownQcdToken().ifPresent(t -> m.add(QcdTokenNotify.of(t)));
        return Status.DONE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        if (ctx.quickCrashDetection()) m.notify(NotifyType.QUICK_CRASH_DETECTION).ifPresent(this::keep);
        return initiator ? Status.DONE : Status.NEED_MORE;
    }

    private void keep(NotifyPayload n) {
        try {
            Optional<Bytes> token = QcdTokenNotify.token(n);
            ctx.sa().peerQcd(token.map(t -> Bytes.copyOf(t.toByteArray())).orElse(null));
        } catch (IkeDecodeException e) {
            // A malformed token is no token: the IKE SA goes on without quick crash detection from that side.
            LOG.info(() -> ctx.sa() + ": ignoring the peer's QUICK_CRASH_DETECTION: " + e.getMessage());
        }
    }
}
