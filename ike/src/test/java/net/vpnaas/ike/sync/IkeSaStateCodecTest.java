package net.vpnaas.ike.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The state encoding: what goes in comes out, and anything damaged is refused whole, with a reason. */
class IkeSaStateCodecTest {

    @Test
    void roundTripKeepsEveryField() throws Exception {
        IkeSaState s = SampleStates.full();
        byte[] encoded = IkeSaStateCodec.encode(s);
        IkeSaState back = IkeSaStateCodec.decode(encoded);
        assertThat(IkeSaStateCodec.encode(back)).isEqualTo(encoded);
        // EspKeys hold arrays (record equality is by reference), so compare field by field where it matters
        assertThat(back).usingRecursiveComparison().ignoringFields("children").isEqualTo(s);
        assertThat(back.children()).hasSize(2);
        assertThat(back.children().getFirst().inbound().encryptionKey()).isEqualTo(s.children().getFirst().inbound().encryptionKey());
        assertThat(back.children().get(1).rekeyAt()).isNull();
        assertThat(back.children().getFirst().remoteSelectors()).isEqualTo(s.children().getFirst().remoteSelectors());
        assertThat(back.virtualAddress()).as("the client's virtual IP travels with its IKE SA").contains(InetAddress.ofLiteral("10.99.0.7"));
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] encoded = IkeSaStateCodec.encode(SampleStates.full());
        for (int n = 0; n < encoded.length; n++) {
            byte[] cut = Arrays.copyOf(encoded, n);
            assertThatThrownBy(() -> IkeSaStateCodec.decode(cut)).as("cut at %d", n).isInstanceOf(StateDecodeException.class);
        }
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> IkeSaStateCodec.decode(longer)).isInstanceOf(StateDecodeException.class).hasMessageContaining("after the end");
    }

    @Test
    void anotherVersionOrAWrongKeyLengthIsRefused() {
        byte[] encoded = IkeSaStateCodec.encode(SampleStates.full());
        byte[] v1 = encoded.clone();
        v1[4] = 1; // version 1 had no virtual address
        assertThatThrownBy(() -> IkeSaStateCodec.decode(v1)).isInstanceOf(StateDecodeException.class).hasMessageContaining("version 1");
        // The integrity algorithm (offset: magic 4 + version 1 + name 2+13 + flag 1 + SPIs 16 + endpoints 7+19 + carrier and NAT 4
        // + cipher 4) set to none under a non-AEAD cipher
        int integrity = 4 + 1 + 2 + 13 + 1 + 16 + 7 + 19 + 4 + 4;
        assertThat(encoded[integrity + 1]).isEqualTo((byte) 12);
        byte[] noIntegrity = encoded.clone();
        noIntegrity[integrity + 1] = 0;
        assertThatThrownBy(() -> IkeSaStateCodec.decode(noIntegrity)).isInstanceOf(StateDecodeException.class);
        byte[] otherPrf = encoded.clone();
        otherPrf[integrity + 3] = 7; // PRF-HMAC-SHA-512: SK_d is now too short
        assertThatThrownBy(() -> IkeSaStateCodec.decode(otherPrf)).isInstanceOf(StateDecodeException.class).hasMessageContaining("SK_d");
    }
}
