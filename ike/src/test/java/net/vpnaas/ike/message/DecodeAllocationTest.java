package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Decoding works on views of the datagram, not copies: the bytes allocated to decode the captured
 * 272-byte IKE_SA_INIT request stay a small multiple of the object headers it must create
 * (header, 9 payloads, proposal and transforms), far from copying every field.
 */
class DecodeAllocationTest {

    @Test
    void decodingAnIkeSaInitRequestAllocatesOnlyTheObjectsItReturns() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] datagram = Captures.bytes(Captures.INIT_REQUEST);
        int sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += IkeMessage.decode(datagram).payloads().size();
        }
        int runs = 10_000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < runs; i++) {
            sink += IkeMessage.decode(datagram).payloads().size();
        }
        long perDecode = (threads.getCurrentThreadAllocatedBytes() - before) / runs;
        System.out.printf("IKE_SA_INIT request (%d bytes): %d bytes allocated per decode%n", datagram.length, perDecode);
        assertThat(sink).isPositive();
        assertThat(perDecode).isLessThan(2_500);
    }
}
