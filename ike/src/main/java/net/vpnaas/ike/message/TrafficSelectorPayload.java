package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** TSi or TSr payload (RFC 7296 section 3.13): one or more traffic selectors. */
public record TrafficSelectorPayload(boolean initiator, List<TrafficSelector> selectors) implements Payload {

    public TrafficSelectorPayload {
        selectors = List.copyOf(selectors);
        if (selectors.isEmpty() || selectors.size() > 0xff) {
            throw new IllegalArgumentException("1..255 traffic selectors: " + selectors.size());
        }
    }

    @Override
    public int typeCode() {
        return (initiator ? PayloadType.TRAFFIC_SELECTOR_INITIATOR : PayloadType.TRAFFIC_SELECTOR_RESPONDER).code();
    }

    @Override
    public int bodyLength() {
        int length = 4;
        for (TrafficSelector s : selectors) {
            length += s.encodedLength();
        }
        return length;
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.put((byte) selectors.size()).put((byte) 0).putShort((short) 0);
        for (TrafficSelector s : selectors) {
            s.encode(out);
        }
    }

    static TrafficSelectorPayload decode(boolean initiator, WireReader r) throws IkeDecodeException {
        int start = r.offset();
        int count = r.u8("number of TSs");
        r.skip(3, "TS reserved");
        if (count == 0) {
            throw r.syntax(start, "TS payload without selectors");
        }
        List<TrafficSelector> selectors = new ArrayList<>(count);
        while (r.remaining() > 0) {
            selectors.add(TrafficSelector.decode(r));
        }
        if (selectors.size() != count) {
            throw r.syntax(start, count + " selectors announced, " + selectors.size() + " present");
        }
        return new TrafficSelectorPayload(initiator, selectors);
    }
}
