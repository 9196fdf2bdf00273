package net.vpnaas.ike.engine;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.StringJoiner;
import net.vpnaas.ike.message.DeletePayload;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.KeyExchangePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.SecurityAssociationPayload;
import net.vpnaas.ike.message.TrafficSelectorPayload;

/**
 * One readable line per IKE message, in the notation of RFC 7296 figures, e.g.
 * {@code IKE_AUTH request #1 --> 192.0.2.2:4500 [IDi N(INITIAL_CONTACT) AUTH SA TSi TSr]}.
 */
public final class MessageLog {

    private MessageLog() {}

    public static String line(boolean outgoing, IkeHeader h, List<Payload> payloads, InetSocketAddress peer) {
        StringJoiner j = new StringJoiner(" ", "[", "]");
        for (Payload p : payloads) j.add(name(p));
        return "%s %s #%d %s %s %s spi %016x_i %016x_r".formatted(h.exchangeType(), h.response() ? "response" : "request",
                h.messageId(), outgoing ? "-->" : "<--", peer, j, h.initiatorSpi(), h.responderSpi());
    }

    /** One line per IKE fragment (RFC 7383), e.g. {@code IKE_AUTH request #1 --> 192.0.2.2:500 fragment 2 of 5 (1232 bytes)}. */
    public static String fragment(boolean outgoing, IkeHeader h, int number, int total, int bytes, InetSocketAddress peer) {
        return "%s %s #%d %s %s fragment %d of %d (%d bytes)".formatted(h.exchangeType(), h.response() ? "response" : "request",
                h.messageId(), outgoing ? "-->" : "<--", peer, number, total, bytes);
    }

    static String name(Payload p) {
        return switch (p) {
            case SecurityAssociationPayload sa -> "SA";
            case KeyExchangePayload ke -> "KE(" + ke.method() + ")";
            case IdentificationPayload id -> id.initiator() ? "IDi" : "IDr";
            case TrafficSelectorPayload ts -> ts.initiator() ? "TSi" : "TSr";
            case NotifyPayload n -> "N(" + n.notifyType() + ")";
            case DeletePayload d -> "D(" + d.protocolId() + (d.spis().isEmpty() ? "" : " " + d.spis().size()) + ")";
            default -> switch (p.type()) {
                case NONCE -> "No";
                case AUTHENTICATION -> "AUTH";
                case ENCRYPTED -> "SK";
                case VENDOR_ID -> "V";
                case CERTIFICATE -> "CERT";
                case CERTIFICATE_REQUEST -> "CERTREQ";
                case CONFIGURATION -> "CP";
                case PUZZLE_SOLUTION -> "PS";
                default -> p.type().toString();
            };
        };
    }
}
