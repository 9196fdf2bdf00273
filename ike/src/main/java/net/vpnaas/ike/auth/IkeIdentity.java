package net.vpnaas.ike.auth;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;
import net.vpnaas.ike.message.IdType;

/**
 * An IKE identity as carried in an IDi/IDr payload (RFC 7296 section 3.5): the ID type (the IANA
 * registry {@link IdType}) and the
 * identification data, exactly as received. The constructor does not check the data against the
 * type, because it is built from network input; a malformed identity simply matches nothing.
 */
public record IkeIdentity(IdType type, byte[] data) {

    public IkeIdentity {
        data = data.clone();
    }

    public static IkeIdentity fqdn(String name) {
        return new IkeIdentity(IdType.FQDN, name.getBytes(StandardCharsets.US_ASCII));
    }

    public static IkeIdentity rfc822(String address) {
        return new IkeIdentity(IdType.RFC822_ADDR, address.getBytes(StandardCharsets.US_ASCII));
    }

    public static IkeIdentity ipAddress(InetAddress address) {
        return new IkeIdentity(address instanceof Inet4Address ? IdType.IPV4_ADDR : IdType.IPV6_ADDR, address.getAddress());
    }

    public static IkeIdentity distinguishedName(X500Principal name) {
        return new IkeIdentity(IdType.DER_ASN1_DN, name.getEncoded());
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * The ID payload body after the generic header (ID type, three zero reserved octets, data):
     * the "RestOfIDPayload" of {@link SignedOctets} for an identity this side sends.
     */
    public byte[] payloadBody() {
        byte[] body = new byte[4 + data.length];
        body[0] = (byte) type.code();
        System.arraycopy(data, 0, body, 4, data.length);
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IkeIdentity other && other.type == type && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    /** Human readable, for logs and failure reasons. */
    @Override
    public String toString() {
        String text = switch (type) {
            case FQDN, RFC822_ADDR -> ascii(data).orElseGet(() -> HexFormat.of().formatHex(data));
            case IPV4_ADDR, IPV6_ADDR -> address().map(InetAddress::getHostAddress).orElseGet(() -> HexFormat.of().formatHex(data));
            case DER_ASN1_DN -> principal().map(X500Principal::getName).orElseGet(() -> HexFormat.of().formatHex(data));
            default -> HexFormat.of().formatHex(data);
        };
        return type + " " + text;
    }

    /** The address of an IPV4_ADDR/IPV6_ADDR identity whose data has the right length. */
    Optional<InetAddress> address() {
        if (!(type == IdType.IPV4_ADDR && data.length == 4 || type == IdType.IPV6_ADDR && data.length == 16)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(data)); // no name lookup for raw bytes
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The name of a DER_ASN1_DN identity, if its data is a DER Name that names something. */
    Optional<X500Principal> principal() {
        if (type != IdType.DER_ASN1_DN) return Optional.empty();
        try {
            X500Principal name = new X500Principal(data);
            // An empty Name (also what the JDK makes of zero octets) identifies nobody.
            return name.getName().isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** FQDN and RFC822 data as text, if it is non-empty printable ASCII as the RFC requires. */
    static Optional<String> ascii(byte[] data) {
        if (data.length == 0) return Optional.empty();
        for (byte b : data) {
            if (b < 0x21 || b > 0x7E) return Optional.empty();
        }
        return Optional.of(new String(data, StandardCharsets.US_ASCII));
    }
}
