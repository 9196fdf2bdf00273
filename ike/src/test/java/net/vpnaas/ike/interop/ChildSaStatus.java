package net.vpnaas.ike.interop;

import java.util.List;

/**
 * One Child SA as strongSwan lists it. {@code spiIn} is the SPI this side chose (carried by packets it
 * receives); {@code spiOut} the peer's. So between two peers: A.spiIn == B.spiOut and A.spiOut == B.spiIn.
 * {@code additionalKeyExchanges}: the methods of strongSwan 6's {@code ake1} to {@code ake7}, in order (RFC 9370).
 */
public record ChildSaStatus(String name, long uniqueId, long reqid, String state, String mode, String protocol,
                            boolean udpEncapsulated, long spiIn, long spiOut,
                            String encrAlg, int encrKeysize, String integAlg, String dhGroup, boolean esn,
                            long bytesIn, long packetsIn, long bytesOut, long packetsOut,
                            List<String> localTs, List<String> remoteTs, List<String> additionalKeyExchanges) {

    public ChildSaStatus {
        localTs = List.copyOf(localTs);
        remoteTs = List.copyOf(remoteTs);
        additionalKeyExchanges = List.copyOf(additionalKeyExchanges);
    }

    public boolean installed() {
        return "INSTALLED".equals(state);
    }

    static ChildSaStatus from(ViciRaw.Section c) {
        return new ChildSaStatus(c.string("name"), IkeSaStatus.num(c.string("uniqueid")), IkeSaStatus.num(c.string("reqid")),
                c.string("state"), c.string("mode"), c.string("protocol"), "yes".equals(c.string("encap")),
                IkeSaStatus.hex(c.string("spi-in")), IkeSaStatus.hex(c.string("spi-out")),
                c.string("encr-alg"), (int) IkeSaStatus.num(c.string("encr-keysize")), c.string("integ-alg"),
                c.string("dh-group"), "1".equals(c.string("esn")),
                IkeSaStatus.num(c.string("bytes-in")), IkeSaStatus.num(c.string("packets-in")),
                IkeSaStatus.num(c.string("bytes-out")), IkeSaStatus.num(c.string("packets-out")),
                c.list("local-ts"), c.list("remote-ts"), IkeSaStatus.additionalKeyExchanges(c));
    }
}
