package net.vpnaas.dataplane.sad;

import net.vpnaas.dataplane.net.EspSocket;

/** Where an SA's outbound packets go: the socket and the encoded peer address ({@code sockaddr}). */
public record OuterRoute(EspSocket socket, byte[] sockaddr, OuterEndpoints endpoints) {
    /** IP header plus UDP header when encapsulated. */
    public int outerHeaders() {
        int ip = sockaddr.length == 16 ? 20 : 40;
        return endpoints.udpEncapsulation() ? ip + 8 : ip;
    }
}
