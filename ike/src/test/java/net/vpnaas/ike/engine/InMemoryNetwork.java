package net.vpnaas.ike.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.transport.Carrier;
import net.vpnaas.ike.transport.Datagram;
import net.vpnaas.ike.transport.Transport;

/**
 * A test network between engines in one JVM. Datagrams go to the engine owning the destination IP,
 * in order, on one delivery thread. Rules can drop, duplicate or hold specific messages; every
 * datagram sent is recorded (with its header) for assertions.
 */
final class InMemoryNetwork implements AutoCloseable {

    enum Action { DROP, DUPLICATE, HOLD }

    record Sent(Datagram datagram, IkeHeader header) {}

    /** A NAT keepalive as sent, from and to (they keep a NAT's mapping; no engine receives them). */
    record Keepalive(InetSocketAddress from, InetSocketAddress to) {}

    private record Rule(Predicate<IkeMessage> match, Action action, int[] remaining) {}

    private final Map<InetAddress, Consumer<Datagram>> hosts = new ConcurrentHashMap<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<Keepalive> keepalives = new CopyOnWriteArrayList<>();
    private final List<Datagram> held = new CopyOnWriteArrayList<>();
    private final Map<InetAddress, Integer> natPortOffset = new ConcurrentHashMap<>();
    private final Set<InetAddress> cutOff = ConcurrentHashMap.newKeySet();
    private volatile boolean udpDropped;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor();

    Transport transport(InetAddress address) {
        return new Transport() {
            @Override
            public void start(Consumer<Datagram> receiver) {
                hosts.put(address, receiver);
            }

            @Override
            public void send(Datagram d) {
                InMemoryNetwork.this.send(d);
            }

            @Override
            public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
                keepalives.add(new Keepalive(local, remote));
            }

            @Override
            public void close() {
                hosts.remove(address);
            }
        };
    }

    /** Applies {@code action} to the next {@code times} messages whose header matches. */
    void rule(Predicate<IkeHeader> match, Action action, int times) {
        messageRule(m -> match.test(m.header()), action, times);
    }

    /** Like {@link #rule} for a test that looks past the header, e.g. at the fragment number of an SKF message. */
    void messageRule(Predicate<IkeMessage> match, Action action, int times) {
        rules.add(new Rule(match, action, new int[] {times}));
    }

    /** Puts {@code host} behind a NAT that maps each of its source ports p to p + offset. */
    void nat(InetAddress host, int offset) {
        natPortOffset.put(host, offset);
    }

    /** Every datagram from or to {@code host} is lost (still recorded as sent) until {@link #reconnect}: a dead peer. */
    void cut(InetAddress host) {
        cutOff.add(host);
    }

    void reconnect(InetAddress host) {
        cutOff.remove(host);
    }

    /** A path that drops every UDP datagram (still recorded as sent) but carries TCP, or one that carries both again. */
    void dropUdp(boolean drop) {
        udpDropped = drop;
    }

    List<Keepalive> keepalives() {
        return List.copyOf(keepalives);
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    /**
     * Delivers held messages in the order they were sent. Synchronized with {@link #send}: otherwise
     * an engine answering the first released message could have its answer queued before the
     * second one is, and the two messages the test meant to cross would not.
     */
    synchronized void releaseHeld() {
        List<Datagram> h = List.copyOf(held);
        held.clear();
        for (Datagram d : h) deliver(d);
    }

    int heldCount() {
        return held.size();
    }

    private synchronized void send(Datagram d) {
        IkeMessage m;
        try {
            m = IkeMessage.decode(d.data().clone());
        } catch (Exception e) {
            throw new AssertionError("engine sent an undecodable message", e);
        }
        sent.add(new Sent(d, m.header()));
        if (cutOff.contains(d.local().getAddress()) || cutOff.contains(d.remote().getAddress())) return;
        if (udpDropped && d.carrier() == Carrier.UDP) return;
        for (Rule r : rules) {
            if (r.remaining()[0] > 0 && r.match().test(m)) {
                r.remaining()[0]--;
                switch (r.action()) {
                    case DROP -> { return; }
                    case DUPLICATE -> deliver(d);
                    case HOLD -> {
                        held.add(d);
                        return;
                    }
                }
                break;
            }
        }
        deliver(d);
    }

    private void deliver(Datagram d) {
        // The receiver sees the datagram from its own side: local = destination, remote = source.
        int offset = natPortOffset.getOrDefault(d.local().getAddress(), 0);
        var source = new InetSocketAddress(d.local().getAddress(), d.local().getPort() + offset);
        // Towards a host behind the NAT, the NAT translates the destination port back.
        int back = natPortOffset.getOrDefault(d.remote().getAddress(), 0);
        var destination = new InetSocketAddress(d.remote().getAddress(), d.remote().getPort() - back);
        Datagram arriving = new Datagram(destination, source, d.data().clone(), d.carrier());
        delivery.execute(() -> {
            Consumer<Datagram> host = hosts.get(d.remote().getAddress());
            if (host != null) host.accept(arriving);
        });
    }

    @Override
    public void close() {
        delivery.shutdownNow();
    }
}
