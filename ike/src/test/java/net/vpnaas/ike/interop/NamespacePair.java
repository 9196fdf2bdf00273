package net.vpnaas.ike.interop;

/**
 * Two namespaces joined by a veth pair: the standard stage for a site-to-site tunnel.
 *
 * <pre>
 *  left ns                                      right ns
 *  lo: 10.1.0.1 / fd00:1::1   (inner)           lo: 10.2.0.1 / fd00:2::1
 *  ioXXXXl: 192.0.2.1 / 2001:db8:0:1::1 ---- ioXXXXr: 192.0.2.2 / 2001:db8:0:1::2   (outer)
 * </pre>
 *
 * Outer addresses come from TEST-NET-1 / the documentation prefix; inner subnets are distinct from
 * them because kernel-libipsec refuses a Child SA whose remote selector is the IKE peer itself.
 */
public final class NamespacePair implements AutoCloseable {

    private final Site left;
    private final Site right;
    private final Veth veth;

    private NamespacePair(Site left, Site right, Veth veth) {
        this.left = left;
        this.right = right;
        this.veth = veth;
    }

    public static NamespacePair create(IpFamily outer, IpFamily inner) {
        return create(outer, inner, "io");
    }

    /** As {@link #create(IpFamily, IpFamily)}, with namespace and veth names starting with {@code namePrefix}. */
    public static NamespacePair create(IpFamily outer, IpFamily inner, String namePrefix) {
        NetNs l = NetNs.create(namePrefix);
        NetNs r = null;
        try {
            r = NetNs.create(namePrefix);
            Veth veth = Veth.connect(l, r, namePrefix);
            String lo = outer == IpFamily.V4 ? "192.0.2.1" : "2001:db8:0:1::1";
            String ro = outer == IpFamily.V4 ? "192.0.2.2" : "2001:db8:0:1::2";
            String prefix = outer == IpFamily.V4 ? "/24" : "/64";
            l.addAddress(veth.leftDevice(), lo + prefix);
            r.addAddress(veth.rightDevice(), ro + prefix);
            Site left = inner == IpFamily.V4
                    ? new Site(l, lo, "10.1.0.0/24", "10.1.0.1")
                    : new Site(l, lo, "fd00:1::/64", "fd00:1::1");
            Site right = inner == IpFamily.V4
                    ? new Site(r, ro, "10.2.0.0/24", "10.2.0.1")
                    : new Site(r, ro, "fd00:2::/64", "fd00:2::1");
            l.addAddress("lo", left.innerAddress() + (inner == IpFamily.V4 ? "/32" : "/128"));
            r.addAddress("lo", right.innerAddress() + (inner == IpFamily.V4 ? "/32" : "/128"));
            return new NamespacePair(left, right, veth);
        } catch (RuntimeException e) {
            if (r != null) r.close();
            l.close();
            throw e;
        }
    }

    public Site left() {
        return left;
    }

    public Site right() {
        return right;
    }

    public Veth veth() {
        return veth;
    }

    @Override
    public void close() {
        try {
            left.ns().close();
        } finally {
            right.ns().close();
        }
    }
}
