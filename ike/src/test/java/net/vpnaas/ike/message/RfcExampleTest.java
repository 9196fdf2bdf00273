package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Example payloads printed in RFCs. RFC 4754 section 8 shows the AUTH payloads of its ECDSA test
 * cases; its verified erratum 4748 corrects the method field from "00090000" to "09000000" (the
 * method is the first octet), which is what the codec must read as ECDSA_SHA256_P256 and friends.
 * The generic header's first word ("vvvv" in the RFC, the next payload and flags) is 0000 here.
 */
class RfcExampleTest {

    private static final String ECDSA_256 = "00000048 09000000"
            + "CB28E099 9B9C7715 FD0A80D8 E47A7707 9716CBBF 917DD72E 97566EA1 C066957C"
            + "86FA3BB4 E26CAD5B F90B7F81 899256CE 7594BB1E A0C89212 748BFF3B 3D5B0315";
    private static final String ECDSA_384 = "00000068 0A000000"
            + "FB017B91 4E291494 32D8BAC2 9A514640 B46F53DD AB2C6994 8084E293 0F1C8F7E"
            + "08E07C9C 63F2D21A 07DCB56A 6AF56EB3 B263A130 5E057F98 4D38726A 1B468741"
            + "09F417BC A112674C 528262A4 0A629AF1 CBB9F516 CE0FA7D2 FF630863 A00E8B9F";

    private static AuthenticationPayload decodeAuth(String hex) throws IkeDecodeException {
        Bytes chain = Bytes.fromHex(hex);
        List<Payload> payloads = PayloadChain.decode(PayloadType.AUTHENTICATION.code(), chain);
        assertThat(payloads).hasSize(1);
        return (AuthenticationPayload) payloads.getFirst();
    }

    private static AuthenticationPayload decodeAndReencodeIdentically(String hex) throws IkeDecodeException {
        AuthenticationPayload auth = decodeAuth(hex);
        assertThat(PayloadChain.encode(List.of(auth))).isEqualTo(Bytes.fromHex(hex).toByteArray());
        return auth;
    }

    @Test
    void rfc4754EcdsaAuthPayloads() throws Exception {
        AuthenticationPayload p256 = decodeAndReencodeIdentically(ECDSA_256);
        assertThat(p256.method()).isEqualTo(AuthMethod.ECDSA_SHA256_P256);
        assertThat(p256.data().length()).isEqualTo(64); // r and s, 32 bytes each
        assertThat(p256.data().slice(0, 4)).isEqualTo(Bytes.fromHex("CB28E099"));
        AuthenticationPayload p384 = decodeAndReencodeIdentically(ECDSA_384);
        assertThat(p384.method()).isEqualTo(AuthMethod.ECDSA_SHA384_P384);
        assertThat(p384.data().length()).isEqualTo(96);
    }

    @Test
    void theUncorrectedRfcTextReadsAsAnUnknownMethodWithItsCodeKept() throws Exception {
        AuthenticationPayload misprint = decodeAuth(ECDSA_256.replace("09000000", "00090000"));
        assertThat(misprint.method()).isEqualTo(AuthMethod.UNKNOWN);
        assertThat(misprint.methodCode()).isZero();
        // The 09 sat in a reserved byte: ignored on receipt and written as zero (RFC 7296 section 3.8).
        assertThat(PayloadChain.encode(List.of(misprint)))
                .isEqualTo(Bytes.fromHex(ECDSA_256.replace("09000000", "00000000")).toByteArray());
    }
}
