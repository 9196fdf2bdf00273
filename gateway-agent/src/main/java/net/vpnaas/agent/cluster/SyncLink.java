package net.vpnaas.agent.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLSocket;
import net.vpnaas.ike.message.Bytes;

/**
 * The sync channel to one other member, after both said Hello. Sending only queues (a member holding its
 * lock never blocks on a slow socket); one writer thread drains the queue. A member that falls so far
 * behind that the queue fills is cut off, and catches up with a snapshot when it comes back.
 * The fields below the socket are guarded by the owning {@link ClusterMember}'s lock.
 */
final class SyncLink {
    private static final int MAX_QUEUED = 100_000;
    private static final byte[] CLOSE = new byte[0];

    final String memberId;
    private final SSLSocket socket;
    private final LinkedBlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    /** The highest sequence this standby acknowledged. */
    volatile long acked = -1;

    Role peerRole;
    long peerEpoch;
    StandbySync sync = StandbySync.NONE;
    long snapshotSequence;
    /** On a standby: the snapshot being received from the active on this link, until its end. */
    Map<ClusterMember.SaKey, Bytes> staging;

    SyncLink(String memberId, SSLSocket socket, Executor threads) {
        this.memberId = memberId;
        this.socket = socket;
        threads.execute(this::write);
    }

    void send(SyncMessage m) {
        if (closed) return;
        if (outbound.size() >= MAX_QUEUED) {
            close();
            return;
        }
        outbound.add(SyncCodec.encode(m));
    }

    boolean closed() {
        return closed;
    }

    /** Abrupt: no goodbye, as when the member fails. */
    void close() {
        closed = true;
        outbound.add(CLOSE);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void write() {
        try {
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                byte[] frame = outbound.take();
                if (frame == CLOSE) break;
                out.write(frame);
                if (outbound.isEmpty()) out.flush();
            }
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    @Override
    public String toString() {
        return "member " + memberId;
    }
}
