package net.vpnaas.ike.transport;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/** Sends and receives IKE datagrams. Production: {@link UdpTransport}; tests: an in-memory network. */
public interface Transport extends AutoCloseable {

    /** Starts delivering received datagrams to {@code receiver} (called on transport threads). */
    void start(Consumer<Datagram> receiver);

    /** Sends from {@code datagram.local()} to {@code datagram.remote()}; failures are logged, not thrown (UDP). */
    void send(Datagram datagram);

    /**
     * Sends a NAT keepalive (RFC 3948 2.3: the single byte 0xFF, no non-ESP marker) from our NAT-T
     * socket {@code local} to {@code remote}; failures are logged, not thrown.
     */
    void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote);

    @Override
    void close();
}
