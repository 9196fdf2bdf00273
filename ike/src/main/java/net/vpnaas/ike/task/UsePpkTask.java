package net.vpnaas.ike.task;

import java.util.logging.Logger;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;

/**
 * USE_PPK in IKE_SA_INIT (RFC 8784 section 3): the initiator announces it when its connection has
 * PPKs, the responder answers it when the initiator did and it has PPKs for the peer. With both, the
 * IKE SA is {@code ppkNegotiated} and IKE_AUTH mixes in a PPK ({@link PpkAuthentication}). An
 * initiator whose connection requires a PPK gives up here when the responder does not answer USE_PPK.
 */
public final class UsePpkTask implements Task {
    private static final Logger LOG = Logger.getLogger(UsePpkTask.class.getName());

    private final TaskContext ctx;
    private final boolean initiator;
    /** Responder: the initiator sent USE_PPK. */
    private boolean peerAnnounced;

    public UsePpkTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_SA_INIT;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (initiator) {
            if (ctx.config().ppk().configured()) m.add(NotifyPayload.of(NotifyType.USE_PPK, Bytes.EMPTY));
            return Status.NEED_MORE;
        }
        if (peerAnnounced && ctx.ppkConfigured()) {
            m.add(NotifyPayload.of(NotifyType.USE_PPK, Bytes.EMPTY));
            ctx.sa().ppkNegotiated(true);
        }
        return Status.DONE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        boolean announced = m.notify(NotifyType.USE_PPK).isPresent();
        if (!initiator) {
            peerAnnounced = announced;
            return Status.NEED_MORE;
        }
        var ppk = ctx.config().ppk();
        ctx.sa().ppkNegotiated(ppk.configured() && announced);
        if (ppk.required() && !announced) {
            ctx.authenticationFailed("PPK required, but the peer did not answer USE_PPK (it has no PPK for us)");
            return Status.FAILED;
        }
        return Status.DONE;
    }
}
