package net.vpnaas.ike.task;

import java.util.logging.Logger;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.sa.PpkUse;

/**
 * Where a PPK is mixed in, settled in IKE_SA_INIT. The initiator with PPKs announces USE_PPK (RFC 8784)
 * and, unless its connection keeps to RFC 8784, USE_PPK_INT (RFC 9867) with INTERMEDIATE_EXCHANGE_SUPPORTED
 * (which {@link AdditionalKeyExchangeTask} sends). The responder answers one of them, never both (RFC
 * 9867 section 3): USE_PPK_INT when the initiator sent it and IKE_INTERMEDIATE, and it has PPKs for
 * RFC 9867; else USE_PPK when the initiator sent it and it has PPKs. USE_PPK_INT: the last
 * IKE_INTERMEDIATE agrees on a PPK ({@link IntermediatePpkTask}); USE_PPK: IKE_AUTH mixes one in
 * ({@link PpkAuthentication}). An initiator whose connection requires a PPK gives up here when the
 * responder answers neither.
 */
public final class UsePpkTask implements Task {
    private static final Logger LOG = Logger.getLogger(UsePpkTask.class.getName());

    private final TaskContext ctx;
    private final boolean initiator;
    /** Responder: what the initiator announced. */
    private boolean peerUsePpk;
    private boolean peerUsePpkInt;

    public UsePpkTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    /** Whether an initiator with this connection's PPKs announces RFC 9867 (and so IKE_INTERMEDIATE). */
    static boolean offersIntermediate(PostQuantumPreSharedKeys ppk) {
        return ppk.configured() && ppk.intermediate();
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_SA_INIT;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (initiator) {
            PostQuantumPreSharedKeys ppk = ctx.config().ppk();
            if (ppk.configured()) m.add(NotifyPayload.of(NotifyType.USE_PPK, Bytes.EMPTY));
            if (offersIntermediate(ppk)) m.add(NotifyPayload.of(NotifyType.USE_PPK_INT, Bytes.EMPTY));
            return Status.NEED_MORE;
        }
        if (peerUsePpkInt && ctx.responderPpks().configured()) {
            m.add(NotifyPayload.of(NotifyType.USE_PPK_INT, Bytes.EMPTY));
            ctx.sa().ppkUse(PpkUse.IKE_INTERMEDIATE);
        } else if (peerUsePpk && ctx.ppkConfigured()) {
            m.add(NotifyPayload.of(NotifyType.USE_PPK, Bytes.EMPTY));
            ctx.sa().ppkUse(PpkUse.IKE_AUTH);
        }
        return Status.DONE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        boolean usePpk = m.notify(NotifyType.USE_PPK).isPresent();
        boolean usePpkInt = m.notify(NotifyType.USE_PPK_INT).isPresent();
        boolean intermediate = m.notify(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED).isPresent();
        if (!initiator) {
            peerUsePpk = usePpk;
            // RFC 9867 runs in IKE_INTERMEDIATE: without it announced, USE_PPK_INT cannot be taken.
            peerUsePpkInt = usePpkInt && intermediate;
            return Status.NEED_MORE;
        }
        PostQuantumPreSharedKeys ppk = ctx.config().ppk();
        PpkUse use = offersIntermediate(ppk) && usePpkInt && intermediate ? PpkUse.IKE_INTERMEDIATE
                : ppk.configured() && usePpk ? PpkUse.IKE_AUTH : PpkUse.NONE;
        ctx.sa().ppkUse(use);
        if (use != PpkUse.NONE) {
            LOG.fine(() -> ctx.config().name() + ": PPK " + (use == PpkUse.IKE_INTERMEDIATE ? "in IKE_INTERMEDIATE (RFC 9867)" : "in IKE_AUTH (RFC 8784)"));
        }
        if (ppk.required() && use == PpkUse.NONE) {
            ctx.authenticationFailed("PPK required, but the peer did not answer USE_PPK" + (offersIntermediate(ppk) ? " or USE_PPK_INT" : "")
                    + " (it has no PPK for us)");
            return Status.FAILED;
        }
        return Status.DONE;
    }
}
