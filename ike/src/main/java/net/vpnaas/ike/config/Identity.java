package net.vpnaas.ike.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import net.vpnaas.ike.message.IdType;

/**
 * An IKE identity of a connection (ID payload type and data, RFC 7296 3.5). The product builds it
 * from tenant-model's typed identity (gateway-agent's mapper); the engine's test tool reads
 * strongSwan's notation ({@code net.vpnaas.ike.cli.IdentityText}, in the test sources).
 */
public record Identity(int typeCode, byte[] data) {
    public static final int ID_IPV4_ADDR = IdType.IPV4_ADDR.code();
    public static final int ID_FQDN = IdType.FQDN.code();
    public static final int ID_RFC822_ADDR = IdType.RFC822_ADDR.code();
    public static final int ID_IPV6_ADDR = IdType.IPV6_ADDR.code();
    public static final int ID_KEY_ID = IdType.KEY_ID.code();
    /** RFC 7619 2.1: the peer names nobody; no data. */
    public static final Identity NULL = new Identity(IdType.NULL.code(), new byte[0]);

    public Identity {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * Whether a peer naming itself {@code otherType}/{@code otherData} is this configured identity.
     * ID_NULL names nobody (RFC 7619 2.1), so it is never one, not even a configured ID_NULL.
     */
    public boolean matches(int otherType, byte[] otherData) {
        return otherType != IdType.NULL.code() && typeCode == otherType && Arrays.equals(data, otherData);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity i && typeCode == i.typeCode && Arrays.equals(data, i.data);
    }

    @Override
    public int hashCode() {
        return 31 * typeCode + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return switch (IdType.of(typeCode)) {
            case IPV4_ADDR, IPV6_ADDR -> {
                try {
                    yield InetAddress.getByAddress(data).getHostAddress();
                } catch (UnknownHostException e) {
                    yield HexFormat.of().formatHex(data);
                }
            }
            case FQDN -> "@" + new String(data, StandardCharsets.US_ASCII);
            case RFC822_ADDR -> new String(data, StandardCharsets.US_ASCII);
            case NULL -> "%null";
            default -> "@#" + HexFormat.of().formatHex(data);
        };
    }
}
