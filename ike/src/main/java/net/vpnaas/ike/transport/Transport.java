package net.vpnaas.ike.transport;

import java.util.function.Consumer;

/** Sends and receives IKE datagrams. Production: {@link UdpTransport}; tests: an in-memory network. */
public interface Transport extends AutoCloseable {

    /** Starts delivering received datagrams to {@code receiver} (called on transport threads). */
    void start(Consumer<Datagram> receiver);

    /** Sends from {@code datagram.local()} to {@code datagram.remote()}; failures are logged, not thrown (UDP). */
    void send(Datagram datagram);

    @Override
    void close();
}
