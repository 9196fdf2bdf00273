package net.vpnaas.agent.cluster;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import net.vpnaas.dataplane.sync.EspCounterSync;
import net.vpnaas.dataplane.sync.SnapshotDecodeException;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.sync.IkeSaState;
import net.vpnaas.ike.sync.IkeSaStateCodec;
import net.vpnaas.ike.sync.SaStateListener;
import net.vpnaas.ike.sync.SendsFenced;
import net.vpnaas.ike.sync.StateDecodeException;

/**
 * One agent's membership in its gateway's cluster: the sync channel to the other members, heartbeats,
 * the fencing epoch, the election, replication to the standbys and the takeover.
 *
 * <p><b>Epochs.</b> Each member holds the highest epoch it has seen. A member becomes active only with a
 * new epoch, one above every epoch it has seen; every heartbeat and replication message carries the
 * sender's epoch. A member that sees a higher epoch than its own is fenced: if it was active it stops at
 * once (its replicator refuses every further exchange with {@link SendsFenced}, so the engine's held
 * datagrams are dropped, and {@link Takeover#deactivate} stops the rest) and it follows the new active as a
 * standby. Replication from a member of a lower epoch is ignored, and that member is told the current
 * epoch at once, so a stale active is fenced by the first member that hears it.
 *
 * <p><b>Election.</b> Deterministic, by member id: when no active has been heard for
 * {@link ClusterSettings#deadAfter} (missed heartbeats; while none is known, that long after the last member
 * joined), the standby with the smallest id among itself and the standbys it is connected to takes over
 * with epoch + 1; the others hear its heartbeat and follow. An active stays active while it lives (no
 * preemption by a smaller id that joins later: a failover costs more than an order). Two
 * members that take over at once without seeing each other (a partition) both hold the same epoch: when
 * they meet, the one with the larger id steps down, so exactly one is active once the links are back.
 *
 * <p><b>Split brain.</b> With two members, a cut sync link while both still reach the peer looks to the
 * standby exactly like a dead active. We chose: the standby takes over only if the {@link ActiveWitness},
 * a second path to the active (its floating address answering on the data segment, or the control plane's
 * view), also says the active is gone; the active never steps down for losing its standbys (with two
 * members it cannot tell a dead standby from a cut link either, and stepping down would leave the gateway
 * without an active). So while the link is cut the active keeps serving and the standby waits: at no
 * moment do both send ESP for one SA. When the link is back, the standby gets a fresh snapshot. If the
 * witness is wrong (or absent, {@link ActiveWitness#NONE}) and both become active, the one with the lower
 * epoch (the old active) is fenced at the first heartbeat over the restored link, before it sends again:
 * exactly one active once the link is back, though both may have sent while it was cut.
 *
 * <p><b>Replication.</b> The active's {@link #replicator()} is the engine's state listener: each change of
 * an IKE SA goes to every standby and the exchange that caused it waits, holding its datagrams (see
 * {@link SaStateListener}), until every in-sync standby acknowledged or {@link ClusterSettings#ackTimeout}
 * passed; a standby that did not answer in time is out of sync and gets a full snapshot, as does each
 * standby that joins.
 *
 * <p><b>ESP counters.</b> With the data path's {@link EspCounterSync}, the active sends its counter snapshot to
 * every in-sync standby each {@link ClusterSettings#counterSyncInterval}, unacknowledged (the last one wins);
 * a standby imports what its active sends, and the takeover advances from it (see {@link EngineTakeover}).
 */
public final class ClusterMember implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterMember.class.getName());
    /** For the TLS handshake and the Hellos, which take far longer than a heartbeat on a loaded host. */
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** A member that never knew an active waits this many dead-after periods for all its peers before it elects without them. */
    private static final int STARTUP_PERIODS = 4;

    /** An IKE SA, by its SPIs. */
    record SaKey(long initiatorSpi, long responderSpi) {}

    /** What a member knows of the cluster, for status output and tests. */
    public record Status(String memberId, Role role, long epoch, Optional<String> activeId, int ikeSas,
                         Map<String, StandbySync> standbys) {}

    private final ClusterSettings settings;
    private final SyncTls tls;
    private final Takeover takeover;
    private final ActiveWitness witness;
    /** Empty for members without a data path (IKE only): no counters to sync. */
    private final Optional<EspCounterSync> counters;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
            .name("cluster-ticker").factory());
    private final Set<String> dialing = ConcurrentHashMap.newKeySet();
    /** Notified on every acknowledgement; never taken while {@link #lock} is held, nor the other way round. */
    private final Object acks = new Object();

    private final Object lock = new Object();
    private Role role = Role.STANDBY;
    private long epoch;
    private String activeId;
    private long activeHeardAt = System.nanoTime();
    private final long startedAt = System.nanoTime();
    /** Whether an active was ever known here: before, the election waits for the whole membership a while. */
    private boolean knewActive;
    /** On the active, the IKE SAs it serves; on a standby, those it holds for a takeover (each checked on receipt). */
    private final Map<SaKey, Bytes> sas = new LinkedHashMap<>();
    private long sequence;
    private final Map<String, SyncLink> links = new HashMap<>();
    private boolean witnessSaidServing;

    private SSLServerSocket server;
    private volatile boolean closed;

    public ClusterMember(ClusterSettings settings, SyncTls tls, Takeover takeover, ActiveWitness witness) {
        this(settings, tls, takeover, witness, Optional.empty());
    }

    public ClusterMember(ClusterSettings settings, SyncTls tls, Takeover takeover, ActiveWitness witness,
                         Optional<EspCounterSync> counters) {
        this.settings = settings;
        this.tls = tls;
        this.takeover = takeover;
        this.witness = witness;
        this.counters = counters;
    }

    /** Listens, dials the members after this one in id order, and runs heartbeats and the election. */
    public void start() throws IOException {
        server = tls.listen(settings.listen());
        threads.execute(this::accept);
        long interval = settings.heartbeatInterval().toNanos();
        ticker.scheduleAtFixedRate(this::tick, 0, interval, TimeUnit.NANOSECONDS);
        counters.ifPresent(c -> {
            long every = settings.counterSyncInterval().toNanos();
            ticker.scheduleAtFixedRate(() -> sendCounters(c), every, every, TimeUnit.NANOSECONDS);
        });
    }

    /** On the active: the data path's counters to every in-sync standby (a standby still syncing gets them next time). */
    private void sendCounters(EspCounterSync c) {
        if (closed) return;
        try {
            synchronized (lock) {
                if (role != Role.ACTIVE || links.values().stream().noneMatch(l -> l.sync == StandbySync.IN_SYNC)) return;
            }
            Bytes snapshot = Bytes.wrap(c.snapshot()); // outside the lock: it reads every SA's counters
            synchronized (lock) {
                if (role != Role.ACTIVE) return;
                for (SyncLink l : links.values()) {
                    if (l.sync == StandbySync.IN_SYNC) l.send(new SyncMessage.EspCounters(epoch, snapshot));
                }
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> settings.memberId() + ": ESP counter sync failed: " + e);
        }
    }

    /** The engine's state listener on this member (see the class comment); install it before the engine runs. */
    public SaStateListener replicator() {
        return new Replicator();
    }

    public Status status() {
        synchronized (lock) {
            Map<String, StandbySync> standbys = new LinkedHashMap<>();
            links.values().stream().filter(l -> l.peerRole == Role.STANDBY).forEach(l -> standbys.put(l.memberId, l.sync));
            return new Status(settings.memberId(), role, epoch, Optional.ofNullable(activeId), sas.size(), standbys);
        }
    }

    /** Stops at once, with no goodbye: to the others it is a member that failed. */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        try {
            if (server != null) server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (lock) {
            links.values().forEach(SyncLink::close);
            links.clear();
        }
        threads.shutdownNow();
    }

    private void accept() {
        while (!closed) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                threads.execute(() -> serve(socket, null));
            } catch (IOException e) {
                if (!closed) LOG.warning(() -> settings.memberId() + ": sync channel accept failed: " + e.getMessage());
            }
        }
    }

    private void dial(String peer, InetSocketAddress address) {
        try {
            SSLSocket socket = tls.connect(address, settings.deadAfter());
            serve(socket, peer);
        } catch (IOException e) {
            LOG.fine(() -> settings.memberId() + ": cannot reach member " + peer + " at " + address + ": " + e.getMessage());
        } finally {
            dialing.remove(peer);
        }
    }

    /** Both sides say Hello; then the link carries messages until it fails or falls silent. */
    private void serve(SSLSocket socket, String expected) {
        SyncLink link = null;
        String reason = "closed";
        try {
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.startHandshake(); // the member of another gateway, or a stranger, fails here
            SyncMessage.Hello ours;
            synchronized (lock) {
                ours = new SyncMessage.Hello(settings.memberId(), epoch, role);
            }
            socket.getOutputStream().write(SyncCodec.encode(ours));
            InputStream in = socket.getInputStream();
            if (!(SyncCodec.read(in) instanceof SyncMessage.Hello hello)) throw new SyncDecodeException("no Hello first");
            String id = hello.memberId();
            if (id.equals(settings.memberId()) || !settings.peers().containsKey(id) || (expected != null && !expected.equals(id))) {
                throw new SyncDecodeException("member " + id + " is not one of ours");
            }
            socket.setSoTimeout((int) settings.deadAfter().toMillis()); // from now on heartbeats come every interval
            link = new SyncLink(id, socket, threads);
            synchronized (lock) {
                if (closed) return;
                SyncLink old = links.put(id, link);
                if (old != null) old.close();
                // While no active is known, the election waits until the membership has been still for a while,
                // so that members starting together elect among all of them, not each on its own.
                if (activeId == null) activeHeardAt = System.nanoTime();
            }
            SyncLink joined = link;
            LOG.info(() -> settings.memberId() + ": sync channel up with member " + id + " (epoch " + hello.epoch() + ", " + hello.role() + ")");
            observe(link, hello.epoch(), hello.role());
            while (!link.closed()) handle(joined, SyncCodec.read(in));
        } catch (SocketTimeoutException e) {
            reason = "silent for " + settings.deadAfter().toMillis() + " ms";
        } catch (EOFException e) {
            reason = "closed by the other side";
        } catch (SyncDecodeException e) {
            reason = "refused: " + e.getMessage();
        } catch (IOException e) {
            reason = e.getMessage();
        } finally {
            if (link != null) {
                drop(link, reason);
            } else {
                String why = reason;
                if (!closed) LOG.warning(() -> settings.memberId() + ": sync connection from " + socket.getRemoteSocketAddress() + " refused: " + why);
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private void drop(SyncLink link, String reason) {
        link.close();
        synchronized (lock) {
            links.remove(link.memberId, link);
        }
        synchronized (acks) {
            acks.notifyAll();
        }
        if (!closed) LOG.warning(() -> settings.memberId() + ": sync channel to member " + link.memberId + " down: " + reason);
    }

    private void handle(SyncLink link, SyncMessage m) throws SyncDecodeException {
        switch (m) {
            case SyncMessage.Hello h -> throw new SyncDecodeException("a second Hello");
            case SyncMessage.Heartbeat h -> observe(link, h.epoch(), h.role());
            case SyncMessage.SnapshotBegin s -> {
                synchronized (lock) {
                    if (fromActive(link, s.epoch())) link.staging = new LinkedHashMap<>();
                }
            }
            case SyncMessage.SaChanged s -> {
                IkeSaState state = checked(s.state());
                synchronized (lock) {
                    if (!fromActive(link, s.epoch())) return;
                    SaKey key = new SaKey(state.initiatorSpi(), state.responderSpi());
                    if (link.staging != null) {
                        link.staging.put(key, s.state());
                    } else {
                        sas.put(key, s.state());
                        link.send(new SyncMessage.Ack(s.sequence()));
                    }
                }
            }
            case SyncMessage.SaRemoved s -> {
                synchronized (lock) {
                    if (!fromActive(link, s.epoch())) return;
                    SaKey key = new SaKey(s.initiatorSpi(), s.responderSpi());
                    if (link.staging != null) {
                        link.staging.remove(key);
                    } else {
                        sas.remove(key);
                        link.send(new SyncMessage.Ack(s.sequence()));
                    }
                }
            }
            case SyncMessage.SnapshotEnd s -> {
                int held;
                synchronized (lock) {
                    if (!fromActive(link, s.epoch())) return;
                    if (link.staging == null || link.staging.size() != s.count()) {
                        throw new SyncDecodeException("a snapshot of " + s.count() + " IKE SAs that did not bring as many");
                    }
                    sas.clear();
                    sas.putAll(link.staging);
                    link.staging = null;
                    held = sas.size();
                    link.send(new SyncMessage.Ack(s.sequence()));
                }
                LOG.info(() -> settings.memberId() + ": in sync with active " + link.memberId + ": " + held + " IKE SAs");
            }
            case SyncMessage.EspCounters c -> {
                synchronized (lock) {
                    if (!fromActive(link, c.epoch())) return;
                }
                if (counters.isEmpty()) return;
                try {
                    counters.get().importSnapshot(c.snapshot().toByteArray());
                } catch (SnapshotDecodeException e) {
                    // The previous snapshot stays; the IKE state on this link is still good, so the link stays up.
                    LOG.warning(() -> settings.memberId() + ": ESP counters from active " + link.memberId + " refused: " + e.getMessage());
                }
            }
            case SyncMessage.Ack a -> {
                link.acked = Math.max(link.acked, a.sequence());
                boolean nowInSync = false;
                synchronized (lock) {
                    if (link.sync == StandbySync.SYNCING && a.sequence() >= link.snapshotSequence) {
                        link.sync = StandbySync.IN_SYNC;
                        nowInSync = true;
                    }
                }
                if (nowInSync) LOG.info(() -> settings.memberId() + ": standby " + link.memberId + " in sync");
                synchronized (acks) {
                    acks.notifyAll();
                }
            }
        }
    }

    /** Replication is taken only from the member this one follows as active, at the epoch it holds. */
    private boolean fromActive(SyncLink link, long messageEpoch) {
        return role == Role.STANDBY && messageEpoch == epoch && link.memberId.equals(activeId);
    }

    /** A standby keeps only state its engine could import: whatever does not decode ends the link. */
    private static IkeSaState checked(Bytes state) throws SyncDecodeException {
        try {
            return IkeSaStateCodec.decode(state.toByteArray());
        } catch (StateDecodeException e) {
            throw new SyncDecodeException("IKE SA state refused: " + e.getMessage());
        }
    }

    /** What another member says of itself, in its Hello and every heartbeat: the epoch rules (see the class comment). */
    private void observe(SyncLink link, long theirEpoch, Role theirRole) {
        boolean fenced = false;
        long now = System.nanoTime();
        synchronized (lock) {
            link.peerEpoch = theirEpoch;
            link.peerRole = theirRole;
            if (theirEpoch > epoch) {
                epoch = theirEpoch;
                fenced = role == Role.ACTIVE;
                role = Role.STANDBY;
                activeId = theirRole == Role.ACTIVE ? link.memberId : null;
                activeHeardAt = now;
                knewActive = true;
            } else if (theirEpoch == epoch && theirRole == Role.ACTIVE) {
                if (role == Role.ACTIVE && settings.memberId().compareTo(link.memberId) > 0) {
                    fenced = true; // two actives of one epoch: the smaller id stays
                    role = Role.STANDBY;
                }
                if (role == Role.STANDBY) {
                    activeId = link.memberId;
                    activeHeardAt = now;
                    knewActive = true;
                }
            } else if (theirRole == Role.ACTIVE && theirEpoch < epoch) {
                link.send(new SyncMessage.Heartbeat(epoch, role)); // a stale active: tell it now, it stops on reading this
            }
            if (fenced) {
                links.values().forEach(l -> l.sync = StandbySync.NONE);
                LOG.warning(settings.memberId() + ": fenced by member " + link.memberId + " at epoch " + theirEpoch + ": standby now");
            }
            if (role == Role.ACTIVE && theirRole == Role.STANDBY && link.sync == StandbySync.NONE) snapshot(link);
        }
        if (fenced) takeover.deactivate(theirEpoch);
    }

    /** Sends {@code link}'s standby everything this active serves; under the lock, so no change slips between. */
    private void snapshot(SyncLink link) {
        long seq = ++sequence;
        link.send(new SyncMessage.SnapshotBegin(epoch, seq));
        for (Bytes state : sas.values()) link.send(new SyncMessage.SaChanged(epoch, seq, state));
        link.send(new SyncMessage.SnapshotEnd(epoch, seq, sas.size()));
        link.sync = StandbySync.SYNCING;
        link.snapshotSequence = seq;
        int count = sas.size();
        LOG.info(() -> settings.memberId() + ": snapshot of " + count + " IKE SAs to standby " + link.memberId);
    }

    private void tick() {
        if (closed) return;
        try {
            for (Map.Entry<String, InetSocketAddress> p : settings.peers().entrySet()) {
                boolean connected;
                synchronized (lock) {
                    connected = links.containsKey(p.getKey());
                }
                // One connection per pair: the member with the smaller id dials.
                if (!connected && settings.memberId().compareTo(p.getKey()) < 0 && dialing.add(p.getKey())) {
                    threads.execute(() -> dial(p.getKey(), p.getValue()));
                }
            }
            boolean candidate;
            String lastActive;
            synchronized (lock) {
                for (SyncLink l : links.values()) {
                    l.send(new SyncMessage.Heartbeat(epoch, role));
                    if (role == Role.ACTIVE && l.peerRole == Role.STANDBY && l.sync == StandbySync.NONE) snapshot(l);
                }
                long now = System.nanoTime();
                boolean settled = knewActive || links.size() == settings.peers().size()
                        || now - startedAt > settings.deadAfter().toNanos() * STARTUP_PERIODS;
                candidate = role == Role.STANDBY && settled && now - activeHeardAt > settings.deadAfter().toNanos()
                        && links.values().stream().filter(l -> l.peerRole == Role.STANDBY)
                                .allMatch(l -> settings.memberId().compareTo(l.memberId) < 0);
                lastActive = activeId;
            }
            if (!candidate) return;
            if (witness.stillServing(lastActive)) {
                if (!witnessSaidServing) {
                    LOG.warning(() -> settings.memberId() + ": no heartbeat from active " + lastActive
                            + " but it still serves by the second path: not taking over");
                }
                witnessSaidServing = true;
                return;
            }
            witnessSaidServing = false;
            takeOver(lastActive);
        } catch (RuntimeException e) {
            LOG.warning(() -> settings.memberId() + ": cluster tick failed: " + e);
        }
    }

    private void takeOver(String lastActive) {
        List<IkeSaState> states = new ArrayList<>();
        long newEpoch;
        synchronized (lock) {
            if (closed || role == Role.ACTIVE || System.nanoTime() - activeHeardAt <= settings.deadAfter().toNanos()) return;
            epoch++;
            newEpoch = epoch;
            role = Role.ACTIVE;
            activeId = settings.memberId();
            knewActive = true;
            for (Bytes s : sas.values()) {
                try {
                    states.add(IkeSaStateCodec.decode(s.toByteArray()));
                } catch (StateDecodeException e) {
                    throw new IllegalStateException("state checked on receipt no longer decodes", e);
                }
            }
            for (SyncLink l : links.values()) {
                l.sync = StandbySync.NONE;
                l.send(new SyncMessage.Heartbeat(epoch, role)); // fences whoever still thinks itself active
            }
        }
        LOG.warning(() -> settings.memberId() + ": taking over as active at epoch " + newEpoch + " with " + states.size()
                + " IKE SAs (no heartbeat from " + (lastActive == null ? "any active" : "active " + lastActive) + " for "
                + settings.deadAfter().toMillis() + " ms)");
        try {
            takeover.activate(states, newEpoch);
        } catch (RuntimeException e) {
            // It cannot serve (its address is still held, say): leave the role to the next in line.
            synchronized (lock) {
                if (role == Role.ACTIVE && epoch == newEpoch) {
                    role = Role.STANDBY;
                    activeId = null;
                    activeHeardAt = System.nanoTime();
                }
            }
            LOG.severe(() -> settings.memberId() + ": could not become active at epoch " + newEpoch + ": " + e + "; standby again");
            takeover.deactivate(newEpoch);
            return;
        }
        synchronized (lock) {
            if (role != Role.ACTIVE || epoch != newEpoch) return;
            for (SyncLink l : links.values()) {
                if (l.peerRole == Role.STANDBY && l.sync == StandbySync.NONE) snapshot(l);
            }
        }
    }

    /** The engine's listener on this member: see the class comment. */
    private final class Replicator implements SaStateListener {

        @Override
        public void changed(IkeSaState state) {
            Bytes bytes = Bytes.wrap(IkeSaStateCodec.encode(state));
            List<SyncLink> waitFor = new ArrayList<>();
            long seq;
            long ours;
            synchronized (lock) {
                if (role != Role.ACTIVE) throw new SendsFenced("member " + settings.memberId() + " is not active at epoch " + epoch);
                ours = epoch;
                sas.put(new SaKey(state.initiatorSpi(), state.responderSpi()), bytes);
                seq = ++sequence;
                for (SyncLink l : links.values()) {
                    if (l.sync == StandbySync.NONE) continue;
                    l.send(new SyncMessage.SaChanged(epoch, seq, bytes));
                    if (l.sync == StandbySync.IN_SYNC) waitFor.add(l);
                }
            }
            awaitAcks(waitFor, seq);
            synchronized (lock) {
                // Fenced while waiting for the standbys: the exchange must not leave now.
                if (role != Role.ACTIVE || epoch != ours) throw new SendsFenced("member " + settings.memberId() + " was fenced at epoch " + epoch);
            }
        }

        @Override
        public void removed(String connection, long initiatorSpi, long responderSpi) {
            List<SyncLink> waitFor = new ArrayList<>();
            long seq;
            synchronized (lock) {
                if (role != Role.ACTIVE) return;
                sas.remove(new SaKey(initiatorSpi, responderSpi));
                seq = ++sequence;
                for (SyncLink l : links.values()) {
                    if (l.sync == StandbySync.NONE) continue;
                    l.send(new SyncMessage.SaRemoved(epoch, seq, connection, initiatorSpi, responderSpi));
                    if (l.sync == StandbySync.IN_SYNC) waitFor.add(l);
                }
            }
            awaitAcks(waitFor, seq);
        }
    }

    /** Waits until each standby acknowledged {@code seq}, failed, or the ack timeout passed; latecomers are out of sync. */
    private void awaitAcks(List<SyncLink> standbys, long seq) {
        if (standbys.isEmpty()) return;
        long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
        List<SyncLink> missing;
        synchronized (acks) {
            while (true) {
                missing = standbys.stream().filter(l -> !l.closed() && l.acked < seq).toList();
                long left = deadline - System.nanoTime();
                if (missing.isEmpty() || left <= 0) break;
                try {
                    TimeUnit.NANOSECONDS.timedWait(acks, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (SyncLink l : missing) {
            synchronized (lock) {
                if (l.sync == StandbySync.IN_SYNC) l.sync = StandbySync.NONE; // a fresh snapshot at the next tick
            }
            LOG.warning(() -> settings.memberId() + ": standby " + l.memberId + " out of sync: no acknowledgement of #" + seq
                    + " within " + settings.ackTimeout().toMillis() + " ms; the exchange went ahead without it");
        }
    }
}
