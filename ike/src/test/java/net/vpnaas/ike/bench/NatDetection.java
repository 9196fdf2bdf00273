package net.vpnaas.ike.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * NAT_DETECTION_*_IP data (RFC 7296 2.23): SHA-1(SPIi | SPIr | IP | port). The generator must send
 * these: strongSwan with kernel-libipsec can only install UDP-encapsulated ESP, so it fakes a NAT through
 * them (and answers NO_PROPOSAL_CHOSEN for the Child SA of an initiator that sent none).
 */
final class NatDetection {

    private NatDetection() {}

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
