package net.vpnaas.ike.qcd;

import java.util.Optional;

/**
 * Quick crash detection (RFC 6290) as an engine runs it. Every engine with it on is a token taker: it
 * keeps the token a peer sends in IKE_AUTH and, when an unprotected INVALID_IKE_SPI carrying that token
 * answers one of its requests, ends the IKE SA at once (then the connection's DPD action, e.g. RESTART,
 * follows) instead of waiting for its retransmissions to give up. An engine given {@code secrets} is a
 * token maker too: it sends its own token and, after losing its state, answers a request for an IKE SA
 * it does not know with INVALID_IKE_SPI and the token it would have made, at most
 * {@code answersPerSecond} times a second (RFC 6290 asks for a rate limit: each answer is unprotected
 * and costs an HMAC).
 *
 * @param secrets          empty for a taker only
 */
public record QuickCrashDetection(boolean enabled, Optional<QcdTokenSecrets> secrets, int answersPerSecond) {
    public static final QuickCrashDetection OFF = new QuickCrashDetection(false, Optional.empty(), 0);
    /** Answers a second when not said otherwise: a gateway's whole table of peers within seconds, a flood not. */
    public static final int DEFAULT_ANSWERS_PER_SECOND = 200;

    public QuickCrashDetection {
        if (!enabled && secrets.isPresent()) throw new IllegalArgumentException("a token maker takes tokens too");
        if (answersPerSecond < 0) throw new IllegalArgumentException("answersPerSecond must not be negative");
    }

    public static QuickCrashDetection taker() {
        return new QuickCrashDetection(true, Optional.empty(), 0);
    }

    public static QuickCrashDetection maker(QcdTokenSecrets secrets) {
        return new QuickCrashDetection(true, Optional.of(secrets), DEFAULT_ANSWERS_PER_SECOND);
    }

    public QuickCrashDetection withAnswersPerSecond(int n) {
        return new QuickCrashDetection(enabled, secrets, n);
    }

    public boolean maker() {
        return secrets.isPresent();
    }
}
