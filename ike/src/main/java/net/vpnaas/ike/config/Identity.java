package net.vpnaas.ike.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An IKE identity of a connection (ID payload type and data, RFC 7296 3.5). The product builds it
 * from tenant-model's typed identity (gateway-agent's mapper); the engine's test tool reads
 * strongSwan's notation ({@code net.vpnaas.ike.cli.IdentityText}, in the test sources).
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
