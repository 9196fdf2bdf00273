package net.vpnaas.ike.task;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.auth.AuthData;
import net.vpnaas.ike.auth.PskAuthenticator;
import net.vpnaas.ike.auth.SignatureAuthenticator;
import net.vpnaas.ike.auth.SignatureHashAlgorithms;
import net.vpnaas.ike.auth.SignatureScheme;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.eap.EapConversation;
import net.vpnaas.ike.eap.EapMethods;
import net.vpnaas.ike.eap.EapPacket;
import net.vpnaas.ike.eap.EapStep;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.CertEncoding;
import net.vpnaas.ike.message.CertificatePayload;
import net.vpnaas.ike.message.EapPayload;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.sa.IkeSa;

/**
 * IKE_AUTH with EAP, we the responder and EAP authenticator (RFC 7296 2.16), over several IKE_AUTH
 * exchanges that all come to this one task:
 * <pre>
 * HDR, SK {IDi, [IDr,] SA, TSi, TSr [, CP] [, N(EAP_ONLY_AUTHENTICATION)]}  (no AUTH: the peer wants EAP)
 *                        --&gt; HDR, SK {IDr, [CERT, AUTH,] EAP(Request)}
 * HDR, SK {EAP(Response)} --&gt; HDR, SK {EAP(Request)}   ... as often as the method needs
 * HDR, SK {EAP(Response)} --&gt; HDR, SK {EAP(Success)}
 * HDR, SK {AUTH}          --&gt; HDR, SK {AUTH, SA, TSi, TSr [, CP]}
 * </pre>
 * Our CERT and AUTH (a signature) are left out of the first answer only when the peer asked for EAP-only
 * (RFC 5998), the connection allows it and the method the back end started is one that authenticates
 * us too ({@link EapMethods}); the back end's first request is known before we answer, so the choice
 * follows the method really used. The last two AUTHs are shared-key MICs (method 2) keyed with the
 * method's MSK or, for a method that generates none, with SK_pi and SK_pr. The Child SA the first
 * request proposed is negotiated with the last answer.
 */
public final class EapResponderTask implements Task {
    private static final Logger LOG = Logger.getLogger(EapResponderTask.class.getName());

    private enum Phase { FIRST, EAP, FINAL_AUTH, DONE }

    private final TaskContext ctx;
    /** The Child SA of the first request, answered with the last response; the CP payload too. */
    private final ChildCreateTask child;
    private final ConfigurationResponder configuration;
    private Phase phase = Phase.FIRST;
    private ReceivedMessage firstRequest;
    private IdentificationPayload peerId;
    private IdentificationPayload ownId;
    private EapConversation conversation;
    /** What the next response carries. */
    private EapStep step;
    private boolean eapOnly;
    private EapStep.Success outcome;
    private String failure;

    public EapResponderTask(TaskContext ctx) {
        this.ctx = ctx;
        this.child = new ChildCreateTask(ctx, false);
        this.configuration = new ConfigurationResponder(ctx);
    }

    private Authentication.Eap auth() {
        return (Authentication.Eap) ctx.config().authentication();
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_AUTH;
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        return switch (phase) {
            case FIRST -> processFirst(m);
            case EAP -> processEap(m);
            case FINAL_AUTH -> processFinalAuth(m);
            case DONE -> Status.DONE;
        };
    }

    private Status processFirst(ReceivedMessage m) {
        firstRequest = m;
        Optional<IdentificationPayload> id = m.first(IdentificationPayload.class).filter(IdentificationPayload::initiator);
        if (id.isEmpty()) return fail("IKE_AUTH without IDi");
        peerId = id.get();
        if (m.first(AuthenticationPayload.class).isPresent()) {
            return fail("the peer authenticates with AUTH, but connection " + ctx.config().name() + " takes EAP");
        }
        Identity claimed = new Identity(peerId.idTypeCode(), peerId.data().toByteArray());
        conversation = auth().backend().begin(claimed, ctx.sa().remoteAddress());
        step = conversation.start();
        if (step instanceof EapStep.Failure f) return fail("EAP: " + f.reason());
        if (!(step instanceof EapStep.Request request)) return fail("EAP back end finished before asking anything: " + step);
        boolean asked = m.notify(NotifyType.EAP_ONLY_AUTHENTICATION).isPresent();
        eapOnly = asked && auth().eapOnly() && EapMethods.safeForEapOnly(request.method());
        if (!eapOnly && auth().certificate().isEmpty()) {
            return fail(asked ? "the peer asked for EAP-only, but EAP type " + request.method()
                    + " does not authenticate us (RFC 5998), and we have no certificate"
                    : "the peer did not ask for EAP-only (RFC 5998), and we have no certificate");
        }
        LOG.info(() -> ctx.sa() + ": EAP for " + claimed + (eapOnly
                ? ", EAP-only (RFC 5998) with EAP type " + request.method() + ": no CERT and AUTH of ours before EAP"
                : asked ? ", EAP-only asked but EAP type " + request.method() + " does not authenticate us: we sign" : ""));
        configuration.process(m);
        ctx.nextIkeAuthRequestsTo(this);
        phase = Phase.EAP;
        return Status.NEED_MORE;
    }

    private Status processEap(ReceivedMessage m) {
        Optional<EapPayload> eap = m.first(EapPayload.class);
        if (eap.isEmpty()) return fail("IKE_AUTH without EAP while EAP runs");
        step = conversation.respond(eap.get().message().toByteArray());
        return switch (step) {
            case EapStep.Request r -> Status.NEED_MORE;
            case EapStep.Success s -> {
                outcome = s;
                phase = Phase.FINAL_AUTH;
                LOG.info(() -> ctx.sa() + ": EAP succeeded for " + s.identity() + (s.msk().length == 0 ? ", no MSK: AUTH with SK_p" : ""));
                yield Status.NEED_MORE;
            }
            case EapStep.Failure f -> fail("EAP: " + f.reason());
        };
    }

    private Status processFinalAuth(ReceivedMessage m) {
        Optional<AuthenticationPayload> authPayload = m.first(AuthenticationPayload.class);
        if (authPayload.isEmpty()) return fail("no AUTH after EAP succeeded");
        IkeSa sa = ctx.sa();
        byte[] octets = SignedOctetsOf.side(sa, true, peerId, firstRequest.messageId());
        AuthData received = new AuthData(authPayload.get().methodCode(), authPayload.get().data().toByteArray());
        if (!PskAuthenticator.verify(SignedOctetsOf.prf(sa), key(true), octets, received)) {
            return fail("the peer's AUTH after EAP does not verify with the " + (outcome.msk().length > 0 ? "MSK" : "SK_pi"));
        }
        sa.remoteIdentity(outcome.identity());
        sa.state(IkeSa.State.ESTABLISHED);
        phase = Phase.DONE;
        ctx.nextIkeAuthRequestsTo(null);
        if (firstRequest.notify(NotifyType.INITIAL_CONTACT).isPresent()) ctx.initialContact();
        configuration.assign(outcome.identity());
        child.process(firstRequest);
        return Status.DONE;
    }

    /** The shared key of the AUTHs after EAP: the MSK, or SK_pi / SK_pr when the method made none (RFC 7296 2.16). */
    private byte[] key(boolean ofInitiator) {
        if (outcome.msk().length > 0) return outcome.msk();
        return ofInitiator ? ctx.sa().keys().skPi() : ctx.sa().keys().skPr();
    }

    private Status fail(String reason) {
        ctx.authenticationFailed(reason);
        failure = reason;
        return Status.NEED_MORE;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        if (failure != null) {
            m.clear();
            // The EAP-Failure closes the method for the peer's EAP layer; the notify tells its IKE layer.
            if (step instanceof EapStep.Failure f) m.add(new EapPayload(Bytes.wrap(f.eap())));
            m.add(NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED));
            ctx.nextIkeAuthRequestsTo(null);
            return Status.FAILED;
        }
        return switch (phase) {
            case FIRST, DONE -> phase == Phase.DONE ? buildFinal(m) : Status.DONE;
            case EAP, FINAL_AUTH -> {
                if (ownId == null && !buildFirst(m)) yield Status.FAILED;
                m.add(new EapPayload(Bytes.wrap(step.eap())));
                yield Status.NEED_MORE;
            }
        };
    }

    /** IDr and, unless EAP-only, our CERT and signature AUTH; false when we cannot sign. */
    private boolean buildFirst(OutgoingMessage m) {
        Identity me = ctx.config().localId();
        ownId = new IdentificationPayload(false, me.typeCode(), Bytes.wrap(me.data()));
        m.add(ownId);
        if (eapOnly) return true;
        Authentication.Certificates certificate = auth().certificate().orElseThrow();
        try {
            for (X509Certificate c : certificate.chain()) m.add(CertificatePayload.of(CertEncoding.X509_SIGNATURE, Bytes.wrap(c.getEncoded())));
            SignatureHashAlgorithms peer = new SignatureHashAlgorithms(ctx.sa().peerSignatureHashes());
            SignatureScheme scheme = SignatureScheme.select(certificate.key(), peer, certificate.rsaPadding())
                    .orElseThrow(() -> new GeneralSecurityException("no signature scheme for our key that the peer accepts"));
            AuthData signed = SignatureAuthenticator.sign(certificate.key(), scheme,
                    SignedOctetsOf.side(ctx.sa(), false, ownId, m.messageId()));
            m.add(new AuthenticationPayload(signed.method(), Bytes.wrap(signed.data())));
            return true;
        } catch (GeneralSecurityException e) {
            LOG.warning(() -> ctx.sa() + ": cannot sign our AUTH: " + e.getMessage());
            m.clear();
            m.add(NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED));
            return false;
        }
    }

    private Status buildFinal(OutgoingMessage m) {
        byte[] octets = SignedOctetsOf.side(ctx.sa(), false, ownId, firstRequest.messageId());
        AuthData mic = PskAuthenticator.authData(SignedOctetsOf.prf(ctx.sa()), key(false), octets);
        m.add(new AuthenticationPayload(mic.method(), Bytes.wrap(mic.data())));
        configuration.build(m);
        child.build(m);
        return Status.DONE;
    }
}
