package net.vpnaas.ike.task;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.DeletePayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.ProtocolId;
import net.vpnaas.ike.message.QcdTokenNotify;

/**
 * Answers INFORMATIONAL requests: Delete of the IKE SA (answered empty, then the SA goes), Delete of
 * Child SAs (answered with the Delete of our inbound SPIs of the same SAs, RFC 7296 1.4.1), and
 * empty liveness checks (answered empty); a QUICK_CRASH_DETECTION token in one replaces the peer's (RFC 6290 3.4).
 * AUTHENTICATION_FAILED in a request is the initiator refusing our authentication after our IKE_AUTH
 * answer (RFC 7296 2.21.2): it has deleted the IKE SA, so ours goes too (with its Child SAs, and in the
 * middle of EAP, where a client gives up this way) instead of lingering until liveness checks fail.
 */
public final class InformationalResponder implements Task {
    private static final Logger LOG = Logger.getLogger(InformationalResponder.class.getName());
    private final TaskContext ctx;
    private final List<Bytes> deletedInbound = new ArrayList<>();
    private boolean deleteIke;
    private boolean refusedByPeer;

    public InformationalResponder(TaskContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (ctx.quickCrashDetection()) m.notify(NotifyType.QUICK_CRASH_DETECTION).ifPresent(this::replaceQcdToken);
        refusedByPeer = m.notify(NotifyType.AUTHENTICATION_FAILED).isPresent();
        for (DeletePayload d : m.all(DeletePayload.class)) {
            if (d.protocolId() == ProtocolId.IKE) {
                deleteIke = true;
            } else if (d.protocolId() == ProtocolId.ESP) {
                for (Bytes spi : d.spis()) {
                    if (spi.length() != 4) continue;
                    long outbound = Integer.toUnsignedLong(ByteBuffer.wrap(spi.toByteArray()).getInt());
                    ctx.sa().childByOutboundSpi(outbound).ifPresent(c -> {
                        deletedInbound.add(ChildCreateTask.spiBytes(c.inboundSpi()));
                        ctx.removeChild(c);
                    });
                }
            }
        }
        return Status.NEED_MORE;
    }

    /** RFC 6290 3.4: the peer's token for this IKE SA, e.g. after a rekey gave it new SPIs. */
    private void replaceQcdToken(NotifyPayload n) {
        try {
            QcdTokenNotify.token(n).ifPresent(t -> ctx.sa().peerQcd(Bytes.copyOf(t.toByteArray())));
        } catch (IkeDecodeException e) {
            LOG.info(() -> ctx.sa() + ": ignoring the peer's QUICK_CRASH_DETECTION: " + e.getMessage());
        }
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (!deletedInbound.isEmpty()) m.add(DeletePayload.childSas(ProtocolId.ESP, deletedInbound));
        if (refusedByPeer) {
            ctx.authenticationFailed("the peer refused our authentication (AUTHENTICATION_FAILED in an INFORMATIONAL)");
            ctx.ikeSaDeleted("refused by the peer");
        } else if (deleteIke) {
            ctx.ikeSaDeleted("deleted by the peer");
        }
        return Status.DONE;
    }

}
