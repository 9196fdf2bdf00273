package net.vpnaas.agent.radius;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A RADIUS packet (RFC 2865 3): Code, Identifier, Length, the 16-octet Authenticator, attributes.
 * {@link #decode} takes untrusted bytes from the network and refuses anything malformed with
 * {@link RadiusDecodeException} only (RadiusPacketFuzzTest holds it to that); octets past Length
 * are padding and ignored, as RFC 2865 3 says.
 *
 * @param code the raw code, kept as sent so an unknown one re-encodes unchanged ({@link #kind()} names it)
 */
public record RadiusPacket(int code, int identifier, byte[] authenticator, List<RadiusAttribute> attributes) {
    public static final int HEADER = 20;
    public static final int MIN_LENGTH = HEADER;
    public static final int MAX_LENGTH = 4096;
    public static final int AUTHENTICATOR_LENGTH = 16;

    public RadiusPacket {
        if (code < 0 || code > 255) throw new IllegalArgumentException("code " + code);
        if (identifier < 0 || identifier > 255) throw new IllegalArgumentException("identifier " + identifier);
        if (authenticator.length != AUTHENTICATOR_LENGTH) throw new IllegalArgumentException("authenticator of " + authenticator.length + " octets");
        authenticator = authenticator.clone();
        attributes = List.copyOf(attributes);
        int length = HEADER + attributes.stream().mapToInt(RadiusAttribute::length).sum();
        if (length > MAX_LENGTH) throw new IllegalArgumentException("packet of " + length + " octets");
    }

    public RadiusPacket(RadiusCode code, int identifier, byte[] authenticator, List<RadiusAttribute> attributes) {
        this(code.code(), identifier, authenticator, attributes);
    }

    public RadiusCode kind() {
        return RadiusCode.of(code);
    }

    @Override
    public byte[] authenticator() {
        return authenticator.clone();
    }

    public int length() {
        return HEADER + attributes.stream().mapToInt(RadiusAttribute::length).sum();
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length());
        int length = length();
        out.write(code);
        out.write(identifier);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(authenticator);
        for (RadiusAttribute a : attributes) {
            out.write(a.type());
            out.write(a.length());
            out.writeBytes(a.value());
        }
        return out.toByteArray();
    }

    public static RadiusPacket decode(byte[] bytes) throws RadiusDecodeException {
        if (bytes.length < MIN_LENGTH) throw new RadiusDecodeException("packet of " + bytes.length + " octets, shorter than the header");
        int length = (bytes[2] & 0xff) << 8 | bytes[3] & 0xff;
        if (length < MIN_LENGTH || length > MAX_LENGTH) throw new RadiusDecodeException("Length " + length + " outside 20..4096");
        if (length > bytes.length) throw new RadiusDecodeException("Length " + length + " but only " + bytes.length + " octets received");
        List<RadiusAttribute> attributes = new ArrayList<>();
        int at = HEADER;
        while (at < length) {
            if (length - at < 2) throw new RadiusDecodeException("attribute header cut at offset " + at);
            int type = bytes[at] & 0xff;
            int attributeLength = bytes[at + 1] & 0xff;
            if (type == 0) throw new RadiusDecodeException("attribute type 0 at offset " + at);
            if (attributeLength < 2) throw new RadiusDecodeException("attribute " + type + " with Length " + attributeLength + " at offset " + at);
            if (at + attributeLength > length) {
                throw new RadiusDecodeException("attribute " + type + " at offset " + at + " overruns the packet's Length " + length);
            }
            attributes.add(new RadiusAttribute(type, Arrays.copyOfRange(bytes, at + 2, at + attributeLength)));
            at += attributeLength;
        }
        return new RadiusPacket(bytes[0] & 0xff, bytes[1] & 0xff, Arrays.copyOfRange(bytes, 4, HEADER), attributes);
    }

    public Optional<RadiusAttribute> first(int type) {
        return attributes.stream().filter(a -> a.type() == type).findFirst();
    }

    public List<RadiusAttribute> all(int type) {
        return attributes.stream().filter(a -> a.type() == type).toList();
    }

    /** The EAP packet the EAP-Message attributes carry, concatenated in order (RFC 3579 3.1); empty when none. */
    public Optional<byte[]> eapMessage() {
        List<RadiusAttribute> parts = all(RadiusAttribute.EAP_MESSAGE);
        if (parts.isEmpty()) return Optional.empty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (RadiusAttribute a : parts) out.writeBytes(a.value());
        return Optional.of(out.toByteArray());
    }

    /** An EAP packet as EAP-Message attributes of at most 253 octets each (RFC 3579 3.1). */
    public static List<RadiusAttribute> eapMessageAttributes(byte[] eap) {
        if (eap.length == 0) return List.of(new RadiusAttribute(RadiusAttribute.EAP_MESSAGE, eap)); // EAP-Start (RFC 3579 2.1)
        List<RadiusAttribute> out = new ArrayList<>();
        for (int at = 0; at < eap.length; at += RadiusAttribute.MAX_VALUE) {
            out.add(new RadiusAttribute(RadiusAttribute.EAP_MESSAGE, Arrays.copyOfRange(eap, at, Math.min(eap.length, at + RadiusAttribute.MAX_VALUE))));
        }
        return out;
    }

    /**
     * The value of the first Vendor-Specific sub-attribute {@code vendorType} of {@code vendorId}
     * (RFC 2865 5.26, in the format RFC 2548 uses: Vendor-Type, Vendor-Length, value); empty when none
     * or when the attribute does not follow that format.
     */
    public Optional<byte[]> vendorAttribute(int vendorId, int vendorType) {
        for (RadiusAttribute a : all(RadiusAttribute.VENDOR_SPECIFIC)) {
            byte[] v = a.value();
            if (v.length < 6) continue;
            int vendor = (v[0] & 0xff) << 24 | (v[1] & 0xff) << 16 | (v[2] & 0xff) << 8 | v[3] & 0xff;
            if (vendor != vendorId) continue;
            int at = 4;
            while (v.length - at >= 2) {
                int type = v[at] & 0xff;
                int length = v[at + 1] & 0xff;
                if (length < 2 || at + length > v.length) break;
                if (type == vendorType) return Optional.of(Arrays.copyOfRange(v, at + 2, at + length));
                at += length;
            }
        }
        return Optional.empty();
    }

    /** A copy with {@code authenticator} instead. */
    public RadiusPacket withAuthenticator(byte[] replacement) {
        return new RadiusPacket(code, identifier, replacement, attributes);
    }

    /** A copy with {@code replacement} in place of the first attribute of its type. */
    RadiusPacket withAttribute(RadiusAttribute replacement) {
        List<RadiusAttribute> out = new ArrayList<>(attributes);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).type() == replacement.type()) {
                out.set(i, replacement);
                return new RadiusPacket(code, identifier, authenticator, out);
            }
        }
        throw new IllegalArgumentException("no attribute " + replacement.type());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RadiusPacket p && p.code == code && p.identifier == identifier
                && Arrays.equals(p.authenticator, authenticator) && p.attributes.equals(attributes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * code + identifier) + attributes.hashCode();
    }

    @Override
    public String toString() {
        return kind() + " id " + identifier + " (" + length() + " octets, " + attributes.size() + " attributes)";
    }
}
