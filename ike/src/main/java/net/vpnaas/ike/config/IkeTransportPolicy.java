package net.vpnaas.ike.config;

/**
 * How a connection's IKE SAs reach the peer (RFC 9329): over UDP, over TCP, or over UDP first and
 * over TCP when UDP gets no answer. A TCP IKE SA keeps its stream for its life and its rekeys; the
 * next new IKE SA of a fallback connection tries UDP again, since the path that dropped UDP may
 * be another by then.
 *
 * @param tcpPort the peer's TCP port (RFC 9329 suggests 4500; 443 passes stricter firewalls)
 */
public record IkeTransportPolicy(Mode mode, int tcpPort) {
    public enum Mode { UDP, TCP, UDP_WITH_TCP_FALLBACK }

    public static final int DEFAULT_TCP_PORT = 4500;
    public static final IkeTransportPolicy UDP = new IkeTransportPolicy(Mode.UDP, DEFAULT_TCP_PORT);

    public IkeTransportPolicy {
        if (mode == null) throw new IllegalArgumentException("no transport mode");
        if (tcpPort < 1 || tcpPort > 65535) throw new IllegalArgumentException("TCP port " + tcpPort + ": 1..65535");
    }

    /** Whether a new IKE SA starts over TCP. */
    public boolean startsOverTcp() {
        return mode == Mode.TCP;
    }

    public boolean fallsBackToTcp() {
        return mode == Mode.UDP_WITH_TCP_FALLBACK;
    }
}
