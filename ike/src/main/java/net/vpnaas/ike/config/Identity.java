package net.vpnaas.ike.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An IKE identity (ID payload type and data, RFC 7296 3.5), written like strongSwan does:
 * an IP literal is ID_IPV4_ADDR / ID_IPV6_ADDR, {@code user@host} is ID_RFC822_ADDR,
 * {@code @host} or a plain name is ID_FQDN, {@code @#hex} is ID_KEY_ID.
 */
public record Identity(int typeCode, byte[] data) {
    public static final int ID_IPV4_ADDR = 1;
    public static final int ID_FQDN = 2;
    public static final int ID_RFC822_ADDR = 3;
    public static final int ID_IPV6_ADDR = 5;
    public static final int ID_KEY_ID = 11;

    public Identity {
        data = data.clone();
    }

    public static Identity parse(String text) {
        if (text.startsWith("@#")) return new Identity(ID_KEY_ID, HexFormat.of().parseHex(text.substring(2)));
        if (text.startsWith("@")) return new Identity(ID_FQDN, text.substring(1).getBytes(StandardCharsets.US_ASCII));
        if (text.contains("@")) return new Identity(ID_RFC822_ADDR, text.getBytes(StandardCharsets.US_ASCII));
        if (text.matches("[0-9.]+") || text.contains(":")) {
            try {
                InetAddress a = InetAddress.ofLiteral(text);
                return new Identity(a instanceof Inet4Address ? ID_IPV4_ADDR : ID_IPV6_ADDR, a.getAddress());
            } catch (IllegalArgumentException e) {
                // not an address after all: fall through to FQDN
            }
        }
        return new Identity(ID_FQDN, text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public boolean matches(int otherType, byte[] otherData) {
        return typeCode == otherType && Arrays.equals(data, otherData);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity i && matches(i.typeCode, i.data);
    }

    @Override
    public int hashCode() {
        return 31 * typeCode + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return switch (typeCode) {
            case ID_IPV4_ADDR, ID_IPV6_ADDR -> {
                try {
                    yield InetAddress.getByAddress(data).getHostAddress();
                } catch (UnknownHostException e) {
                    yield HexFormat.of().formatHex(data);
                }
            }
            case ID_FQDN -> "@" + new String(data, StandardCharsets.US_ASCII);
            case ID_RFC822_ADDR -> new String(data, StandardCharsets.US_ASCII);
            default -> "@#" + HexFormat.of().formatHex(data);
        };
    }
}
