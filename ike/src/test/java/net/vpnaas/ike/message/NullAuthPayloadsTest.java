package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payloads of RFC 7619 byte by byte: IDi of type ID_NULL (2.1) and AUTH with method 13 (2.2). */
class NullAuthPayloadsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void idNullIsType13WithNoData() throws Exception {
        byte[] wire = PayloadChain.encode(List.of(IdentificationPayload.of(true, IdType.NULL, Bytes.EMPTY)));

        // Generic header: next payload 0, flags 0, length 8; then ID Type 13, three reserved zero octets, no data.
        assertThat(HEX.formatHex(wire)).isEqualTo("00000008" + "0d000000");
        IdentificationPayload back = (IdentificationPayload) PayloadChain.decode(PayloadType.IDENTIFICATION_INITIATOR.code(), Bytes.wrap(wire)).getFirst();
        assertThat(back.idType()).isEqualTo(IdType.NULL);
        assertThat(back.data().length()).isZero();
    }

    @Test
    void idNullWithDataIsASyntaxError() {
        // RFC 7619 2.1: "the Identification Data field MUST be empty"; one octet of data is refused.
        byte[] wire = HEX.parseHex("00000009" + "0d000000" + "41");

        assertThatThrownBy(() -> PayloadChain.decode(PayloadType.IDENTIFICATION_INITIATOR.code(), Bytes.wrap(wire)))
                .isInstanceOf(IkeDecodeException.class).hasMessageContaining("NULL");
    }

    @Test
    void nullAuthenticationIsMethod13() throws Exception {
        byte[] mac = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        byte[] wire = PayloadChain.encode(List.of(AuthenticationPayload.of(AuthMethod.NULL_AUTHENTICATION, Bytes.wrap(mac))));

        // Generic header (length 4 + 4 + 32 = 40), Auth Method 13, three reserved octets, the MIC.
        assertThat(HEX.formatHex(wire)).isEqualTo("00000028" + "0d000000" + HEX.formatHex(mac));
        AuthenticationPayload back = (AuthenticationPayload) PayloadChain.decode(PayloadType.AUTHENTICATION.code(), Bytes.wrap(wire)).getFirst();
        assertThat(back.method()).isEqualTo(AuthMethod.NULL_AUTHENTICATION);
        assertThat(back.data().toByteArray()).isEqualTo(mac);
    }
}
