package net.vpnaas.agent.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.vpnaas.dataplane.DataPlane;
import net.vpnaas.dataplane.worker.IkeReceiver;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.transport.Carrier;
import net.vpnaas.ike.transport.Datagram;
import net.vpnaas.ike.transport.Transport;

/**
 * IKE datagrams for the engine when the data path owns UDP port 4500. Port 4500 carries ESP-in-UDP
 * and IKE (after a 4-byte zero non-ESP marker) on one socket, and only one socket can own it: the
 * data path reads it and hands IKE messages up through {@link IkeReceiver}; we send IKE on it
 * through {@link DataPlane#sendIke}. Port 500 (IKE only, before NAT detection) is ours alone. The
 * TCP streams of RFC 9329 carry IKE and ESP together too, so they also belong to the data path:
 * IKE over TCP comes up the same way and goes down through {@link DataPlane#sendIkeOnStream}.
 */
public final class SharedNattTransport implements Transport, IkeReceiver {

    private static final Logger LOG = Logger.getLogger(SharedNattTransport.class.getName());

    private final int nattPort;
    private final List<DatagramChannel> ikeChannels = new ArrayList<>();
    private volatile DataPlane dataPlane;
    private volatile Consumer<Datagram> receiver;
    private volatile Consumer<InetSocketAddress> streamReconnected = remote -> {};
    private volatile boolean closed;

    /** Binds UDP {@code ikePort} on each local address; NAT-T traffic on {@code nattPort} goes via the data path. */
    public SharedNattTransport(List<InetAddress> localAddresses, int ikePort, int nattPort) {
        this.nattPort = nattPort;
        try {
            for (InetAddress a : localAddresses) {
                ikeChannels.add(DatagramChannel.open().bind(new InetSocketAddress(a, ikePort)));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot bind IKE port " + ikePort + " on " + localAddresses, e);
        }
    }

    /** Told the peer's address when a TCP stream we originated is connected again after it ended. */
    public void onStreamReconnected(Consumer<InetSocketAddress> listener) {
        this.streamReconnected = listener;
    }

    /** The data path, once started (it needs this object as its {@link IkeReceiver} first). */
    public void attach(DataPlane dp) {
        this.dataPlane = dp;
    }

    @Override
    public void start(Consumer<Datagram> receiver) {
        this.receiver = receiver;
        for (DatagramChannel ch : ikeChannels) {
            Thread.ofVirtual().name("ike-udp-" + localOf(ch)).start(() -> readLoop(ch));
        }
    }

    private void readLoop(DatagramChannel channel) {
        InetSocketAddress local = localOf(channel);
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (!closed) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
                buf.flip();
                byte[] data = new byte[buf.remaining()];
                buf.get(data);
                receiver.accept(new Datagram(local, from, data));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // One bad datagram or a failing handler must not end the loop: log and go on.
                LOG.log(Level.WARNING, "IKE receive on " + local + " failed", e);
            }
        }
    }

    /** From the data path's port-4500 socket, marker already removed. */
    @Override
    public void received(InetSocketAddress local, InetSocketAddress remote, byte[] message) {
        Consumer<Datagram> r = receiver;
        if (r != null) r.accept(new Datagram(local, remote, message));
    }

    /** From a TCP stream of the data path, framing and marker removed. */
    @Override
    public void receivedOnStream(InetSocketAddress local, InetSocketAddress remote, byte[] message) {
        Consumer<Datagram> r = receiver;
        if (r != null) r.accept(new Datagram(local, remote, message, Carrier.TCP));
    }

    @Override
    public void streamReconnected(InetSocketAddress local, InetSocketAddress remote) {
        streamReconnected.accept(remote);
    }

    @Override
    public void send(Datagram d) {
        if (d.carrier() == Carrier.TCP) {
            DataPlane dp = dataPlane;
            if (dp == null || !dp.sendIkeOnStream(d.local(), d.remote(), d.data(), opensStream(d.data()))) {
                LOG.warning(() -> "IKE over TCP to " + d.remote() + " dropped: no stream, or its buffer is full");
            }
            return;
        }
        if (d.local().getPort() == nattPort) {
            DataPlane dp = dataPlane;
            if (dp == null || !dp.sendIke(d.local(), d.remote(), d.data())) {
                LOG.warning(() -> "IKE send via the data path to " + d.remote() + " failed");
            }
            return;
        }
        for (DatagramChannel ch : ikeChannels) {
            if (localOf(ch).getAddress().equals(d.local().getAddress())) {
                try {
                    ch.send(ByteBuffer.wrap(d.data()), d.remote());
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "IKE send to " + d.remote() + " failed", e);
                }
                return;
            }
        }
        LOG.warning(() -> "no IKE socket on " + d.local() + " to send to " + d.remote());
    }

    /** Keepalives keep the NAT's mapping of our port 4500, which the data path's socket owns. */
    @Override
    public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
        DataPlane dp = dataPlane;
        if (local.getPort() != nattPort || dp == null || !dp.sendNatKeepalive(local, remote)) {
            LOG.warning(() -> "NAT keepalive from " + local + " to " + remote + " failed");
        }
    }

    /**
     * Only our IKE_SA_INIT request (the I flag, not a response, no responder SPI yet) opens a stream: the
     * side that originated it connects again after a reset by itself, and the other side must never
     * connect to the ephemeral port the peer's end of a lost stream had.
     */
    static boolean opensStream(byte[] ike) {
        if (ike.length < IkeHeader.LENGTH) return false;
        ByteBuffer h = ByteBuffer.wrap(ike);
        int flags = h.get(19);
        return h.getLong(8) == 0 && (h.get(18) & 0xFF) == ExchangeType.IKE_SA_INIT.code() && (flags & 0x08) != 0 && (flags & 0x20) == 0;
    }

    private static InetSocketAddress localOf(DatagramChannel ch) {
        try {
            return (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (DatagramChannel ch : ikeChannels) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "close", e);
            }
        }
    }
}
