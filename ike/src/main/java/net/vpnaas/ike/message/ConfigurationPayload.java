package net.vpnaas.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** CP payload (RFC 7296 section 3.15). */
public record ConfigurationPayload(int configTypeCode, List<ConfigAttribute> attributes) implements Payload {

    public ConfigurationPayload {
        IkeHeader.checkUnsigned(configTypeCode, 0xff, "CFG type");
        attributes = List.copyOf(attributes);
    }

    public static ConfigurationPayload of(ConfigType type, List<ConfigAttribute> attributes) {
        return new ConfigurationPayload(type.code(), attributes);
    }

    public ConfigType configType() {
        return ConfigType.of(configTypeCode);
    }

    @Override
    public int typeCode() {
        return PayloadType.CONFIGURATION.code();
    }

    @Override
    public int bodyLength() {
        int length = 4;
        for (ConfigAttribute a : attributes) {
            length += a.encodedLength();
        }
        return length;
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.put((byte) configTypeCode).put((byte) 0).putShort((short) 0);
        for (ConfigAttribute a : attributes) {
            a.encode(out);
        }
    }

    static ConfigurationPayload decode(WireReader r) throws IkeDecodeException {
        int type = r.u8("CFG type");
        r.skip(3, "CP reserved");
        List<ConfigAttribute> attributes = new ArrayList<>();
        while (r.remaining() > 0) {
            attributes.add(ConfigAttribute.decode(r));
        }
        return new ConfigurationPayload(type, attributes);
    }
}
