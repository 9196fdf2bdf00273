package net.vpnaas.ike.task;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.DeletePayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.ProtocolId;

/**
 * Answers INFORMATIONAL requests: Delete of the IKE SA (answered empty, then the SA goes), Delete of
 * Child SAs (answered with the Delete of our inbound SPIs of the same SAs, RFC 7296 1.4.1), and
 * empty liveness checks (answered empty).
 */
public final class InformationalResponder implements Task {
    private final TaskContext ctx;
    private final List<Bytes> deletedInbound = new ArrayList<>();
    private boolean deleteIke;

    public InformationalResponder(TaskContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Status process(ReceivedMessage m) {
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

    @Override
    public Status build(OutgoingMessage m) {
        if (!deletedInbound.isEmpty()) m.add(DeletePayload.childSas(ProtocolId.ESP, deletedInbound));
        if (deleteIke) ctx.ikeSaDeleted("deleted by the peer");
        return Status.DONE;
    }

}
