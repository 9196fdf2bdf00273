package net.vpnaas.ike.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * IKE over real UDP: one socket on the IKE port (normally 500) and one on the NAT-T port (normally
 * 4500). On the NAT-T socket IKE messages follow a 4-byte zero non-ESP marker; datagrams without it
 * are ESP-in-UDP, which belongs to the data path and is counted and dropped here.
 */
public final class UdpTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(UdpTransport.class.getName());
    /** A NAT keepalive is this one byte (RFC 3948 2.3). */
    private static final byte NAT_KEEPALIVE = (byte) 0xFF;

    private final DatagramChannel ike;
    private final DatagramChannel natt;
    private final InetSocketAddress ikeAddress;
    private final InetSocketAddress nattAddress;
    private final AtomicLong droppedNonIke = new AtomicLong();
    private volatile boolean closed;

    public UdpTransport(InetAddress address, int ikePort, int nattPort) throws IOException {
        this.ike = DatagramChannel.open().bind(new InetSocketAddress(address, ikePort));
        try {
            this.natt = DatagramChannel.open().bind(new InetSocketAddress(address, nattPort));
        } catch (IOException e) {
            ike.close(); // or the IKE port stays taken by a transport nobody holds
            throw e;
        }
        this.ikeAddress = (InetSocketAddress) ike.getLocalAddress();
        this.nattAddress = (InetSocketAddress) natt.getLocalAddress();
    }

    public InetSocketAddress ikeAddress() {
        return ikeAddress;
    }

    public InetSocketAddress nattAddress() {
        return nattAddress;
    }

    /** Datagrams on the NAT-T port that were not IKE (ESP or keepalives). */
    public long droppedNonIke() {
        return droppedNonIke.get();
    }

    @Override
    public void start(Consumer<Datagram> receiver) {
        Thread.ofVirtual().name("ike-udp-" + ikeAddress.getPort()).start(() -> readLoop(ike, ikeAddress, false, receiver));
        Thread.ofVirtual().name("ike-udp-" + nattAddress.getPort()).start(() -> readLoop(natt, nattAddress, true, receiver));
    }

    private void readLoop(DatagramChannel channel, InetSocketAddress local, boolean marker, Consumer<Datagram> receiver) {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (!closed) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
                buf.flip();
                byte[] data = new byte[buf.remaining()];
                buf.get(data);
                if (marker) {
                    if (data.length < 4 || data[0] != 0 || data[1] != 0 || data[2] != 0 || data[3] != 0) {
                        droppedNonIke.incrementAndGet();
                        continue;
                    }
                    data = Arrays.copyOfRange(data, 4, data.length);
                }
                receiver.accept(new Datagram(local, from, data));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "UDP receive on " + local + " failed", e);
            }
        }
    }

    @Override
    public void send(Datagram d) {
        boolean useNatt = d.local().getPort() == nattAddress.getPort();
        ByteBuffer out;
        if (useNatt) {
            out = ByteBuffer.allocate(4 + d.data().length).putInt(0).put(d.data()).flip();
        } else {
            out = ByteBuffer.wrap(d.data());
        }
        try {
            (useNatt ? natt : ike).send(out, d.remote());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "UDP send to " + d.remote() + " failed", e);
        }
    }

    @Override
    public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
        try {
            natt.send(ByteBuffer.wrap(new byte[] {NAT_KEEPALIVE}), remote);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "NAT keepalive to " + remote + " failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            ike.close();
            natt.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close", e);
        }
    }
}
