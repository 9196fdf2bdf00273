package net.vpnaas.ike.task;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.logging.Logger;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.transport.Carrier;

/**
 * NAT detection in IKE_SA_INIT (RFC 7296 2.23): each side hashes the addresses it sends from and
 * to; a hash that does not match the addresses the message arrived with reveals a NAT. With a NAT
 * the initiator moves IKE to port 4500 from IKE_AUTH on, and ESP is UDP-encapsulated. A connection
 * that forces UDP encapsulation sends a random source hash, which the peer cannot match: it takes
 * us for being behind a NAT, and both sides encapsulate (RFC 7296 2.23 allows this to get UDP
 * encapsulation where no NAT is).
 */
public final class NatDetectionTask implements Task {
    private static final Logger LOG = Logger.getLogger(NatDetectionTask.class.getName());

    private final TaskContext ctx;
    private final boolean initiator;
    private boolean peerSupports;

    public NatDetectionTask(TaskContext ctx, boolean initiator) {
        this.ctx = ctx;
        this.initiator = initiator;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_SA_INIT;
    }

    @Override
    public Status build(OutgoingMessage m) {
        if (initiator || peerSupports) {
            IkeSa sa = ctx.sa();
            long spiR = initiator ? 0 : sa.responderSpi();
            byte[] source = forced() ? ctx.random().bytes(20) : hash(sa.initiatorSpi(), spiR, sa.localAddress());
            m.add(NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, Bytes.wrap(source)));
            m.add(NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, Bytes.wrap(hash(sa.initiatorSpi(), spiR, sa.remoteAddress()))));
        }
        return initiator ? Status.NEED_MORE : Status.DONE;
    }

    @Override
    public Status process(ReceivedMessage m) {
        List<NotifyPayload> sources = m.all(NotifyPayload.class).stream()
                .filter(n -> n.notifyType() == NotifyType.NAT_DETECTION_SOURCE_IP).toList();
        var destination = m.notify(NotifyType.NAT_DETECTION_DESTINATION_IP);
        if (sources.isEmpty() || destination.isEmpty()) return initiator ? Status.DONE : Status.NEED_MORE;
        peerSupports = true;
        long spiI = m.header().initiatorSpi();
        long spiR = m.header().responderSpi();
        InetSocketAddress from = m.datagram().remote();
        InetSocketAddress to = m.datagram().local();
        byte[] fromHash = hash(spiI, spiR, from);
        boolean remoteNat = sources.stream().noneMatch(n -> MessageDigest.isEqual(n.data().toByteArray(), fromHash));
        boolean localNat = !MessageDigest.isEqual(destination.get().data().toByteArray(), hash(spiI, spiR, to));
        IkeSa sa = ctx.sa();
        sa.natDetected(localNat, remoteNat);
        sa.udpEncapsulationForced(forced());
        if (sa.natDetected()) {
            LOG.info(() -> "NAT detected (local " + localNat + ", remote " + remoteNat + ")"
                    + (sa.udpEncapsulationForced() ? ", UDP encapsulation forced" : ""));
            if (initiator && sa.carrier() == Carrier.UDP) {
                // RFC 7296 2.23: the initiator floats to port 4500 once a NAT is seen. A TCP stream
                // crosses the NAT as it is: nothing moves (RFC 9329).
                sa.addresses(new InetSocketAddress(sa.localAddress().getAddress(), ctx.localNattPort()),
                        new InetSocketAddress(sa.remoteAddress().getAddress(), 4500));
            }
        }
        return initiator ? Status.DONE : Status.NEED_MORE;
    }

    private boolean forced() {
        return ctx.config().natTraversal().forceUdpEncapsulation();
    }

    /** SHA-1(SPIi | SPIr | IP | port). */
    static byte[] hash(long spiI, long spiR, InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        ByteBuffer b = ByteBuffer.allocate(16 + ip.length + 2).putLong(spiI).putLong(spiR).put(ip).putShort((short) a.getPort());
        try {
            return MessageDigest.getInstance("SHA-1").digest(b.array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
