package net.vpnaas.agent.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MS-CHAPv2 failure octet by octet, in an EAP-Request/MSCHAPv2 Failure (draft-kamath-pppext-eap-mschapv2-02 2)
 * and in an Access-Reject's MS-CHAP-Error (RFC 2548 2.1.5), with the message of RFC 2759 6; and what is not one.
 */
class MsChapV2FailureTest {

    /** EAP-Request (1), Identifier 7, Length, Type 26, OpCode {@code opCode}, MS-CHAPv2-ID 6, MS-Length, then {@code message}. */
    private static byte[] request(int opCode, String message) {
        byte[] text = message.getBytes(StandardCharsets.US_ASCII);
        int length = 9 + text.length;
        byte[] eap = new byte[length];
        eap[0] = 1;
        eap[1] = 7;
        eap[2] = (byte) (length >>> 8);
        eap[3] = (byte) length;
        eap[4] = 26;
        eap[5] = (byte) opCode;
        eap[6] = 6;
        eap[7] = (byte) ((length - 5) >>> 8);
        eap[8] = (byte) (length - 5);
        System.arraycopy(text, 0, eap, 9, text.length);
        return eap;
    }

    @Test
    void failureRequestGivesTheErrorItsMeaningAndTheServersText() {
        assertThat(MsChapV2Failure.inEapRequest(request(4, "E=691 R=1 C=0123456789abcdef0123456789ABCDEF V=3 M=Authentication failed")))
                .contains("MS-CHAPv2 error 691 (authentication failure): Authentication failed");
        assertThat(MsChapV2Failure.inEapRequest(request(4, "E=648 R=0 V=3"))).contains("MS-CHAPv2 error 648 (password expired)");
        assertThat(MsChapV2Failure.inEapRequest(request(4, "E=12 R=0 M=odd\ttext"))).contains("MS-CHAPv2 error 12: odd?text");
        assertThat(MsChapV2Failure.inEapRequest(request(4, "go away"))).contains("MS-CHAPv2 failure: go away");
    }

    @Test
    void accessRejectsMsChapErrorGivesTheSame() {
        byte[] text = "E=691 R=0 C=0123456789abcdef0123456789ABCDEF V=3 M=Authentication rejected".getBytes(StandardCharsets.US_ASCII);
        // Vendor-Specific: Vendor-Id 311, then Vendor-Type 2, Vendor-Length, MS-CHAP-Error's Ident 6 and the message.
        byte[] vsa = new byte[4 + 3 + text.length];
        vsa[2] = 0x01;
        vsa[3] = 0x37;
        vsa[4] = 2;
        vsa[5] = (byte) (3 + text.length);
        vsa[6] = 6;
        System.arraycopy(text, 0, vsa, 7, text.length);
        RadiusPacket reject = new RadiusPacket(RadiusCode.ACCESS_REJECT, 1, new byte[16],
                List.of(new RadiusAttribute(RadiusAttribute.VENDOR_SPECIFIC, vsa)));
        assertThat(MsChapV2Failure.inReject(reject)).contains("MS-CHAPv2 error 691 (authentication failure): Authentication rejected");
        assertThat(MsChapV2Failure.inReject(new RadiusPacket(RadiusCode.ACCESS_REJECT, 1, new byte[16], List.of()))).isEmpty();
    }

    @Test
    void otherOpCodesTypesAndMalformedPacketsAreNotFailures() {
        assertThat(MsChapV2Failure.inEapRequest(request(3, "S=0123 M=welcome"))).as("Success Request").isEmpty();
        byte[] md5 = request(4, "E=691");
        md5[4] = 4;
        assertThat(MsChapV2Failure.inEapRequest(md5)).as("EAP-MD5").isEmpty();
        byte[] response = request(4, "E=691");
        response[0] = 2;
        assertThat(MsChapV2Failure.inEapRequest(response)).as("a Response").isEmpty();
        byte[] wrongLength = request(4, "E=691");
        wrongLength[3]++;
        assertThat(MsChapV2Failure.inEapRequest(wrongLength)).as("EAP Length not the size").isEmpty();
        assertThat(MsChapV2Failure.inEapRequest(new byte[] {1, 7, 0, 6, 26, 4})).as("no MS-CHAPv2 header").isEmpty();
    }
}
