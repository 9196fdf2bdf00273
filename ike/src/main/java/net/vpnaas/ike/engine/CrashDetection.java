package net.vpnaas.ike.engine;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.InvalidIkeSpiAnswer;
import net.vpnaas.ike.qcd.QcdAnswerLimiter;
import net.vpnaas.ike.qcd.QcdState;
import net.vpnaas.ike.qcd.QcdTokenSecrets;
import net.vpnaas.ike.qcd.QuickCrashDetection;

/**
 * The engine's side of RFC 6290: the token secrets (rotated from outside, e.g. by a cluster), our SPIs
 * stamped with their version, the tokens, the rate-limited answers for IKE SAs we do not know, and the
 * counters. Thread-safe: transport threads and IKE SA mailboxes call it.
 */
final class CrashDetection {
    private final boolean enabled;
    private volatile QcdTokenSecrets secrets;
    private final QcdAnswerLimiter limiter;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();

    CrashDetection(QuickCrashDetection settings) {
        this.enabled = settings.enabled();
        this.secrets = settings.secrets().orElse(null);
        this.limiter = new QcdAnswerLimiter(settings.answersPerSecond(), System.nanoTime());
    }

    boolean enabled() {
        return enabled;
    }

    /** A new set of secrets; our next IKE SAs take its current version. Only for a token maker. */
    void rotate(QcdTokenSecrets next) {
        if (secrets == null) throw new IllegalStateException("this engine makes no QCD tokens");
        secrets = next;
    }

    /** Our new IKE SPI: as token maker, with the current secret's version in its top octet. */
    long stamp(long randomSpi) {
        QcdTokenSecrets s = secrets;
        return s == null ? randomSpi : s.stamp(randomSpi);
    }

    Optional<Bytes> token(long spiI, long spiR, long ourSpi) {
        QcdTokenSecrets s = secrets;
        return s == null ? Optional.empty() : s.token(spiI, spiR, ourSpi);
    }

    /**
     * The answer to a request for an IKE SA we do not know (RFC 6290 section 3.5), if we make tokens,
     * know the secret of its SPI's version and the rate limit allows one more. Only requests get one
     * (RFC 7296 2.21.4: a response to an unknown SPI is never answered).
     */
    Optional<byte[]> answerUnknown(IkeHeader request) {
        QcdTokenSecrets s = secrets;
        if (s == null || request.response() || request.exchangeType() == ExchangeType.IKE_SA_INIT) return Optional.empty();
        long ours = request.initiator() ? request.responderSpi() : request.initiatorSpi();
        Optional<Bytes> token = s.token(request.initiatorSpi(), request.responderSpi(), ours);
        if (token.isEmpty()) return Optional.empty();
        if (!limiter.take(System.nanoTime())) {
            rateLimited.incrementAndGet();
            return Optional.empty();
        }
        answered.incrementAndGet();
        return Optional.of(InvalidIkeSpiAnswer.to(request, token.get()).encode());
    }

    void tokenMatched() {
        matched.incrementAndGet();
    }

    void answerIgnored() {
        ignored.incrementAndGet();
    }

    QcdState state() {
        return new QcdState(answered.get(), rateLimited.get(), matched.get(), ignored.get());
    }
}
