package net.vpnaas.ike.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The unprotected answer to a request for an IKE SA its recipient does not know (RFC 7296 2.21.4): the
 * request's SPIs and Message ID, the response flag, N(INVALID_IKE_SPI), and from a token maker that lost
 * its state N(QUICK_CRASH_DETECTION) with the token it gave for those SPIs (RFC 6290 section 3). Nothing
 * else: whoever can spoof the peer's address can send it, so it carries only what the token taker needs,
 * and the taker changes nothing unless the token matches.
 *
 * @param header the header as received or to be sent
 * @param token  the QCD token, empty in a plain INVALID_IKE_SPI
 */
public record InvalidIkeSpiAnswer(IkeHeader header, Optional<Bytes> token) {

    public InvalidIkeSpiAnswer {
        if (header.exchangeType() != ExchangeType.INFORMATIONAL || !header.response()) {
            throw new IllegalArgumentException("an INVALID_IKE_SPI answer is an INFORMATIONAL response");
        }
    }

    /**
     * The answer to {@code request}, whose SPI of ours we do not know, with our {@code token} for it.
     * The initiator flag is ours: we are the original initiator if the request's sender is not.
     */
    public static InvalidIkeSpiAnswer to(IkeHeader request, Bytes token) {
        return new InvalidIkeSpiAnswer(IkeHeader.of(request.initiatorSpi(), request.responderSpi(), ExchangeType.INFORMATIONAL,
                !request.initiator(), true, request.messageId()), Optional.of(token));
    }

    public byte[] encode() {
        List<Payload> payloads = new ArrayList<>(2);
        payloads.add(NotifyPayload.of(NotifyType.INVALID_IKE_SPI));
        token.ifPresent(t -> payloads.add(QcdTokenNotify.of(t)));
        return IkeMessage.of(header, payloads).encode();
    }

    /**
     * {@code m} as such an answer: an INFORMATIONAL response of notifications only (unknown non-critical
     * payloads aside), N(INVALID_IKE_SPI) among them. Empty when {@code m} is something else (e.g. an
     * encrypted message).
     *
     * @throws IkeDecodeException it is one, but its QUICK_CRASH_DETECTION is malformed or repeated
     */
    public static Optional<InvalidIkeSpiAnswer> from(IkeMessage m) throws IkeDecodeException {
        IkeHeader h = m.header();
        if (h.exchangeType() != ExchangeType.INFORMATIONAL || !h.response()) return Optional.empty();
        boolean invalidSpi = false;
        Optional<Bytes> token = Optional.empty();
        boolean tokenSeen = false;
        for (Payload p : m.payloads()) {
            switch (p) {
                case NotifyPayload n when n.notifyType() == NotifyType.INVALID_IKE_SPI -> invalidSpi = true;
                case NotifyPayload n when n.notifyType() == NotifyType.QUICK_CRASH_DETECTION -> {
                    if (tokenSeen) {
                        throw new IkeDecodeException(DecodeError.TOO_MANY_PAYLOADS, -1, n.notifyTypeCode(), "two QUICK_CRASH_DETECTION");
                    }
                    tokenSeen = true;
                    token = QcdTokenNotify.token(n);
                }
                case NotifyPayload n -> { }
                case UnknownPayload u -> { }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return invalidSpi ? Optional.of(new InvalidIkeSpiAnswer(h, token)) : Optional.empty();
    }
}
