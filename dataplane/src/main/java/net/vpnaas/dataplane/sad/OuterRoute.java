package net.vpnaas.dataplane.sad;

import net.vpnaas.dataplane.net.EspSocket;
import net.vpnaas.dataplane.stream.StreamLink;

/**
 * Where an SA's outbound packets go: the socket and the encoded peer address ({@code sockaddr}), or,
 * for ESP over TCP, the {@code stream} of its IKE SA ({@code socket} then null).
 */
public record OuterRoute(EspSocket socket, byte[] sockaddr, OuterEndpoints endpoints, StreamLink stream) {
    public OuterRoute(EspSocket socket, byte[] sockaddr, OuterEndpoints endpoints) {
        this(socket, sockaddr, endpoints, null);
    }

    /** IP header plus UDP header when encapsulated, plus TCP header and Length field on a stream. */
    public int outerHeaders() {
        int ip = sockaddr.length == 16 ? 20 : 40;
        if (stream != null) return ip + 20 + 2;
        return endpoints.udpEncapsulation() ? ip + 8 : ip;
    }
}
