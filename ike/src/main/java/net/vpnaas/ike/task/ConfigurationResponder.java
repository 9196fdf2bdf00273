package net.vpnaas.ike.task;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.config.RemoteAccess;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.ReceivedMessage;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ConfigAttribute;
import net.vpnaas.ike.message.ConfigAttributeType;
import net.vpnaas.ike.message.ConfigType;
import net.vpnaas.ike.message.ConfigurationPayload;
import net.vpnaas.ike.sasink.TrafficSelector;

/**
 * The responder's side of the CP payload in IKE_AUTH (RFC 7296 2.19, 3.15): a CFG_REQUEST asking for
 * INTERNAL_IP4_ADDRESS or INTERNAL_IP6_ADDRESS gets a virtual IP leased from the connection's pool
 * (kept on the IKE SA, whose Child SAs then carry it as TSi), with the DNS servers of that family and
 * the connection's local networks as INTERNAL_IP4/6_SUBNET (split tunnel: the client routes those,
 * not everything). A part of an auth task, which decides when the peer is authenticated.
 */
final class ConfigurationResponder {
    private static final Logger LOG = Logger.getLogger(ConfigurationResponder.class.getName());

    private final TaskContext ctx;
    private boolean requested;
    private boolean wantsIpv4;
    private boolean wantsIpv6;

    ConfigurationResponder(TaskContext ctx) {
        this.ctx = ctx;
    }

    /** Reads the CFG_REQUEST of the first IKE_AUTH request, if any. */
    void process(ReceivedMessage m) {
        Optional<ConfigurationPayload> cp = m.first(ConfigurationPayload.class).filter(c -> c.configType() == ConfigType.CFG_REQUEST);
        if (cp.isEmpty()) return;
        requested = true;
        for (ConfigAttribute a : cp.get().attributes()) {
            if (a.type() == ConfigAttributeType.INTERNAL_IP4_ADDRESS) wantsIpv4 = true;
            if (a.type() == ConfigAttributeType.INTERNAL_IP6_ADDRESS) wantsIpv6 = true;
        }
    }

    /** Once the peer authenticated as {@code owner}: leases the virtual IP it asked for, if the pool has one. */
    void assign(String owner) {
        RemoteAccess ra = ctx.config().remoteAccess();
        if (!wantsIpv4 && !wantsIpv6) return;
        // One virtual IP per IKE SA (IPv4 preferred when both are asked): its Child SAs carry one TSi.
        Optional<InetAddress> leased = wantsIpv4 ? ra.pool().lease(owner, false) : Optional.empty();
        if (leased.isEmpty() && wantsIpv6) leased = ra.pool().lease(owner, true);
        leased.ifPresentOrElse(a -> ctx.sa().virtualAddress(a),
                () -> LOG.warning(() -> ctx.sa() + ": " + owner + " asked for a virtual IP, but " + ra.pool() + " has none"));
    }

    /** The CFG_REPLY, when the peer sent a CFG_REQUEST. */
    void build(OutgoingMessage m) {
        if (!requested) return;
        InetAddress vip = ctx.sa().virtualAddress();
        List<ConfigAttribute> reply = new ArrayList<>();
        boolean v6 = vip instanceof Inet6Address;
        if (vip != null) {
            reply.add(v6 ? ConfigAttribute.of(ConfigAttributeType.INTERNAL_IP6_ADDRESS, Bytes.wrap(ByteBuffer.allocate(17).put(vip.getAddress()).put((byte) 128).array()))
                    : ConfigAttribute.of(ConfigAttributeType.INTERNAL_IP4_ADDRESS, Bytes.wrap(vip.getAddress())));
            for (InetAddress dns : ctx.config().remoteAccess().dns()) {
                if (dns instanceof Inet6Address != v6) continue;
                reply.add(ConfigAttribute.of(v6 ? ConfigAttributeType.INTERNAL_IP6_DNS : ConfigAttributeType.INTERNAL_IP4_DNS, Bytes.wrap(dns.getAddress())));
            }
            for (TrafficSelector s : ctx.config().localSelectors()) {
                if (s.start() instanceof Inet6Address != v6) continue;
                prefixLength(s).ifPresent(bits -> reply.add(subnet(s.start(), bits)));
            }
        }
        m.add(ConfigurationPayload.of(ConfigType.CFG_REPLY, reply));
    }

    /** INTERNAL_IP4_SUBNET (address, netmask) or INTERNAL_IP6_SUBNET (address, prefix length), RFC 7296 3.15.1. */
    private static ConfigAttribute subnet(InetAddress network, int bits) {
        byte[] address = network.getAddress();
        if (address.length == 16) {
            return ConfigAttribute.of(ConfigAttributeType.INTERNAL_IP6_SUBNET, Bytes.wrap(ByteBuffer.allocate(17).put(address).put((byte) bits).array()));
        }
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return ConfigAttribute.of(ConfigAttributeType.INTERNAL_IP4_SUBNET, Bytes.wrap(ByteBuffer.allocate(8).put(address).putInt(mask).array()));
    }

    /** The prefix length of a selector that is one CIDR prefix (start at a boundary, end its last address); empty for other ranges. */
    static Optional<Integer> prefixLength(TrafficSelector s) {
        int width = s.start().getAddress().length * 8;
        BigInteger start = new BigInteger(1, s.start().getAddress());
        BigInteger size = new BigInteger(1, s.end().getAddress()).subtract(start).add(BigInteger.ONE);
        if (size.bitCount() != 1) return Optional.empty();
        int hostBits = size.bitLength() - 1;
        if (start.getLowestSetBit() < hostBits && start.signum() != 0) return Optional.empty();
        return Optional.of(width - hostBits);
    }
}
