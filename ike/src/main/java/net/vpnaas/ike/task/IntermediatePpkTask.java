package net.vpnaas.ike.task;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.config.PostQuantumPreSharedKeys;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PpkIdentity;
import net.vpnaas.ike.message.PpkIdentityKey;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.PpkUse;

/**
 * RFC 9867: the PPK agreed in the last IKE_INTERMEDIATE exchange (with the last additional key
 * exchange, or alone when there is none) and mixed into all the keys before IKE_AUTH, so that IKE_AUTH,
 * the identities in it and everything after are protected by the PPK as well.
 * <pre>
 * HDR, SK {[KEi(n),] N(PPK_IDENTITY_KEY, PPK_ID_1 | Confirmation_1) [, N(PPK_IDENTITY_KEY, PPK_ID_2 | ...)]}  -->
 *                                             <--  HDR, SK {[KEr(n),] N(PPK_IDENTITY, PPK_ID_k)}
 * SKEYSEED' = prf+(PPK_k, SK_d), {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED', Ni | Nr | SPIi | SPIr)
 * </pre>
 * The initiator offers each of its PPKs in order, each with its confirmation (the first 8 octets of
 * prf(PPK, Ni | Nr | SPIi | SPIr)); the responder takes the first it holds whose confirmation matches,
 * so a PPK of the same id but another secret is found out here, with a reason that names it, rather
 * than as an IKE_AUTH that cannot be decrypted. Without a PPK in common a required PPK fails the IKE SA
 * (the responder answers AUTHENTICATION_FAILED); an optional one goes on without (no PPK_IDENTITY).
 */
public final class IntermediatePpkTask implements Task {
    private static final Logger LOG = Logger.getLogger(IntermediatePpkTask.class.getName());

    private final TaskContext ctx;
    private final boolean initiator;
    /** Initiator: the PPKs offered in the request in flight; null before it. */
    private List<PostQuantumPreSharedKeys.Key> offered;
    /** Responder: the PPK taken; null when none was (then {@code error} when the IKE SA must fail). */
    private PostQuantumPreSharedKeys.Key taken;
    private NegotiationError error;

    public IntermediatePpkTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_INTERMEDIATE;
    }

    @Override
    public Status build(OutgoingMessage m) {
        return initiator ? buildRequest(m) : buildResponse(m);
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (initiator) return processResponse(m);
        if (m.exchangeType() == ExchangeType.IKE_INTERMEDIATE) processRequest(m);
        return Status.NEED_MORE;
    }

    private Status buildRequest(OutgoingMessage m) {
        IkeSa sa = ctx.sa();
        // Only the last IKE_INTERMEDIATE offers the PPKs: this request carries the last additional key exchange, or none.
        if (m.exchangeType() != ExchangeType.IKE_INTERMEDIATE || sa.pendingAdditionalKeyExchanges().size() > 1) return Status.NEED_MORE;
        offered = ctx.config().ppk().keys();
        for (PostQuantumPreSharedKeys.Key k : offered) {
            m.add(NotifyPayload.of(NotifyType.PPK_IDENTITY_KEY, PpkIdentityKey.encode(k.id(), sa.ppkConfirmation(k.secret()))));
        }
        return Status.NEED_MORE;
    }

    private Status processResponse(ReceivedMessage m) {
        IkeSa sa = ctx.sa();
        if (m.exchangeType() == ExchangeType.IKE_SA_INIT) return sa.ppkUse() == PpkUse.IKE_INTERMEDIATE ? Status.NEED_MORE : Status.DONE;
        if (offered == null) return Status.NEED_MORE; // an additional key exchange before the last
        sa.intermediatePpkExchanged(true);
        PostQuantumPreSharedKeys ppk = ctx.config().ppk();
        String ours = idsText(offered);
        var err = m.error();
        if (err.isPresent()) {
            ctx.authenticationFailed("the peer refused our PPK " + ours + " in IKE_INTERMEDIATE with " + err.get().notifyType()
                    + " (does it hold a PPK of that id and secret?)");
            return Status.FAILED;
        }
        Optional<NotifyPayload> identity = m.notify(NotifyType.PPK_IDENTITY);
        if (identity.isEmpty()) {
            if (ppk.required()) {
                ctx.authenticationFailed("no PPK in common: the peer took none of ours (" + ours + ") in IKE_INTERMEDIATE (PPK required)");
                return Status.FAILED;
            }
            LOG.info(() -> ctx.config().name() + ": the peer took none of our PPKs (" + ours + "); going on without a PPK (optional)");
            return Status.DONE;
        }
        Optional<byte[]> id = PpkIdentity.decode(identity.get().data());
        Optional<PostQuantumPreSharedKeys.Key> chosen = id.flatMap(i -> offered.stream().filter(k -> MessageDigest.isEqual(k.id(), i)).findFirst());
        if (chosen.isEmpty()) {
            ctx.authenticationFailed("the peer confirmed PPK " + id.map(PpkAuthentication::printable).orElse("(no PPK_ID_FIXED)")
                    + ", which we did not offer (we offered " + ours + ")");
            return Status.FAILED;
        }
        // Mixed in once this response's additional key exchange (if any) is done too: the tasks run in that order.
        sa.intermediatePpkAgreed(chosen.get().idText(), chosen.get().secret(), -1);
        LOG.info(() -> sa + ": PPK " + chosen.get().idText() + " agreed in IKE_INTERMEDIATE (RFC 9867)");
        return Status.DONE;
    }

    private void processRequest(ReceivedMessage m) {
        IkeSa sa = ctx.sa();
        List<NotifyPayload> offers = m.all(NotifyPayload.class).stream()
                .filter(n -> n.notifyType() == NotifyType.PPK_IDENTITY_KEY).toList();
        if (sa.ppkUse() != PpkUse.IKE_INTERMEDIATE) {
            if (!offers.isEmpty()) LOG.info(() -> sa + ": PPK_IDENTITY_KEY without USE_PPK_INT, ignored");
            return;
        }
        // Only the original initiator starts IKE_INTERMEDIATE, only before IKE_AUTH, and the PPKs come once.
        if (sa.originalInitiator() || sa.state() != IkeSa.State.CONNECTING || sa.intermediatePpkExchanged()) {
            if (!offers.isEmpty()) error = NegotiationError.of(NotifyType.INVALID_SYNTAX, "PPK_IDENTITY_KEY after the PPKs were agreed on");
            return;
        }
        if (offers.isEmpty()) {
            // The initiator offers its PPKs in the last IKE_INTERMEDIATE; an earlier one carries only a key exchange.
            if (sa.pendingAdditionalKeyExchanges().size() <= 1) {
                sa.intermediatePpkExchanged(true);
                refuseOrGoOn("the peer offered no PPK in its last IKE_INTERMEDIATE");
            }
            return;
        }
        PostQuantumPreSharedKeys ours = ctx.responderPpks();
        List<String> named = new ArrayList<>();
        for (NotifyPayload n : offers) {
            Optional<PpkIdentityKey.Offer> offer = PpkIdentityKey.decode(n.data());
            if (offer.isEmpty()) {
                named.add("(a PPK_IDENTITY_KEY that is not PPK_ID_FIXED)");
                continue;
            }
            String text = PpkAuthentication.printable(offer.get().ppkId());
            Optional<PostQuantumPreSharedKeys.Key> key = ours.byId(offer.get().ppkId());
            if (key.isEmpty()) {
                named.add(text);
            } else if (!MessageDigest.isEqual(sa.ppkConfirmation(key.get().secret()), offer.get().confirmation())) {
                named.add(text + " (another secret: its confirmation does not match ours)");
            } else {
                taken = key.get();
                break;
            }
        }
        sa.intermediatePpkExchanged(true);
        if (taken == null) refuseOrGoOn("no PPK in common: the peer offered PPK " + String.join(", ", named) + ", we have " + ours.idsText());
    }

    /** No PPK agreed: a required one fails the IKE SA (AUTHENTICATION_FAILED), an optional one goes on without. */
    private void refuseOrGoOn(String reason) {
        IkeSa sa = ctx.sa();
        if (ctx.responderPpks().required()) {
            ctx.authenticationFailed(reason + " (PPK required)");
            error = NegotiationError.of(NotifyType.AUTHENTICATION_FAILED, reason);
        } else {
            LOG.info(() -> sa + ": " + reason + "; going on without a PPK (optional)");
        }
    }

    private Status buildResponse(OutgoingMessage m) {
        if (error != null) {
            LOG.info(() -> "answering IKE_INTERMEDIATE with " + error.type() + ": " + error.reason());
            m.clear();
            m.add(error.payload());
            return Status.FAILED;
        }
        if (taken == null) return Status.DONE;
        PostQuantumPreSharedKeys.Key key = taken;
        m.add(NotifyPayload.of(NotifyType.PPK_IDENTITY, PpkIdentity.encode(key.id())));
        long requestId = m.messageId();
        // After the response went out under the keys without the PPK, and after this exchange's key exchange, if any.
        m.afterSend(() -> {
            ctx.sa().intermediatePpkAgreed(key.idText(), key.secret(), requestId);
            LOG.info(() -> ctx.sa() + ": PPK " + key.idText() + " agreed in IKE_INTERMEDIATE (RFC 9867)");
        });
        return Status.DONE;
    }

    private static String idsText(List<PostQuantumPreSharedKeys.Key> keys) {
        return String.join(", ", keys.stream().map(PostQuantumPreSharedKeys.Key::idText).toList());
    }
}
