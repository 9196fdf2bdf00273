package net.vpnaas.ike.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The payloads of password authentication byte by byte: N(SECURE_PASSWORD_METHODS) (RFC 6467 3.1,
 * type 16424, 2-octet method numbers), the GSPM payload (RFC 6467 3.2, type 49) with PACE's ENONCE
 * (RFC 6631: reserved octet, IV, encrypted nonce) and AUTH method 12; and the refusals of malformed ones.
 */
class PacePayloadsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void securePasswordMethodsListsTwoOctetMethods() throws Exception {
        byte[] wire = PayloadChain.encode(List.of(new SecurePasswordMethodsNotify(List.of(1, 3)).payload()));

        // Generic header (length 8 + 4 = 12), Protocol ID 0, SPI size 0, type 16424 = 0x4028, methods 1 and 3.
        assertThat(HEX.formatHex(wire)).isEqualTo("0000000c" + "00004028" + "00010003");
        NotifyPayload back = (NotifyPayload) PayloadChain.decode(PayloadType.NOTIFY.code(), Bytes.wrap(wire)).getFirst();
        assertThat(back.notifyType()).isEqualTo(NotifyType.SECURE_PASSWORD_METHODS);
        assertThat(SecurePasswordMethodsNotify.decode(back).methods()).containsExactly(1, 3);
    }

    @Test
    void securePasswordMethodsOfAnOddLengthOrEmptyIsRefused() throws Exception {
        for (String data : List.of("000100", "")) {
            byte[] wire = HEX.parseHex(String.format("%08x", 8 + data.length() / 2) + "00004028" + data);
            NotifyPayload n = (NotifyPayload) PayloadChain.decode(PayloadType.NOTIFY.code(), Bytes.wrap(wire)).getFirst();
            assertThatThrownBy(() -> SecurePasswordMethodsNotify.decode(n)).isInstanceOf(IkeDecodeException.class)
                    .hasMessageContaining("2-octet methods");
        }
    }

    @Test
    void enonceIsReservedOctetIvAndEncryptedNonceInAGspmPayload() throws Exception {
        byte[] iv = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] enc = HEX.parseHex("f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff");
        byte[] wire = PayloadChain.encode(List.of(new PaceEncryptedNonce(Bytes.wrap(iv), Bytes.wrap(enc)).payload()));

        // Generic header (length 4 + 1 + 16 + 32 = 53 = 0x35), PACE Reserved 0, IV, E(KPwd, s).
        assertThat(HEX.formatHex(wire)).isEqualTo("00000035" + "00" + HEX.formatHex(iv) + HEX.formatHex(enc));
        GspmPayload back = (GspmPayload) PayloadChain.decode(PayloadType.GSPM.code(), Bytes.wrap(wire)).getFirst();
        assertThat(back.typeCode()).isEqualTo(49);
        PaceEncryptedNonce enonce = PaceEncryptedNonce.decode(back, 16, 32);
        assertThat(enonce.iv().toByteArray()).isEqualTo(iv);
        assertThat(enonce.encryptedNonce().toByteArray()).isEqualTo(enc);
    }

    @Test
    void enonceOfAnotherLengthOrWithANonZeroReservedOctetIsRefused() throws Exception {
        GspmPayload shortOne = new GspmPayload(Bytes.wrap(new byte[1 + 16 + 31]));
        assertThatThrownBy(() -> PaceEncryptedNonce.decode(shortOne, 16, 32)).isInstanceOf(IkeDecodeException.class)
                .hasMessageContaining("not 49");
        byte[] reserved = new byte[1 + 12 + 32];
        reserved[0] = 1;
        assertThatThrownBy(() -> PaceEncryptedNonce.decode(new GspmPayload(Bytes.wrap(reserved)), 12, 32))
                .isInstanceOf(IkeDecodeException.class).hasMessageContaining("reserved");
    }

    @Test
    void anEmptyGspmPayloadIsRefusedByTheCodec() {
        assertThatThrownBy(() -> PayloadChain.decode(PayloadType.GSPM.code(), Bytes.wrap(HEX.parseHex("00000004"))))
                .isInstanceOf(IkeDecodeException.class).hasMessageContaining("GSPM");
    }

    @Test
    void paceAuthIsMethod12() throws Exception {
        byte[] mac = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        byte[] wire = PayloadChain.encode(List.of(AuthenticationPayload.of(AuthMethod.GENERIC_SECURE_PASSWORD, Bytes.wrap(mac))));

        assertThat(HEX.formatHex(wire)).isEqualTo("00000028" + "0c000000" + HEX.formatHex(mac));
    }

    @Test
    void theFirstPaceExchangeMeetsThePresenceRulesAndAnAuthWithGspmDoesNot() throws Exception {
        IkeHeader request = IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, true, false, 1);
        Payload idi = IdentificationPayload.of(true, IdType.FQDN, Bytes.wrap("a.example".getBytes()));
        Payload gspm = new PaceEncryptedNonce(Bytes.wrap(new byte[16]), Bytes.wrap(new byte[32])).payload();
        Payload ke = KeyExchangePayload.of(KeyExchangeMethod.of(19), Bytes.wrap(new byte[64]));
        PayloadRules.checkInner(request, List.of(idi, gspm, ke));
        PayloadRules.checkInner(IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, false, true, 1),
                List.of(IdentificationPayload.of(false, IdType.FQDN, Bytes.wrap("b.example".getBytes())), ke));
        Payload auth = AuthenticationPayload.of(AuthMethod.GENERIC_SECURE_PASSWORD, Bytes.wrap(new byte[32]));
        assertThatThrownBy(() -> PayloadRules.checkInner(request, List.of(idi, auth, gspm, ke))).isInstanceOf(IkeDecodeException.class);
        assertThatThrownBy(() -> PayloadRules.checkInner(request, List.of(idi, gspm))).isInstanceOf(IkeDecodeException.class);
    }
}
