package net.vpnaas.ike.engine;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;
import net.vpnaas.ike.config.ConnectionConfig;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.NoncePayload;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.PayloadRules;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.SaEventListener;
import net.vpnaas.ike.sasink.SaSink;
import net.vpnaas.ike.sasink.TrafficPolicy;
import net.vpnaas.ike.task.ChildRekeyTask;
import net.vpnaas.ike.task.DeleteIkeTask;
import net.vpnaas.ike.task.DpdTask;
import net.vpnaas.ike.task.IkeRekeyTask;
import net.vpnaas.ike.transport.Datagram;
import net.vpnaas.ike.transport.Transport;

/**
 * The IKEv2 engine: routes datagrams to IKE SAs by SPI, creates responder IKE SAs (behind a COOKIE
 * when too many are half-open), allocates SPIs, and hands Child SAs to the {@link SaSink}.
 */
public final class IkeEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IkeEngine.class.getName());

    private record HalfOpenKey(long initiatorSpi, InetSocketAddress peer) {}

    private final Transport transport;
    private final SaSink sink;
    private final RandomSource random;
    private final EngineOptions options;
    private final Map<String, ConnectionConfig> connections = new ConcurrentHashMap<>();
    private final Map<Long, IkeSession> sessionsByLocalSpi = new ConcurrentHashMap<>();
    private final Map<HalfOpenKey, IkeSession> halfOpen = new ConcurrentHashMap<>();
    private final Set<Long> childSpis = ConcurrentHashMap.newKeySet();
    private final Map<Integer, TrafficPolicy> installedPolicies = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ike-timers");
        t.setDaemon(true);
        return t;
    });
    private final byte[] cookieSecret;
    private final AtomicLong dropped = new AtomicLong();
    /** Make-before-break: a new IKE SA of a changed connection, and the old ones it replaces once up. */
    private final Map<IkeSession, List<IkeSession>> replacing = new ConcurrentHashMap<>();
    private volatile Consumer<EngineEvent> events = e -> {};

    public IkeEngine(Transport transport, SaSink sink, RandomSource random, EngineOptions options) {
        this.transport = transport;
        this.sink = sink;
        this.random = random;
        this.options = options;
        this.cookieSecret = random.bytes(32);
        sink.setListener(new SaEventListener() {
            @Override
            public void expired(long inboundSpi, Limit limit) {
                onExpired(inboundSpi, limit);
            }

            @Override
            public void acquire(int reqid) {
                connections.values().stream().filter(c -> c.reqid() == reqid).findFirst().ifPresent(c -> {
                    if (sessionsFor(c.name()).isEmpty()) initiate(c.name());
                });
            }
        });
    }

    public void addConnection(ConnectionConfig config) {
        connections.put(config.name(), config);
    }

    /**
     * Changes a connection make-before-break: when it has established IKE SAs, a new IKE SA with the
     * new settings is set up, and the old ones are deleted only once it is up (their Child SAs carry
     * the traffic until then). If the new one fails, the old ones keep running. Give the new config
     * the old one's reqid, so its Child SAs take over the same data-path policy.
     */
    public void replaceConnection(ConnectionConfig config) {
        connections.put(config.name(), config);
        List<IkeSession> old = sessionsFor(config.name());
        if (old.isEmpty()) return;
        IkeSession next = newInitiatorSession(config);
        replacing.put(next, old);
        next.submit(next::startInitiator);
    }

    /** Forgets a connection and deletes its IKE SAs with an INFORMATIONAL Delete to the peer. */
    public void removeConnection(String name) {
        connections.remove(name);
        deleteIke(name);
    }

    /** Receives every {@link EngineEvent}; set before {@link #start}. */
    public void onEvent(Consumer<EngineEvent> listener) {
        this.events = listener;
    }

    /** Starts receiving. */
    public void start() {
        transport.start(this::receive);
    }

    /** Sets up the named connection as initiator: IKE_SA_INIT, IKE_AUTH with its Child SA. */
    public void initiate(String name) {
        IkeSession s = newInitiatorSession(config(name));
        s.submit(s::startInitiator);
    }

    private IkeSession newInitiatorSession(ConnectionConfig c) {
        IkeSa sa = new IkeSa(true, newIkeSpi(), 0, c.local(), c.remote());
        IkeSession s = new IkeSession(this, c, sa);
        sessionsByLocalSpi.put(sa.localSpi(), s);
        return s;
    }

    public void rekeyChildren(String name) {
        for (IkeSession s : sessionsFor(name)) {
            s.submit(() -> List.copyOf(s.sa().children()).forEach(s::rekeyChild));
        }
    }

    public void rekeyIke(String name) {
        for (IkeSession s : sessionsFor(name)) s.submit(() -> s.queueAndInitiate(new IkeRekeyTask(s, true)));
    }

    public void deleteIke(String name) {
        for (IkeSession s : sessionsFor(name)) s.submit(() -> s.queueAndInitiate(new DeleteIkeTask(s)));
    }

    public void checkLiveness(String name) {
        for (IkeSession s : sessionsFor(name)) s.submit(() -> s.queueAndInitiate(new DpdTask()));
    }

    /** Snapshot of the IKE SAs of a connection, for status output and tests (read on the caller's thread). */
    public List<IkeSa> ikeSas(String name) {
        return sessionsFor(name).stream().map(IkeSession::sa).toList();
    }

    /**
     * The IKE SAs of a connection with their Child SAs, each read on its own IKE SA's thread (so what
     * one view says is consistent). An IKE SA that does not answer within {@code timeout} (busy with a
     * long exchange step) is left out rather than read half-updated.
     */
    public List<IkeSaView> saViews(String name, Duration timeout) {
        List<CompletableFuture<IkeSaView>> views = new ArrayList<>();
        for (IkeSession s : sessionsFor(name)) {
            CompletableFuture<IkeSaView> v = new CompletableFuture<>();
            try {
                s.submit(() -> v.complete(s.view()));
            } catch (RejectedExecutionException closed) {
                return List.of();
            }
            views.add(v);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<IkeSaView> out = new ArrayList<>();
        for (CompletableFuture<IkeSaView> v : views) {
            try {
                IkeSaView view = v.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (view.state() != IkeSa.State.DEAD) out.add(view);
            } catch (TimeoutException | ExecutionException e) {
                // left out, as documented
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    /** Datagrams dropped as malformed, unauthenticated or unexpected. */
    public long droppedCount() {
        return dropped.get();
    }

    private List<IkeSession> sessionsFor(String name) {
        List<IkeSession> out = new ArrayList<>();
        for (IkeSession s : sessionsByLocalSpi.values()) {
            if (s.config().name().equals(name) && s.sa().state() != IkeSa.State.DEAD) out.add(s);
        }
        return out;
    }

    private ConnectionConfig config(String name) {
        ConnectionConfig c = connections.get(name);
        if (c == null) throw new IllegalArgumentException("no connection " + name);
        return c;
    }

    /** Entry point of every received datagram (transport threads). Malformed input is counted and dropped. */
    public void receive(Datagram d) {
        IkeMessage m;
        try {
            m = IkeMessage.decode(d.data().clone());
            PayloadRules.checkOuter(m);
        } catch (IkeDecodeException e) {
            dropped("undecodable: " + e.getMessage(), d);
            return;
        } catch (RuntimeException e) {
            dropped("decoder failure: " + e, d);
            return;
        }
        IkeHeader h = m.header();
        if (h.exchangeType() == ExchangeType.IKE_SA_INIT && !h.response() && h.responderSpi() == 0) {
            initRequest(m, d);
            return;
        }
        long ours = h.initiator() ? h.responderSpi() : h.initiatorSpi();
        IkeSession s = sessionsByLocalSpi.get(ours);
        if (s == null) {
            dropped("no IKE SA with SPI " + Long.toHexString(ours), d);
            return;
        }
        s.deliver(m, d);
    }

    private void initRequest(IkeMessage m, Datagram d) {
        HalfOpenKey key = new HalfOpenKey(m.header().initiatorSpi(), d.remote());
        IkeSession existing = halfOpen.get(key);
        if (existing != null) {
            existing.deliver(m, d); // a retransmission: the session answers from its response cache
            return;
        }
        Optional<ConnectionConfig> c = connections.values().stream()
                .filter(x -> x.remote().getAddress().isAnyLocalAddress() || x.remote().getAddress().equals(d.remote().getAddress()))
                .findFirst();
        if (c.isEmpty()) {
            dropped("no connection for " + d.remote(), d);
            return;
        }
        if (halfOpen.size() >= options.cookieThreshold() && !validCookie(m, d)) {
            byte[] reply = IkeMessage.of(IkeHeader.of(m.header().initiatorSpi(), 0, ExchangeType.IKE_SA_INIT, false, true, 0),
                    List.of(NotifyPayload.of(NotifyType.COOKIE, Bytes.wrap(cookie(m, d))))).encode();
            LOG.info(() -> "IKE_SA_INIT response #0 --> " + d.remote() + " [N(COOKIE)] (" + halfOpen.size() + " half-open)");
            transmit(new Datagram(d.local(), d.remote(), reply));
            return;
        }
        IkeSa sa = new IkeSa(false, m.header().initiatorSpi(), newIkeSpi(), d.local(), d.remote());
        IkeSession s = new IkeSession(this, c.get(), sa);
        IkeSession raced = halfOpen.putIfAbsent(key, s);
        if (raced != null) {
            raced.deliver(m, d);
            return;
        }
        sessionsByLocalSpi.put(sa.localSpi(), s);
        s.deliver(m, d);
        schedule(options.halfOpenTimeout(), () -> s.submit(() -> {
            if (s.sa().state() != IkeSa.State.ESTABLISHED && s.sa().state() != IkeSa.State.DEAD) {
                s.ikeSaDeleted("not authenticated within " + options.halfOpenTimeout().toSeconds() + " s");
            }
        }));
    }

    /** COOKIE = SHA-256(secret | Ni | IPi | SPIi) (RFC 7296 2.6), stateless to verify. */
    private byte[] cookie(IkeMessage m, Datagram d) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(cookieSecret);
            m.first(NoncePayload.class).ifPresent(n -> md.update(n.data().toByteArray()));
            md.update(d.remote().getAddress().getAddress());
            md.update(ByteBuffer.allocate(8).putLong(m.header().initiatorSpi()).array());
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean validCookie(IkeMessage m, Datagram d) {
        return !m.payloads().isEmpty() && m.payloads().getFirst() instanceof NotifyPayload n
                && n.notifyType() == NotifyType.COOKIE && MessageDigest.isEqual(n.data().toByteArray(), cookie(m, d));
    }

    private void onExpired(long inboundSpi, SaEventListener.Limit limit) {
        for (IkeSession s : sessionsByLocalSpi.values()) {
            s.submit(() -> s.sa().childByInboundSpi(inboundSpi).ifPresent(child -> {
                if (limit == SaEventListener.Limit.HARD) s.removeChild(child);
                else s.queueAndInitiate(new ChildRekeyTask(s, child));
            }));
        }
    }

    // ---- services for sessions

    ExecutorService threads() {
        return threads;
    }

    RandomSource random() {
        return random;
    }

    EngineOptions options() {
        return options;
    }

    SaSink sink() {
        return sink;
    }

    void transmit(Datagram d) {
        transport.send(d);
    }

    void schedule(Duration delay, Runnable job) {
        if (!timers.isShutdown()) timers.schedule(job, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    void dropped(String why, Datagram d) {
        dropped.incrementAndGet();
        LOG.fine(() -> "dropped datagram from " + d.remote() + ": " + why);
    }

    long newIkeSpi() {
        while (true) {
            long spi = ByteBuffer.wrap(random.bytes(8)).getLong();
            if (spi != 0 && !sessionsByLocalSpi.containsKey(spi)) return spi;
        }
    }

    long newChildSpi() {
        while (true) {
            long spi = Integer.toUnsignedLong(ByteBuffer.wrap(random.bytes(4)).getInt());
            if (spi >= 256 && childSpis.add(spi)) return spi; // SPIs 1-255 are reserved (RFC 4303)
        }
    }

    Duration jittered(Duration base, double jitter) {
        if (base.isZero() || jitter == 0) return base;
        double share = (ByteBuffer.wrap(random.bytes(4)).getInt() & 0x7fffffff) / (double) Integer.MAX_VALUE;
        return Duration.ofNanos((long) (base.toNanos() * (1 - jitter * share)));
    }

    /**
     * The first Child SA of a reqid brings its policy; rekeyed successors share it. A successor with
     * other selectors (a changed connection) moves the policy to them.
     */
    void ensurePolicy(ChildSa child) {
        TrafficPolicy p = new TrafficPolicy(child.reqid(), child.localSelectors(), child.remoteSelectors());
        TrafficPolicy before = installedPolicies.put(child.reqid(), p);
        if (p.equals(before)) return;
        if (before != null) sink.removePolicy(before);
        sink.installPolicy(p);
    }

    void established(IkeSession s) {
        halfOpen.values().remove(s);
        List<IkeSession> replaced = replacing.remove(s);
        if (replaced != null) {
            for (IkeSession old : replaced) old.submit(() -> old.queueAndInitiate(new DeleteIkeTask(old)));
        }
    }

    /** Hands an event to the listener; a failing listener must not break the IKE SA that reported. */
    void emit(EngineEvent e) {
        try {
            events.accept(e);
        } catch (RuntimeException ex) {
            LOG.warning(() -> "event listener failed on " + e + ": " + ex);
        }
    }

    IkeSession adopt(ConnectionConfig c, IkeSa sa) {
        IkeSession s = new IkeSession(this, c, sa);
        sessionsByLocalSpi.put(sa.localSpi(), s);
        return s;
    }

    void forget(IkeSession s) {
        sessionsByLocalSpi.remove(s.sa().localSpi(), s);
        halfOpen.values().remove(s);
        replacing.remove(s);
        String name = s.config().name();
        boolean anyLeft = sessionsByLocalSpi.values().stream()
                .anyMatch(o -> o.config().name().equals(name) && o.sa().state() != IkeSa.State.DEAD);
        TrafficPolicy p = anyLeft ? null : installedPolicies.remove(s.config().reqid());
        if (p != null) sink.removePolicy(p);
    }

    /**
     * Whether another established IKE SA joins the same two identities, whatever its connection:
     * INITIAL_CONTACT claims there is none (RFC 7296 2.4), and a peer that believes it drops them all,
     * including those of our other tunnels to it.
     */
    boolean hasOtherSession(IkeSession s) {
        return sessionsByLocalSpi.values().stream().anyMatch(o -> o != s && sameIdentities(o, s)
                && o.sa().state() == IkeSa.State.ESTABLISHED);
    }

    /** Whether an established IKE SA of the same connection remains besides {@code s} (make-before-break). */
    boolean connectionStillUp(IkeSession s) {
        return sessionsByLocalSpi.values().stream().anyMatch(o -> o != s && o.config().name().equals(s.config().name())
                && o.sa().state() == IkeSa.State.ESTABLISHED);
    }

    /** INITIAL_CONTACT: every other IKE SA between the same identities is stale; drop it without messages. */
    void initialContact(IkeSession s) {
        for (IkeSession o : sessionsByLocalSpi.values()) {
            if (o != s && sameIdentities(o, s)) {
                o.submit(() -> o.ikeSaDeleted("INITIAL_CONTACT from the peer"));
            }
        }
    }

    private static boolean sameIdentities(IkeSession a, IkeSession b) {
        return a.config().localId().equals(b.config().localId()) && a.config().remoteId().equals(b.config().remoteId());
    }

    @Override
    public void close() {
        timers.shutdownNow();
        threads.shutdown();
        transport.close();
    }
}
