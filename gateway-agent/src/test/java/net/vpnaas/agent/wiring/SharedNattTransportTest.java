package net.vpnaas.agent.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeHeader;
import net.vpnaas.ike.message.IkeMessage;
import org.junit.jupiter.api.Test;

/** Which IKE messages may open a TCP stream (RFC 9329): only the initiator's first, so a responder never dials a lost stream's port. */
class SharedNattTransportTest {

    private static byte[] message(long spiR, ExchangeType type, boolean initiator, boolean response) {
        return IkeMessage.of(IkeHeader.of(0x1122334455667788L, spiR, type, initiator, response, 0), List.of()).encode();
    }

    @Test
    void onlyOurIkeSaInitRequestOpensAStream() {
        assertThat(SharedNattTransport.opensStream(message(0, ExchangeType.IKE_SA_INIT, true, false))).isTrue();
        assertThat(SharedNattTransport.opensStream(message(0, ExchangeType.IKE_SA_INIT, false, true))).as("a COOKIE answer").isFalse();
        assertThat(SharedNattTransport.opensStream(message(9, ExchangeType.IKE_SA_INIT, false, true))).as("the responder's answer").isFalse();
        assertThat(SharedNattTransport.opensStream(message(9, ExchangeType.IKE_AUTH, true, false))).isFalse();
        assertThat(SharedNattTransport.opensStream(message(9, ExchangeType.INFORMATIONAL, false, false))).as("the responder's DPD").isFalse();
        assertThat(SharedNattTransport.opensStream(new byte[10])).isFalse();
    }
}
