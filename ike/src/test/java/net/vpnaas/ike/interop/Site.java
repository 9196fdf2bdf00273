package net.vpnaas.ike.interop;

/**
 * One side of a {@link NamespacePair}: its namespace, the outer address IKE and ESP use, and the
 * inner subnet behind it with one address of that subnet present on loopback (kernel-libipsec's
 * {@code install_routes} needs a local address inside local_ts to use as the route's source).
 */
public record Site(NetNs ns, String outerAddress, String innerSubnet, String innerAddress) {}
