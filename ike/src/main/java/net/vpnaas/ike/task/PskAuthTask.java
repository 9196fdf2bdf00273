package net.vpnaas.ike.task;

import java.security.GeneralSecurityException;
import java.util.Optional;
import net.vpnaas.ike.auth.Prf;
import net.vpnaas.ike.auth.PskAuthenticator;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.config.Identity;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.AuthenticationPayload;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.sa.IkeSa;

/**
 * IKE_AUTH with a pre-shared key (RFC 7296 2.15):
 * AUTH = prf(prf(PSK, "Key Pad for IKEv2"), RealMessage | Nonce of the peer | prf(SK_p, RestOfIDPayload)),
 * computed by {@code net.vpnaas.ike.auth.PskAuthenticator}.
 * Sends INITIAL_CONTACT when this is our only IKE SA with the peer. With a post-quantum preshared key
 * (RFC 8784) the SK_p keys are those {@link PpkAuthentication} picks.
 */
public final class PskAuthTask implements Task {
    private final TaskContext ctx;
    private final boolean initiator;
    private final PpkAuthentication ppk;
    private boolean failed;

    public PskAuthTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
        this.ppk = new PpkAuthentication(ctx, initiator);
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_AUTH;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        if (!initiator && failed) return Task.refuseAuthentication(m);
        Identity me = ctx.config().localId();
        IdentificationPayload id = new IdentificationPayload(initiator, me.typeCode(), Bytes.wrap(me.data()));
        m.add(id);
        if (initiator && !ctx.otherIkeSaWithPeer()) m.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT));
        byte[] psk = psk();
        Prf prf = SignedOctetsOf.prf(ctx.sa());
        try {
            ppk.addAuth(m, id, octets -> PskAuthenticator.authData(prf, psk, octets));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a PSK MAC cannot fail", e);
        }
        return initiator ? Status.NEED_MORE : Status.DONE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        if (Task.precedesAuth(m.exchangeType())) return Status.NEED_MORE;
        if (initiator && m.notify(NotifyType.AUTHENTICATION_FAILED).isPresent()) {
            ctx.authenticationFailed("the peer refused our authentication" + ppk.offeredText());
            return Status.FAILED;
        }
        Optional<IdentificationPayload> id = m.first(IdentificationPayload.class).filter(i -> i.initiator() != initiator);
        Optional<AuthenticationPayload> auth = m.first(AuthenticationPayload.class);
        Identity expected = ctx.config().remoteId();
        if (id.isEmpty() || auth.isEmpty()) return fail("IKE_AUTH without ID or AUTH");
        if (!expected.matches(id.get().idTypeCode(), id.get().data().toByteArray())) {
            return fail("peer identity " + new Identity(id.get().idTypeCode(), id.get().data().toByteArray()) + " is not " + expected);
        }
        PpkAuthentication.PeerCheck check = ppk.peerCheck(m, auth.get());
        if (check instanceof PpkAuthentication.PeerCheck.Refuse(String reason)) return fail(reason);
        var verify = (PpkAuthentication.PeerCheck.Verify) check;
        byte[] octets = SignedOctetsOf.side(ctx.sa(), verify.keys(), !initiator, id.get(), m.messageId());
        if (!PskAuthenticator.verify(SignedOctetsOf.prf(ctx.sa()), psk(), octets, verify.auth())) {
            return fail("the peer's AUTH does not verify with the PSK " + verify.keysUsed());
        }
        ppk.accept(verify);
        IkeSa sa = ctx.sa();
        sa.remoteIdentity(expected.toString());
        sa.state(IkeSa.State.ESTABLISHED);
        if (!initiator && m.notify(NotifyType.INITIAL_CONTACT).isPresent()) ctx.initialContact();
        return initiator ? Status.DONE : Status.NEED_MORE;
    }

    private Status fail(String reason) {
        ctx.authenticationFailed(reason);
        failed = true;
        return initiator ? Status.FAILED : Status.NEED_MORE;
    }

    private byte[] psk() {
        return ((Authentication.Psk) ctx.config().authentication()).key();
    }
}
