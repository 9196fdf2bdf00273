package net.vpnaas.ike.interop;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;

/**
 * A ready site-to-site tunnel between two strongSwans in a {@link NamespacePair} (PSK, connection
 * {@code site}, child {@code net}): the reference setup benchmarks measure before measuring ours.
 * Closing it stops both charons, then deletes the namespaces.
 */
public final class StrongSwanTunnel implements AutoCloseable {

    public static final String IKE = "site";
    public static final String CHILD = "net";

    private final NamespacePair net;
    private final StrongSwanPeer left;
    private final StrongSwanPeer right;

    private StrongSwanTunnel(NamespacePair net, StrongSwanPeer left, StrongSwanPeer right) {
        this.net = net;
        this.left = left;
        this.right = right;
    }

    /** Left initiates; {@code espProposals} e.g. {@code aes256gcm16}; {@code logLevel} 0 for benchmarks. */
    public static StrongSwanTunnel establish(IpFamily outer, IpFamily inner, String espProposals, int logLevel) {
        NamespacePair net = NamespacePair.create(outer, inner);
        StrongSwanPeer left = null;
        StrongSwanPeer right = null;
        try {
            left = StrongSwanPeer.start(net.left().ns(), logLevel);
            right = StrongSwanPeer.start(net.right().ns(), logLevel);
            byte[] psk = new byte[32];
            new SecureRandom().nextBytes(psk);
            Auth l = new Auth.Psk("left.vpn.example");
            Auth r = new Auth.Psk("right.vpn.example");
            left.load(SwanctlConf.of(withEsp(Connection.siteToSite(IKE, net.left(), net.right(), l, r), espProposals),
                    new PskSecret(l.id(), r.id(), psk)));
            right.load(SwanctlConf.of(withEsp(Connection.siteToSite(IKE, net.right(), net.left(), r, l), espProposals),
                    new PskSecret(r.id(), l.id(), psk)));
            StrongSwanTunnel t = new StrongSwanTunnel(net, left, right);
            StrongSwanPeer lf = left;
            StrongSwanPeer rt = right;
            StrongSwanPeer.withLogsOnFailure(() -> {
                lf.initiate(CHILD);
                rt.awaitInstalled(CHILD, Duration.ofSeconds(10));
            }, left, right);
            return t;
        } catch (RuntimeException | Error e) {
            if (right != null) right.close();
            if (left != null) left.close();
            net.close();
            throw e;
        }
    }

    private static Connection withEsp(Connection c, String esp) {
        return c.withChildren(c.children().stream().map(ch -> ch.withEspProposals(esp)).toList());
    }

    public NamespacePair net() {
        return net;
    }

    public StrongSwanPeer initiator() {
        return left;
    }

    public StrongSwanPeer responder() {
        return right;
    }

    public List<StrongSwanPeer> peers() {
        return List.of(left, right);
    }

    @Override
    public void close() {
        try {
            right.close();
            left.close();
        } finally {
            net.close();
        }
    }
}
