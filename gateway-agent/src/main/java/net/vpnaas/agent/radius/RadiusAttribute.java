package net.vpnaas.agent.radius;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One RADIUS attribute (RFC 2865 5): type and value, at most {@link #MAX_VALUE} octets. The types
 * this client uses are named here; the others pass through by number.
 */
public record RadiusAttribute(int type, byte[] value) {
    public static final int USER_NAME = 1;
    public static final int NAS_IP_ADDRESS = 4;
    public static final int SERVICE_TYPE = 6;
    public static final int FRAMED_MTU = 12;
    public static final int REPLY_MESSAGE = 18;
    public static final int STATE = 24;
    public static final int CLASS = 25;
    public static final int VENDOR_SPECIFIC = 26;
    public static final int CALLED_STATION_ID = 30;
    public static final int CALLING_STATION_ID = 31;
    public static final int NAS_IDENTIFIER = 32;
    public static final int NAS_PORT_TYPE = 61;
    public static final int EAP_MESSAGE = 79;
    public static final int MESSAGE_AUTHENTICATOR = 80;
    public static final int NAS_IPV6_ADDRESS = 95;
    /** Length is one octet and counts the two header octets. */
    public static final int MAX_VALUE = 253;

    public RadiusAttribute {
        if (type < 1 || type > 255) throw new IllegalArgumentException("attribute type " + type);
        if (value.length > MAX_VALUE) throw new IllegalArgumentException("attribute " + type + " of " + value.length + " octets");
        value = value.clone();
    }

    public static RadiusAttribute text(int type, String text) {
        return new RadiusAttribute(type, text.getBytes(StandardCharsets.UTF_8));
    }

    public static RadiusAttribute integer(int type, int value) {
        return new RadiusAttribute(type, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    int length() {
        return 2 + value.length;
    }

    public String text() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RadiusAttribute a && a.type == type && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return type + "=" + HexFormat.of().formatHex(value);
    }
}
