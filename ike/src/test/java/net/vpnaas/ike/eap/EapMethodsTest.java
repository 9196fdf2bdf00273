package net.vpnaas.ike.eap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EapMethodsTest {

    @Test
    void onlyMutualKeyGeneratingMethodsMayReplaceTheRespondersAuth() {
        assertThat(EapMethods.safeForEapOnly(13)).as("EAP-TLS").isTrue();
        assertThat(EapMethods.safeForEapOnly(50)).as("EAP-AKA'").isTrue();
        assertThat(EapMethods.safeForEapOnly(26)).as("EAP-MSCHAPv2").isFalse();
        assertThat(EapMethods.safeForEapOnly(4)).as("EAP-MD5").isFalse();
        assertThat(EapMethods.safeForEapOnly(6)).as("EAP-GTC").isFalse();
    }

    @Test
    void identityPacketsFollowRfc3748() {
        // Code 2 (Response), Identifier 7, Length 9, Type 1 (Identity), "anna"
        assertThat(HexFormat.of().formatHex(EapPacket.identityResponse(7, "anna"))).isEqualTo("020700090161" + "6e6e61");
        assertThat(HexFormat.of().formatHex(EapPacket.identityRequest(3))).isEqualTo("0103000501");
        assertThat(EapPacket.wellFormed(HexFormat.of().parseHex("03020004"))).isTrue();
        assertThat(EapPacket.wellFormed(HexFormat.of().parseHex("03020005"))).as("Length disagrees").isFalse();
        assertThat(EapPacket.wellFormed(HexFormat.of().parseHex("0102000400"))).as("Length disagrees").isFalse();
        assertThat(EapPacket.type(HexFormat.of().parseHex("0102000a1a01"))).isEqualTo(26);
    }
}
