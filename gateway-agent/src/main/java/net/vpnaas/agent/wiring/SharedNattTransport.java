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
import net.vpnaas.ike.transport.Datagram;
import net.vpnaas.ike.transport.Transport;

/**
 * IKE datagrams for the engine when the data path owns UDP port 4500. Port 4500 carries ESP-in-UDP
 * and IKE (after a 4-byte zero non-ESP marker) on one socket, and only one socket can own it: the
 * data path reads it and hands IKE messages up through {@link IkeReceiver}; we send IKE on it
 * through {@link DataPlane#sendIke}. Port 500 (IKE only, before NAT detection) is ours alone.
 */
public final class SharedNattTransport implements Transport, IkeReceiver {

    private static final Logger LOG = Logger.getLogger(SharedNattTransport.class.getName());

    private final int nattPort;
    private final List<DatagramChannel> ikeChannels = new ArrayList<>();
    private volatile DataPlane dataPlane;
    private volatile Consumer<Datagram> receiver;
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

    @Override
    public void send(Datagram d) {
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
