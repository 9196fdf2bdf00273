package net.vpnaas.ike.message;

import java.util.Optional;

/**
 * The QUICK_CRASH_DETECTION notification (RFC 6290 section 3.1): Protocol ID 1 (it concerns the IKE SA),
 * no SPI, type 16419, and the token, 16 to 128 octets. Sent empty it only says that its sender takes
 * tokens (a token taker that makes none), so that a responder knows its own token is wanted.
 */
public final class QcdTokenNotify {
    public static final int MIN_TOKEN = 16;
    public static final int MAX_TOKEN = 128;

    private QcdTokenNotify() {}

    /** The notification carrying {@code token}, or announcing support when {@code token} is empty. */
    public static NotifyPayload of(Bytes token) {
        if (token.length() != 0 && (token.length() < MIN_TOKEN || token.length() > MAX_TOKEN)) {
            throw new IllegalArgumentException("a QCD token has 16 to 128 octets, not " + token.length());
        }
        return new NotifyPayload(ProtocolId.IKE.code(), Bytes.EMPTY, NotifyType.QUICK_CRASH_DETECTION.code(), token);
    }

    /**
     * The token a QUICK_CRASH_DETECTION notification carries; empty when it carries none (support only).
     * The Protocol ID is not checked: RFC 7296 3.10 has receivers ignore it where no SPI is given.
     *
     * @throws IkeDecodeException an SPI, or a token outside 16-128 octets
     */
    public static Optional<Bytes> token(NotifyPayload n) throws IkeDecodeException {
        if (n.notifyType() != NotifyType.QUICK_CRASH_DETECTION) throw new IllegalArgumentException("not a QUICK_CRASH_DETECTION notify");
        if (n.spi().length() != 0) {
            throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, -1, n.notifyTypeCode(), "QUICK_CRASH_DETECTION with an SPI");
        }
        int length = n.data().length();
        if (length == 0) return Optional.empty();
        if (length < MIN_TOKEN || length > MAX_TOKEN) {
            throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, -1, n.notifyTypeCode(),
                    "QUICK_CRASH_DETECTION token of " + length + " octets, not 16-128");
        }
        return Optional.of(n.data());
    }
}
