package net.vpnaas.ike.task;

import java.util.List;
import java.util.logging.Logger;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.qkd.QkdKeyUnavailableException;
import net.vpnaas.ike.sa.AdditionalKeyExchange;
import net.vpnaas.ike.sa.IkeSa;

/**
 * The additional key exchanges of a new IKE SA (RFC 9370), one IKE_INTERMEDIATE exchange (RFC 9242)
 * each between IKE_SA_INIT and IKE_AUTH: the initiator sends a KE payload of the next negotiated
 * method, the responder answers with its own, and both derive new keys with the same SPIs
 * (section 2.2.2). The responder switches keys only after its response went out under the old ones.
 *
 * <p>In IKE_SA_INIT the task announces IKE_INTERMEDIATE (INTERMEDIATE_EXCHANGE_SUPPORTED): the
 * initiator when it offers additional key exchanges or PPKs in IKE_INTERMEDIATE (RFC 9867), the
 * responder when the initiator announced it.
 * Anything unexpected in an IKE_INTERMEDIATE request (no pending key exchange, not exactly one KE of the
 * negotiated method, an invalid public value) is answered with INVALID_SYNTAX and ends the IKE SA.
 */
public final class AdditionalKeyExchangeTask implements Task {
    private static final Logger LOG = Logger.getLogger(AdditionalKeyExchangeTask.class.getName());

    private final TaskContext ctx;
    private final boolean initiator;
    /** Initiator: the key exchange of the request in flight. */
    private KeyExchange keyExchange;
    /** Responder: the initiator announced IKE_INTERMEDIATE in IKE_SA_INIT. */
    private boolean peerAnnounced;
    /** Responder: our side of the exchange, and its shared secret, for the response. */
    private KeyExchange answer;
    private byte[] sharedSecret;
    private NegotiationError error;

    public AdditionalKeyExchangeTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_INTERMEDIATE;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (m.exchangeType() == ExchangeType.IKE_SA_INIT) {
            // RFC 9867 needs IKE_INTERMEDIATE as well, for its PPKs.
            boolean announce = initiator ? ProposalSelection.offersAdditional(ctx.config().ikeProposals())
                    || UsePpkTask.offersIntermediate(ctx.config().ppk()) : peerAnnounced;
            if (announce) m.add(NotifyPayload.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED, Bytes.EMPTY));
            return initiator ? Status.NEED_MORE : Status.DONE;
        }
        return initiator ? buildRequest(m) : buildResponse(m);
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (m.exchangeType() == ExchangeType.IKE_SA_INIT) {
            if (!initiator) {
                peerAnnounced = m.notify(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED).isPresent();
                return Status.NEED_MORE;
            }
            if (ctx.sa().pendingAdditionalKeyExchanges().isEmpty()) return Status.DONE;
            if (m.notify(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED).isEmpty()) {
                LOG.warning("the peer chose additional key exchanges without announcing IKE_INTERMEDIATE");
                return Status.FAILED;
            }
            return Status.NEED_MORE;
        }
        return initiator ? processResponse(m) : processRequest(m);
    }

    private Status buildRequest(OutgoingMessage m) {
        AdditionalKeyExchange next = ctx.sa().pendingAdditionalKeyExchanges().getFirst();
        try {
            keyExchange = ctx.initiatorKeyExchange(List.of(next.method()));
        } catch (QkdKeyUnavailableException e) {
            LOG.warning("no key for the additional key exchange with " + next.method() + ": " + e.getMessage());
            return Status.FAILED;
        }
        m.add(KeyExchangePayload.of(IkeInitTask.wire(next.method()), Bytes.wrap(keyExchange.publicValue())));
        return Status.NEED_MORE;
    }

    private Status processResponse(ReceivedMessage m) {
        var err = m.error();
        if (err.isPresent()) {
            LOG.warning("IKE_INTERMEDIATE refused: " + err.get().notifyType());
            return Status.FAILED;
        }
        List<KeyExchangePayload> ke = m.all(KeyExchangePayload.class);
        if (ke.size() != 1 || ke.getFirst().methodCode() != keyExchange.method().id()) {
            LOG.warning("IKE_INTERMEDIATE response without the one KE of " + keyExchange.method());
            return Status.FAILED;
        }
        try {
            byte[] secret = keyExchange.sharedSecret(ke.getFirst().data().toByteArray());
            ctx.sa().additionalKeyExchangeDone(secret);
        } catch (InvalidPublicValueException e) {
            LOG.warning("peer KE in IKE_INTERMEDIATE: " + e.getMessage());
            return Status.FAILED;
        }
        LOG.info(() -> "additional key exchange with " + keyExchange.method() + " done, keys updated");
        return ctx.sa().pendingAdditionalKeyExchanges().isEmpty() ? Status.DONE : Status.NEED_MORE;
    }

    private Status processRequest(ReceivedMessage m) {
        IkeSa sa = ctx.sa();
        List<AdditionalKeyExchange> pending = sa.pendingAdditionalKeyExchanges();
        // Only the original initiator starts IKE_INTERMEDIATE exchanges (RFC 9242), and only before IKE_AUTH.
        if (sa.originalInitiator() || sa.state() != IkeSa.State.CONNECTING || pending.isEmpty()) {
            error = NegotiationError.of(NotifyType.INVALID_SYNTAX, "IKE_INTERMEDIATE without a pending additional key exchange");
            return Status.FAILED;
        }
        AdditionalKeyExchange next = pending.getFirst();
        List<KeyExchangePayload> ke = m.all(KeyExchangePayload.class);
        if (ke.size() != 1 || ke.getFirst().methodCode() != next.method().id()) {
            error = NegotiationError.of(NotifyType.INVALID_SYNTAX, "IKE_INTERMEDIATE without the one KE of " + next);
            return Status.FAILED;
        }
        answer = ctx.responderKeyExchange(next.method());
        try {
            sharedSecret = answer.sharedSecret(ke.getFirst().data().toByteArray());
        } catch (InvalidPublicValueException e) {
            error = NegotiationError.of(NotifyType.INVALID_SYNTAX, e.getMessage());
            return Status.FAILED;
        }
        return Status.NEED_MORE;
    }

    private Status buildResponse(OutgoingMessage m) {
        if (error != null) {
            LOG.info(() -> "answering IKE_INTERMEDIATE with " + error.type() + ": " + error.reason());
            m.clear();
            m.add(error.payload());
            return Status.FAILED;
        }
        m.add(KeyExchangePayload.of(IkeInitTask.wire(answer.method()), Bytes.wrap(answer.publicValue())));
        byte[] secret = sharedSecret;
        long requestId = m.messageId();
        m.afterSend(() -> {
            ctx.sa().additionalKeyExchangeAnswered(requestId, secret);
            LOG.info(() -> "additional key exchange with " + answer.method() + " done, keys updated");
        });
        return Status.DONE;
    }
}
