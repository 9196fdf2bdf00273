package net.vpnaas.agent.wiring;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The addresses of peers named by DNS, looked up off the apply path: a tunnel that starts watching
 * a name gets at once only what is known already (never a lookup on the caller's thread); the name
 * is resolved in the background right away and every {@code refresh} after, and the tunnel hears
 * when the address it should use changes, or when the name gives none it can use. An address the
 * name still resolves to is kept, so round-robin DNS does not move a tunnel back and forth.
 */
final class PeerAddresses implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PeerAddresses.class.getName());

    /** A DNS lookup of every address of a name. */
    interface Resolver {
        List<InetAddress> resolve(String name) throws UnknownHostException;
    }

    /** What a watching tunnel hears, on the resolver's thread. */
    interface Watcher {
        /** The address to use: the first one, or a new one. */
        void resolved(InetAddress address);

        /** The name gives no address the tunnel can use (told once, until it does again). */
        void unresolvable(String reason);
    }

    /** {@code usable}: which addresses the tunnel can reach (a family the gateway has an address of). */
    private record Watch(String name, Predicate<InetAddress> usable, Watcher watcher) {}

    private final Resolver resolver;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("peer-dns").factory());
    /** Guarded by this: the watches by tunnel, what each was told last (an address, or a reason), and what each name gave last. */
    private final Map<String, Watch> watches = new HashMap<>();
    private final Map<String, Object> told = new HashMap<>();
    private final Map<String, List<InetAddress>> lastResolved = new HashMap<>();

    PeerAddresses(Resolver resolver, Duration refresh) {
        this.resolver = resolver;
        thread.scheduleWithFixedDelay(this::refreshAll, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** With the system's resolver. */
    static PeerAddresses ofSystem(Duration refresh) {
        return new PeerAddresses(name -> List.of(InetAddress.getAllByName(name)), refresh);
    }

    /**
     * Starts (or restarts, replacing the tunnel's earlier watch) watching {@code name} for {@code tunnel}.
     * Returns the address to use if the name was resolved before; {@code watcher} then hears only of
     * changes. Otherwise it hears of the first address once the background lookup has it.
     */
    synchronized Optional<InetAddress> watch(String tunnel, String name, Predicate<InetAddress> usable, Watcher watcher) {
        watches.put(tunnel, new Watch(name, usable, watcher));
        told.remove(tunnel);
        Optional<InetAddress> known = Optional.ofNullable(lastResolved.get(name))
                .flatMap(addresses -> addresses.stream().filter(usable).findFirst());
        known.ifPresent(a -> told.put(tunnel, a));
        thread.execute(() -> refresh(Set.of(name)));
        return known;
    }

    synchronized void unwatch(String tunnel) {
        watches.remove(tunnel);
        told.remove(tunnel);
    }

    private void refreshAll() {
        Set<String> names = new HashSet<>();
        synchronized (this) {
            watches.values().forEach(w -> names.add(w.name()));
        }
        refresh(names);
    }

    /**
     * Looks each name up and tells the tunnels watching it what changed, both outside the lock:
     * lookups may take seconds, and a watcher calls into the gateway, which calls {@link #watch}.
     */
    private void refresh(Set<String> names) {
        for (String name : names) {
            List<InetAddress> addresses;
            String failure = null;
            try {
                addresses = resolver.resolve(name);
            } catch (UnknownHostException e) {
                addresses = List.of();
                failure = "the peer's name '" + name + "' does not resolve";
            }
            List<Runnable> news = new ArrayList<>();
            synchronized (this) {
                if (failure == null) lastResolved.put(name, addresses);
                for (Map.Entry<String, Watch> e : watches.entrySet()) {
                    if (e.getValue().name().equals(name)) news(e.getKey(), e.getValue(), addresses, failure).ifPresent(news::add);
                }
            }
            news.forEach(Runnable::run);
        }
    }

    /** What to tell a watching tunnel, if anything changed for it; recorded as told. */
    private Optional<Runnable> news(String tunnel, Watch w, List<InetAddress> addresses, String failure) {
        Object before = told.get(tunnel);
        List<InetAddress> usable = addresses.stream().filter(w.usable()).toList();
        if (usable.isEmpty()) {
            String reason = failure != null ? failure : "the peer's name '" + w.name() + "' resolves to " + addresses.stream()
                    .map(InetAddress::getHostAddress).toList() + ", none of an address family the gateway has";
            if (reason.equals(before)) return Optional.empty();
            told.put(tunnel, reason);
            LOG.warning(() -> "tunnel " + tunnel + ": " + reason);
            return Optional.of(() -> w.watcher().unresolvable(reason));
        }
        if (before instanceof InetAddress current && usable.contains(current)) return Optional.empty();
        InetAddress next = usable.getFirst();
        told.put(tunnel, next);
        LOG.info(() -> "tunnel " + tunnel + ": peer " + w.name() + " is at " + next.getHostAddress()
                + (before instanceof InetAddress previous ? " (was " + previous.getHostAddress() + ")" : ""));
        return Optional.of(() -> w.watcher().resolved(next));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
