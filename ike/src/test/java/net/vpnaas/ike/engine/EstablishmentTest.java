package net.vpnaas.ike.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sasink.EspTransform;
import org.junit.jupiter.api.Test;

class EstablishmentTest {

    @Test
    void pskX25519AesGcmEstablishesOneChildSaWithMirroredKeys() {
        try (EnginePair p = new EnginePair()) {
            // HDR, SAi1, KEi, Ni, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP)  -->
            //                     <--  HDR, SAr1, KEr, Nr, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP)
            // HDR, SK {IDi, N(INITIAL_CONTACT), AUTH, SAi2, TSi, TSr}  -->
            //                     <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
            p.establish();
            p.assertMirrored();
            var a = p.aliceSink.current().getFirst();
            assertThat(a.transform()).isEqualTo(new EspTransform(EspTransform.ENCR_AES_GCM_16, 256, 0));
            assertThat(a.inbound().encryptionKey()).hasSize(36); // 32-byte key + 4-byte salt
            assertThat(a.endpoints().udpEncapsulation()).isFalse();
            assertThat(p.aliceSink.policies).containsOnlyKeys(a.reqid());
            var b = p.bobSink.current().getFirst();
            assertThat(p.bobSink.policies.get(b.reqid()).local().getFirst().start().getHostAddress()).isEqualTo("10.2.0.0");

            // Distinct messages: a slow first run may retransmit, which is fine here.
            List<String> flow = p.net.sent().stream()
                    .map(s -> s.header().exchangeType() + (s.header().response() ? " response #" : " request #") + s.header().messageId())
                    .distinct().toList();
            assertThat(flow).containsExactly("IKE_SA_INIT request #0", "IKE_SA_INIT response #0",
                    "IKE_AUTH request #1", "IKE_AUTH response #1");
            IkeSa sa = p.alice.ikeSas("net").getFirst();
            IkeSa sb = p.bob.ikeSas("net").getFirst();
            assertThat(sa.initiatorSpi()).isEqualTo(sb.initiatorSpi());
            assertThat(sa.responderSpi()).isEqualTo(sb.responderSpi()).isNotZero();
            assertThat(sa.keys().skD()).isEqualTo(sb.keys().skD());
            assertThat(sb.remoteIdentity()).isEqualTo("alice@example.org");
        }
    }
}
