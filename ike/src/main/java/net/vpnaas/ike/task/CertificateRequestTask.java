package net.vpnaas.ike.task;

import java.security.GeneralSecurityException;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;

/**
 * The responder's CERTREQ in the IKE_SA_INIT response (RFC 7296 1.2): peers configured to send their
 * certificate only when asked (strongSwan's default) then include it in IKE_AUTH.
 */
public final class CertificateRequestTask implements Task {
    private final TaskContext ctx;

    public CertificateRequestTask(TaskContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_SA_INIT;
    }

    @Override
    public Status process(ReceivedMessage m) {
        return Status.NEED_MORE;
    }

    @Override
    public Status build(OutgoingMessage m) {
        try {
            m.add(CertificateAuthTask.certificateRequest((Authentication.Certificates) ctx.config().authentication()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
        return Status.DONE;
    }
}
