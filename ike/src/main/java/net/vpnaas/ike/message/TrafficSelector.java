package net.vpnaas.ike.message;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** One traffic selector of a TSi/TSr payload (RFC 7296 section 3.13.1). */
public sealed interface TrafficSelector {

    int tsTypeCode();

    default TsType tsType() {
        return TsType.of(tsTypeCode());
    }

    int encodedLength();

    void encode(ByteBuffer out);

    /**
     * TS_IPV4_ADDR_RANGE or TS_IPV6_ADDR_RANGE: a protocol, a port range and an address range.
     * Addresses are 4 or 16 bytes, network order.
     */
    record AddressRange(int tsTypeCode, int ipProtocol, int startPort, int endPort, Bytes startAddress,
                        Bytes endAddress) implements TrafficSelector {

        public AddressRange {
            int size = addressSize(tsTypeCode);
            if (size < 0) {
                throw new IllegalArgumentException("not an address range TS type: " + tsTypeCode);
            }
            if (startAddress.length() != size || endAddress.length() != size) {
                throw new IllegalArgumentException("addresses must be " + size + " bytes");
            }
            IkeHeader.checkUnsigned(ipProtocol, 0xff, "IP protocol");
            IkeHeader.checkUnsigned(startPort, 0xffff, "start port");
            IkeHeader.checkUnsigned(endPort, 0xffff, "end port");
        }

        /** From two addresses of the same family; any protocol and port when protocol 0 and ports 0..65535. */
        public static AddressRange of(InetAddress start, InetAddress end, int ipProtocol, int startPort, int endPort) {
            TsType type = start.getAddress().length == 4 ? TsType.TS_IPV4_ADDR_RANGE : TsType.TS_IPV6_ADDR_RANGE;
            return new AddressRange(type.code(), ipProtocol, startPort, endPort, Bytes.wrap(start.getAddress()),
                    Bytes.wrap(end.getAddress()));
        }

        public InetAddress start() {
            return inet(startAddress);
        }

        public InetAddress end() {
            return inet(endAddress);
        }

        private static InetAddress inet(Bytes address) {
            try {
                return InetAddress.getByAddress(address.toByteArray());
            } catch (UnknownHostException impossible) {
                throw new AssertionError("the length was checked on construction", impossible);
            }
        }

        @Override
        public int encodedLength() {
            return 8 + 2 * startAddress.length();
        }

        @Override
        public void encode(ByteBuffer out) {
            out.put((byte) tsTypeCode).put((byte) ipProtocol).putShort((short) encodedLength())
                    .putShort((short) startPort).putShort((short) endPort);
            startAddress.writeTo(out);
            endAddress.writeTo(out);
        }
    }

    /**
     * A selector type the codec does not interpret (e.g. TS_SECLABEL), kept as sent.
     *
     * @param secondOctet the byte after the type: IP protocol for address ranges, reserved for others
     */
    record Other(int tsTypeCode, int secondOctet, Bytes data) implements TrafficSelector {

        public Other {
            IkeHeader.checkUnsigned(tsTypeCode, 0xff, "TS type");
            IkeHeader.checkUnsigned(secondOctet, 0xff, "second octet");
            IkeHeader.checkUnsigned(data.length(), 0xffff - 4, "selector data length");
            if (addressSize(tsTypeCode) > 0) {
                throw new IllegalArgumentException("use AddressRange for TS type " + tsTypeCode);
            }
        }

        @Override
        public int encodedLength() {
            return 4 + data.length();
        }

        @Override
        public void encode(ByteBuffer out) {
            out.put((byte) tsTypeCode).put((byte) secondOctet).putShort((short) encodedLength());
            data.writeTo(out);
        }
    }

    private static int addressSize(int tsTypeCode) {
        return switch (TsType.of(tsTypeCode)) {
            case TS_IPV4_ADDR_RANGE -> 4;
            case TS_IPV6_ADDR_RANGE -> 16;
            default -> -1;
        };
    }

    static TrafficSelector decode(WireReader r) throws IkeDecodeException {
        int start = r.offset();
        int type = r.u8("TS type");
        int protocol = r.u8("IP protocol");
        int length = r.u16("selector length");
        int size = addressSize(type);
        if (size < 0) {
            if (length < 4) {
                throw new IkeDecodeException(DecodeError.INVALID_PAYLOAD_LENGTH, start + 2,
                        "selector length " + length + " is shorter than 4");
            }
            if (length - 4 > r.remaining()) {
                throw new IkeDecodeException(DecodeError.LENGTH_MISMATCH, start + 2,
                        "selector length " + length + " exceeds the payload");
            }
            return new Other(type, protocol, r.bytes(length - 4, "selector data"));
        }
        if (length != 8 + 2 * size) {
            throw new IkeDecodeException(DecodeError.LENGTH_MISMATCH, start + 2,
                    "selector length " + length + " for " + TsType.of(type) + ", must be " + (8 + 2 * size));
        }
        int startPort = r.u16("start port");
        int endPort = r.u16("end port");
        Bytes startAddress = r.bytes(size, "starting address");
        Bytes endAddress = r.bytes(size, "ending address");
        return new AddressRange(type, protocol, startPort, endPort, startAddress, endAddress);
    }
}
