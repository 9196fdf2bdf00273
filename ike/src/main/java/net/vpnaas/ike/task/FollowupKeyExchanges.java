package net.vpnaas.ike.task;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.KeyExchange;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.qkd.QkdKeyUnavailableException;
import net.vpnaas.ike.sa.AdditionalKeyExchange;
import net.vpnaas.ike.sa.IkeSa;

/**
 * The additional key exchanges (RFC 9370 2.2.4) that follow the key exchange of a CREATE_CHILD_SA, for a
 * Child SA with PFS or an IKE SA rekey: one IKE_FOLLOWUP_KE exchange each, in the order of their ADDKE
 * numbers. The responder answers the CREATE_CHILD_SA with an ADDITIONAL_KEY_EXCHANGE notification whose
 * data (the link) names its pending state; the initiator returns it in each IKE_FOLLOWUP_KE request, and
 * the responder repeats it in every response but the last. Nothing is keyed before the last exchange:
 * the keys take all shared secrets, SK(1) | ... | SK(n), after the nonces.
 *
 * <p>One instance serves one side of one CREATE_CHILD_SA. Not thread-safe (the IKE SA's mailbox runs it).
 */
final class FollowupKeyExchanges {
    private static final Logger LOG = Logger.getLogger(FollowupKeyExchanges.class.getName());
    /** Link length: random, so a stale or guessed link finds no state (STATE_NOT_FOUND). */
    static final int LINK_LENGTH = 8;

    private final List<AdditionalKeyExchange> negotiated;
    private final ByteArrayOutputStream secrets = new ByteArrayOutputStream();
    private int done;
    private Bytes link;
    /** Initiator: our key exchange in flight. Responder: our answer to the request being handled. */
    private KeyExchange ours;
    /** Responder: why the request being handled is refused, or null. */
    private NegotiationError refusal;

    /** Responder: what {@link #answer} sent. */
    enum Answer {
        /** An error notify: the link's state is gone, nothing is keyed. */
        REFUSED,
        /** KEr(n) and the link: another exchange follows. */
        MORE,
        /** KEr(n) of the last exchange: {@link #secrets()} key the new SA now. */
        COMPLETE
    }

    FollowupKeyExchanges(List<AdditionalKeyExchange> negotiated) {
        if (negotiated.isEmpty()) throw new IllegalArgumentException("no additional key exchange to follow");
        this.negotiated = List.copyOf(negotiated);
    }

    boolean complete() {
        return done == negotiated.size();
    }

    /** SK(1) | ... | SK(n), once {@link #complete()}. */
    byte[] secrets() {
        if (!complete()) throw new IllegalStateException("additional key exchanges still pending");
        return secrets.toByteArray();
    }

    Bytes link() {
        return link;
    }

    private AdditionalKeyExchange next() {
        return negotiated.get(done);
    }

    // ---- initiator

    /**
     * The responder's link from its CREATE_CHILD_SA or IKE_FOLLOWUP_KE response.
     *
     * @return false when the response carries none (we cannot continue)
     */
    boolean takeLink(ReceivedMessage response) {
        Optional<NotifyPayload> n = response.notify(NotifyType.ADDITIONAL_KEY_EXCHANGE);
        if (n.isEmpty() || n.get().data().isEmpty()) return false;
        link = n.get().data();
        return true;
    }

    /**
     * KEi(n) of the next method and the link.
     *
     * @throws QkdKeyUnavailableException the next method takes a QKD key and the KME has none
     */
    void buildRequest(OutgoingMessage request, TaskContext ctx) throws QkdKeyUnavailableException {
        ours = ctx.initiatorKeyExchange(List.of(next().method()));
        request.add(KeyExchangePayload.of(IkeInitTask.wire(ours.method()), Bytes.wrap(ours.publicValue())));
        request.add(NotifyPayload.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, link));
    }

    /**
     * Takes KEr(n) from the response (and the link for the next exchange, if one follows).
     *
     * @return why the exchange failed, empty when it succeeded
     */
    Optional<String> processResponse(ReceivedMessage response) {
        Optional<NotifyPayload> err = response.error();
        if (err.isPresent()) return Optional.of("the peer refused IKE_FOLLOWUP_KE with " + err.get().notifyType());
        List<KeyExchangePayload> ke = response.all(KeyExchangePayload.class);
        if (ke.size() != 1 || ke.getFirst().methodCode() != ours.method().id()) {
            return Optional.of("IKE_FOLLOWUP_KE response without the one KE of " + ours.method());
        }
        try {
            secrets.writeBytes(ours.sharedSecret(ke.getFirst().data().toByteArray()));
        } catch (InvalidPublicValueException e) {
            return Optional.of("peer KE in IKE_FOLLOWUP_KE: " + e.getMessage());
        }
        done++;
        if (!complete() && !takeLink(response)) return Optional.of("IKE_FOLLOWUP_KE response without ADDITIONAL_KEY_EXCHANGE");
        return Optional.empty();
    }

    // ---- responder

    /** The link of our answer to the CREATE_CHILD_SA: fresh random bytes. */
    void newLink(RandomSource random) {
        link = Bytes.wrap(random.bytes(LINK_LENGTH));
    }

    /** Adds the link to our CREATE_CHILD_SA response. */
    void announce(OutgoingMessage response) {
        response.add(NotifyPayload.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, link));
    }

    /**
     * The next IKE_FOLLOWUP_KE request (whose link matched already: that is how its task was found); an
     * IKE SA that is no longer established refuses it with TEMPORARY_FAILURE.
     */
    void takeRequest(ReceivedMessage request, TaskContext ctx) {
        refusal = ctx.sa().state() == IkeSa.State.ESTABLISHED ? processRequest(request, ctx).orElse(null)
                : NegotiationError.of(NotifyType.TEMPORARY_FAILURE, "the IKE SA is going");
    }

    /**
     * The response to the request {@link #takeRequest} took: KEr(n) (and the link unless it was the
     * last), or the refusal. After a refusal or the last exchange the link's state goes.
     *
     * @param of what the exchanges key, for the log ("a Child SA", "the IKE SA rekey")
     */
    Answer answer(OutgoingMessage response, TaskContext ctx, String of) {
        if (refusal != null) {
            NegotiationError e = refusal;
            LOG.info(() -> "refusing IKE_FOLLOWUP_KE of " + of + " with " + e.type() + ": " + e.reason());
            response.add(e.payload());
            ctx.followupsEnded(link);
            return Answer.REFUSED;
        }
        response.add(KeyExchangePayload.of(IkeInitTask.wire(ours.method()), Bytes.wrap(ours.publicValue())));
        if (!complete()) {
            announce(response);
            return Answer.MORE;
        }
        ctx.followupsEnded(link);
        return Answer.COMPLETE;
    }

    /** KEi(n) of the request: our answer and its shared secret, or the error to answer with. */
    private Optional<NegotiationError> processRequest(ReceivedMessage request, TaskContext ctx) {
        List<KeyExchangePayload> ke = request.all(KeyExchangePayload.class);
        if (ke.size() != 1 || ke.getFirst().methodCode() != next().method().id()) {
            return Optional.of(NegotiationError.of(NotifyType.INVALID_SYNTAX, "IKE_FOLLOWUP_KE without the one KE of " + next()));
        }
        KeyExchange answer = ctx.responderKeyExchange(next().method()); // a QKD key by the ID the initiator names
        try {
            secrets.writeBytes(answer.sharedSecret(ke.getFirst().data().toByteArray()));
        } catch (InvalidPublicValueException e) {
            return Optional.of(NegotiationError.of(NotifyType.INVALID_SYNTAX, e.getMessage()));
        }
        ours = answer;
        done++;
        return Optional.empty();
    }

    @Override
    public String toString() {
        return negotiated + " (" + done + " done)";
    }
}
