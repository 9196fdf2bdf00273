package net.vpnaas.ike.task;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.config.Authentication;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.SecurePasswordMethodsNotify;

/**
 * The secure password method agreed in IKE_SA_INIT (RFC 6467 section 3.1), for a connection that
 * authenticates with a password ({@link Authentication.Password}): the initiator offers PACE, the only
 * method we run, in N(SECURE_PASSWORD_METHODS); the responder answers with it when its connection takes
 * a password. A responder that does not answer it leaves the initiator nothing to authenticate with: the
 * IKE SA fails (a password is never sent as a PSK instead). A malformed notify is refused with
 * INVALID_SYNTAX by a responder and ends the IKE SA of an initiator.
 */
public final class SecurePasswordMethodsTask implements Task {
    private static final Logger LOG = Logger.getLogger(SecurePasswordMethodsTask.class.getName());
    private static final SecurePasswordMethodsNotify OFFER = new SecurePasswordMethodsNotify(List.of(SecurePasswordMethodsNotify.PACE));

    private final TaskContext ctx;
    private final boolean initiator;
    private String malformed;

    public SecurePasswordMethodsTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_SA_INIT;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (initiator) {
            m.add(OFFER.payload());
            return Status.NEED_MORE;
        }
        if (malformed != null) {
            m.clear();
            m.add(NotifyPayload.of(NotifyType.INVALID_SYNTAX));
            return Status.FAILED;
        }
        if (ctx.sa().securePasswordMethod() == SecurePasswordMethodsNotify.PACE) m.add(OFFER.payload());
        return Status.DONE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        Optional<SecurePasswordMethodsNotify> methods;
        try {
            methods = m.notify(NotifyType.SECURE_PASSWORD_METHODS).isEmpty() ? Optional.empty()
                    : Optional.of(SecurePasswordMethodsNotify.decode(m.notify(NotifyType.SECURE_PASSWORD_METHODS).get()));
        } catch (IkeDecodeException e) {
            LOG.warning(() -> ctx.sa() + ": " + e.getMessage());
            if (initiator) {
                ctx.authenticationFailed("the responder's SECURE_PASSWORD_METHODS is malformed: " + e.getMessage());
                return Status.FAILED;
            }
            malformed = e.getMessage();
            return Status.NEED_MORE;
        }
        if (initiator) {
            // RFC 6467: the responder names exactly the one method it chose, among those we offered.
            if (methods.isEmpty() || !methods.get().methods().equals(OFFER.methods())) {
                ctx.authenticationFailed(methods.isEmpty() ? "the responder does not take password authentication (no SECURE_PASSWORD_METHODS)"
                        : "the responder chose secure password methods " + methods.get().methods() + ", we offered PACE (1) only");
                return Status.FAILED;
            }
            ctx.sa().securePasswordMethod(SecurePasswordMethodsNotify.PACE);
            return Status.DONE;
        }
        if (methods.isPresent() && methods.get().methods().contains(SecurePasswordMethodsNotify.PACE)
                && ctx.config().authentication() instanceof Authentication.Password) {
            ctx.sa().securePasswordMethod(SecurePasswordMethodsNotify.PACE);
        }
        return Status.NEED_MORE;
    }
}
