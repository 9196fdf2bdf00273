package net.vpnaas.ike.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.transport.Datagram;

/**
 * A received message after decryption: {@code payloads} are the inner payloads for protected
 * exchanges, the plain ones for IKE_SA_INIT; {@code datagram} is what arrived, with its addresses.
 */
public record ReceivedMessage(IkeHeader header, List<Payload> payloads, Datagram datagram) {

    public ReceivedMessage {
        payloads = List.copyOf(payloads);
    }

    public ExchangeType exchangeType() {
        return header.exchangeType();
    }

    public long messageId() {
        return header.messageId();
    }

    public <T extends Payload> Optional<T> first(Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public <T extends Payload> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Payload p : payloads) if (type.isInstance(p)) out.add(type.cast(p));
        return out;
    }

    public Optional<NotifyPayload> notify(NotifyType type) {
        return IkeMessage.notify(type, payloads);
    }

    /** The first error notification (type below 16384), if any. */
    public Optional<NotifyPayload> error() {
        return all(NotifyPayload.class).stream().filter(NotifyPayload::isError).findFirst();
    }
}
