package net.vpnaas.ike.interop;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import net.vpnaas.ike.transport.Datagram;
import net.vpnaas.ike.transport.Transport;
import net.vpnaas.ike.transport.UdpTransport;

/**
 * One engine on an IPv4 and an IPv6 address (the engine takes one transport; a gateway of the tests
 * serves both families): what each receives goes to the same engine, and a datagram leaves through the
 * transport of its source address's family.
 */
record TwoFamilyTransport(UdpTransport v4, UdpTransport v6) implements Transport {

    @Override
    public void start(Consumer<Datagram> receiver) {
        v4.start(receiver);
        v6.start(receiver);
    }

    @Override
    public void send(Datagram d) {
        of(d.local()).send(d);
    }

    @Override
    public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
        of(local).sendNatKeepalive(local, remote);
    }

    private UdpTransport of(InetSocketAddress local) {
        return local.getAddress() instanceof Inet4Address ? v4 : v6;
    }

    @Override
    public void close() {
        try {
            v4.close();
        } finally {
            v6.close();
        }
    }
}
