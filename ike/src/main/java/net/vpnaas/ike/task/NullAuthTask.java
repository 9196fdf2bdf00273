package net.vpnaas.ike.task;

import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.auth.AuthData;
import net.vpnaas.ike.auth.NullAuthenticator;
import net.vpnaas.ike.auth.Prf;
import net.vpnaas.ike.auth.PskAuthenticator;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.AuthMethod;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.IkeSaKeys;

/**
 * IKE_AUTH of a connection with NULL authentication (RFC 7619) on one side or both
 * ({@link Authentication.Null}). A NULL side names itself ID_NULL (2.1) and sends AUTH method 13 (2.2,
 * {@link NullAuthenticator}); a PSK side authenticates as in {@link PskAuthTask}. The peer's method must
 * be the one configured for it: a PSK peer that sends the NULL method fails like a wrong PSK, and the
 * identity of a NULL peer is taken as sent, unchecked, and never matched against a configured one.
 * Post-quantum preshared keys (RFC 8784 in IKE_AUTH) are not offered with it.
 */
public final class NullAuthTask implements Task {
    private static final Logger LOG = Logger.getLogger(NullAuthTask.class.getName());
    private final TaskContext ctx;
    private final boolean initiator;
    private boolean failed;

    public NullAuthTask(TaskContext ctx, boolean initiator) {
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
        if (!initiator && failed) return Task.refuseAuthentication(m);
        Optional<Authentication.Psk> psk = auth().local();
        Identity me = psk.isPresent() ? ctx.config().localId() : Identity.NULL;
        IdentificationPayload id = new IdentificationPayload(initiator, me.typeCode(), Bytes.wrap(me.data()));
        m.add(id);
        if (initiator && !ctx.otherIkeSaWithPeer()) m.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT));
        byte[] octets = SignedOctetsOf.side(ctx.sa(), initiator, id, m.messageId());
        AuthData auth = psk.isPresent() ? PskAuthenticator.authData(prf(), psk.get().key(), octets)
                : NullAuthenticator.authData(prf(), skP(initiator), octets);
        m.add(new AuthenticationPayload(auth.method(), Bytes.wrap(auth.data())));
        return initiator ? Status.NEED_MORE : Status.DONE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        if (initiator && m.notify(NotifyType.AUTHENTICATION_FAILED).isPresent()) {
            ctx.authenticationFailed("the peer refused our authentication");
            return Status.FAILED;
        }
        Optional<IdentificationPayload> id = m.first(IdentificationPayload.class).filter(i -> i.initiator() != initiator);
        Optional<AuthenticationPayload> auth = m.first(AuthenticationPayload.class);
        if (id.isEmpty() || auth.isEmpty()) return fail("IKE_AUTH without ID or AUTH");
        Identity named = new Identity(id.get().idTypeCode(), id.get().data().toByteArray());
        AuthData received = new AuthData(auth.get().methodCode(), auth.get().data().toByteArray());
        byte[] octets = SignedOctetsOf.side(ctx.sa(), !initiator, id.get(), m.messageId());
        Optional<Authentication.Psk> psk = auth().peer();
        String identity;
        if (psk.isPresent()) {
            Identity expected = ctx.config().remoteId();
            if (!expected.matches(named.typeCode(), named.data())) return fail("peer identity " + named + " is not " + expected);
            if (!PskAuthenticator.verify(prf(), psk.get().key(), octets, received)) {
                return fail("the peer's AUTH (method " + auth.get().method() + ") does not verify with the PSK");
            }
            identity = expected.toString();
        } else {
            if (received.method() != AuthMethod.NULL_AUTHENTICATION.code()) {
                // RFC 7619 leaves other methods to the peer; this connection was configured for NULL only.
                return fail("the peer authenticates with method " + auth.get().method() + ", this connection takes NULL authentication from it");
            }
            if (!NullAuthenticator.verify(prf(), skP(!initiator), octets, received)) {
                return fail("the peer's NULL AUTH does not verify (its IKE_SA_INIT messages were changed on the way?)");
            }
            identity = named + " (unauthenticated)";
        }
        IkeSa sa = ctx.sa();
        sa.remoteIdentity(identity);
        // Said at INFO: an anonymous peer is nobody the configuration names, so the log is where it shows.
        LOG.info(() -> sa + ": the peer authenticated " + (psk.isPresent() ? "with the PSK as " : "with the NULL method as ") + identity);
        sa.state(IkeSa.State.ESTABLISHED);
        if (!initiator && m.notify(NotifyType.INITIAL_CONTACT).isPresent()) ctx.initialContact();
        return initiator ? Status.DONE : Status.NEED_MORE;
    }

    private Status fail(String reason) {
        ctx.authenticationFailed(reason);
        failed = true;
        return initiator ? Status.FAILED : Status.NEED_MORE;
    }

    private Authentication.Null auth() {
        return (Authentication.Null) ctx.config().authentication();
    }

    private Prf prf() {
        return SignedOctetsOf.prf(ctx.sa());
    }

    /** SK_pi or SK_pr: the NULL method's "shared secret" is the sender's own key. */
    private byte[] skP(boolean ofInitiator) {
        IkeSaKeys keys = ctx.sa().keys();
        return ofInitiator ? keys.skPi() : keys.skPr();
    }
}
