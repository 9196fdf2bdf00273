package net.vpnaas.ike.task;

import java.util.List;
import net.vpnaas.ike.auth.SignatureHashAlgorithms;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;

/**
 * RFC 7427 section 4: both sides list the hash algorithms they verify signatures with in IKE_SA_INIT
 * (N(SIGNATURE_HASH_ALGORITHMS)); the peer's list decides which signature scheme our AUTH uses.
 */
public final class SignatureHashAlgorithmsTask implements Task {
    private final TaskContext ctx;
    private final boolean initiator;
    private boolean peerSent;

    public SignatureHashAlgorithmsTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_SA_INIT;
    }

    @Override
    public Status build(OutgoingMessage m) {
        // A responder answers with its list only when the initiator sent one (RFC 7427 section 4).
        if (initiator || peerSent) {
            m.add(NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, Bytes.wrap(SignatureHashAlgorithms.SUPPORTED.encode())));
        }
        return initiator ? Status.NEED_MORE : Status.DONE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        var n = m.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS);
        if (n.isPresent()) {
            peerSent = true;
            ctx.sa().peerSignatureHashes(SignatureHashAlgorithms.decode(n.get().data().toByteArray())
                    .map(SignatureHashAlgorithms::ids).orElse(List.of()));
        }
        return initiator ? Status.DONE : Status.NEED_MORE;
    }
}
