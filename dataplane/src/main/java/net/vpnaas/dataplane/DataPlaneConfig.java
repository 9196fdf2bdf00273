package net.vpnaas.dataplane;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * How a data path is set up.
 *
 * @param tunName         TUN device to attach to (created if absent; configure addresses and routes
 *                        with {@code ip}); at most 15 characters
 * @param queues          TUN queues, each with its own outbound worker thread (normally the core count)
 * @param udpListen       UDP sockets for ESP-in-UDP and IKE (normally {@code <address>:4500})
 * @param rawListen       local addresses on which to receive raw ESP (IP protocol 50)
 * @param pathMtu         outer path MTU assumed for every SA until an ICMP report lowers it
 * @param bypassUnmatched send packets that match no policy in the clear instead of dropping them
 * @param tunOffloads     let the kernel hand over TCP super-packets and partial checksums (TSO),
 *                        which we segment ourselves: far fewer TUN reads and less kernel work
 */
public record DataPlaneConfig(String tunName, int queues, List<InetSocketAddress> udpListen,
                              List<InetAddress> rawListen, int pathMtu, boolean bypassUnmatched, boolean tunOffloads) {
    public DataPlaneConfig {
        udpListen = List.copyOf(udpListen);
        rawListen = List.copyOf(rawListen);
        if (queues < 1 || queues > 64) throw new IllegalArgumentException("queues 1..64");
        if (pathMtu < 576 || pathMtu > 9000) throw new IllegalArgumentException("path MTU 576..9000");
    }
}
