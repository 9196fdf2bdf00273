package net.vpnaas.agent.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * RADIUS packets at the byte level against the formats of RFC 2865 3 and 5, RFC 3579 3.1-3.2 and
 * RFC 2548 2.4.2: every expected value is built here from the RFC's definition (independently of
 * the code under test), and each decoder refusal names what is wrong.
 */
class RadiusPacketTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SECRET = "xyzzy5461".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_AUTH = HEX.parseHex("0f403f9473978057bd83d5cb98f4227a");

    @Test
    void accessRequestEncodesAsTheRfcLaysItOut() {
        RadiusPacket p = new RadiusPacket(RadiusCode.ACCESS_REQUEST, 0x2a, REQUEST_AUTH,
                List.of(RadiusAttribute.text(RadiusAttribute.USER_NAME, "nemo"), RadiusAttribute.integer(RadiusAttribute.NAS_PORT_TYPE, 5)));
        // Code 1, Identifier, Length 20 + (2+4) + (2+4) = 32, Authenticator, User-Name TLV, NAS-Port-Type TLV
        assertThat(HEX.formatHex(p.encode())).isEqualTo("012a0020" + "0f403f9473978057bd83d5cb98f4227a"
                + "01066e656d6f" + "3d0600000005");
    }

    @Test
    void decodeIsTheInverseOfEncodeAndIgnoresPaddingPastLength() throws Exception {
        RadiusPacket p = new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 7, REQUEST_AUTH,
                List.of(new RadiusAttribute(RadiusAttribute.STATE, new byte[] {1, 2, 3})));
        byte[] padded = Arrays.copyOf(p.encode(), p.encode().length + 5);
        assertThat(RadiusPacket.decode(padded)).isEqualTo(p);
        assertThat(RadiusPacket.decode(padded).kind()).isEqualTo(RadiusCode.ACCESS_CHALLENGE);
    }

    @Test
    void malformedPacketsAreRefusedNamingTheFault() {
        byte[] ok = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 1, REQUEST_AUTH,
                List.of(RadiusAttribute.text(RadiusAttribute.REPLY_MESSAGE, "hi"))).encode();
        assertThatThrownBy(() -> RadiusPacket.decode(Arrays.copyOf(ok, 19))).hasMessageContaining("shorter than the header");
        byte[] longer = ok.clone();
        longer[3] = (byte) (ok.length + 1);
        assertThatThrownBy(() -> RadiusPacket.decode(longer)).hasMessageContaining("only " + ok.length + " octets received");
        byte[] badAttribute = ok.clone();
        badAttribute[21] = 1; // Reply-Message Length 1 < 2
        assertThatThrownBy(() -> RadiusPacket.decode(badAttribute)).hasMessageContaining("attribute 18 with Length 1 at offset 20");
        byte[] overrun = ok.clone();
        overrun[21] = 5; // runs past the packet's Length
        assertThatThrownBy(() -> RadiusPacket.decode(overrun)).hasMessageContaining("overruns");
        byte[] tooShortLength = ok.clone();
        tooShortLength[3] = 19;
        assertThatThrownBy(() -> RadiusPacket.decode(tooShortLength)).hasMessageContaining("outside 20..4096");
    }

    @Test
    void eapMessageIsSplitInto253OctetAttributesAndJoinedAgain() throws Exception {
        byte[] eap = new byte[600];
        for (int i = 0; i < eap.length; i++) eap[i] = (byte) i;
        List<RadiusAttribute> parts = RadiusPacket.eapMessageAttributes(eap);
        assertThat(parts).extracting(a -> a.value().length).containsExactly(253, 253, 94);
        assertThat(parts).allMatch(a -> a.type() == 79);
        RadiusPacket p = RadiusPacket.decode(new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 1, REQUEST_AUTH, parts).encode());
        assertThat(p.eapMessage()).hasValueSatisfying(joined -> assertThat(joined).isEqualTo(eap));
    }

    @Test
    void requestMessageAuthenticatorIsHmacMd5OverThePacketWithItsValueZero() throws Exception {
        RadiusPacket unsigned = new RadiusPacket(RadiusCode.ACCESS_REQUEST, 3, REQUEST_AUTH, List.of(
                RadiusAttribute.text(RadiusAttribute.USER_NAME, "nemo"),
                new RadiusAttribute(RadiusAttribute.MESSAGE_AUTHENTICATOR, new byte[16])));
        RadiusPacket signed = RadiusAuthenticators.signRequest(unsigned, SECRET);
        Mac hmac = Mac.getInstance("HmacMD5");
        hmac.init(new SecretKeySpec(SECRET, "HmacMD5"));
        byte[] expected = hmac.doFinal(unsigned.encode()); // the packet with 16 zero octets in the attribute
        assertThat(signed.first(80).orElseThrow().value()).isEqualTo(expected);
        byte[] wire = signed.encode();
        assertThat(Arrays.copyOfRange(wire, wire.length - 16, wire.length)).isEqualTo(expected);
        assertThat(wire[wire.length - 18]).isEqualTo((byte) 80);
        assertThat(wire[wire.length - 17]).isEqualTo((byte) 18);
    }

    @Test
    void responseIsAuthenticOnlyWithRightAuthenticatorsAndSecret() throws Exception {
        RadiusPacket response = serverResponse(RadiusCode.ACCESS_CHALLENGE, 9, List.of(
                new RadiusAttribute(RadiusAttribute.EAP_MESSAGE, HEX.parseHex("0102000601" + "61"))), SECRET);
        assertThat(RadiusAuthenticators.checkResponse(response, REQUEST_AUTH, SECRET)).isEmpty();
        assertThat(RadiusAuthenticators.checkResponse(response, REQUEST_AUTH, "other".getBytes(StandardCharsets.US_ASCII)))
                .hasValue("Response Authenticator does not verify");
        byte[] otherRequest = REQUEST_AUTH.clone();
        otherRequest[0] ^= 1;
        assertThat(RadiusAuthenticators.checkResponse(response, otherRequest, SECRET)).hasValue("Response Authenticator does not verify");
        // A response whose Response Authenticator is right but whose HMAC is not (e.g. attributes changed by
        // someone who knows neither) fails on Message-Authenticator.
        RadiusPacket tampered = new RadiusPacket(response.code(), response.identifier(), REQUEST_AUTH, List.of(
                new RadiusAttribute(RadiusAttribute.EAP_MESSAGE, HEX.parseHex("0102000601" + "62")),
                response.first(80).orElseThrow()));
        tampered = tampered.withAuthenticator(responseAuthenticator(tampered, SECRET));
        assertThat(RadiusAuthenticators.checkResponse(tampered, REQUEST_AUTH, SECRET)).hasValue("Message-Authenticator does not verify");
        // RFC 3579 3.2: EAP-Message without Message-Authenticator is not accepted.
        RadiusPacket bare = new RadiusPacket(RadiusCode.ACCESS_CHALLENGE, 9, REQUEST_AUTH,
                List.of(new RadiusAttribute(RadiusAttribute.EAP_MESSAGE, HEX.parseHex("0102000601" + "61"))));
        bare = bare.withAuthenticator(responseAuthenticator(bare, SECRET));
        assertThat(RadiusAuthenticators.checkResponse(bare, REQUEST_AUTH, SECRET)).hasValue("EAP-Message without Message-Authenticator");
    }

    @Test
    void mppeKeyDecryptsAsRfc2548Encrypts() throws Exception {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) key[i] = (byte) (0xa0 + i);
        byte[] salt = {(byte) 0x81, 0x23};
        byte[] value = encryptMppe(key, salt, REQUEST_AUTH, SECRET);
        assertThat(value).hasSize(2 + 48); // length octet + 32 + 15 padding = 48
        assertThat(RadiusAuthenticators.decryptMppeKey(value, REQUEST_AUTH, SECRET)).isEqualTo(key);
        byte[] noHighBit = value.clone();
        noHighBit[0] = 0x01;
        assertThatThrownBy(() -> RadiusAuthenticators.decryptMppeKey(noHighBit, REQUEST_AUTH, SECRET)).hasMessageContaining("high bit");
        byte[] underWrongSecret;
        try {
            underWrongSecret = RadiusAuthenticators.decryptMppeKey(value, REQUEST_AUTH, "nope".getBytes(StandardCharsets.US_ASCII));
        } catch (RadiusDecodeException e) {
            underWrongSecret = null; // the length octet came out impossible
        }
        assertThat(underWrongSecret).isNotEqualTo(key);
    }

    @Test
    void vendorSpecificMppeKeysAreFoundByVendorAndType() {
        byte[] recv = {(byte) 0x80, 1, 2, 3};
        byte[] vsa = ByteArraysOf.concat(HEX.parseHex("00000137"), new byte[] {17, (byte) (2 + recv.length)}, recv);
        RadiusPacket p = new RadiusPacket(RadiusCode.ACCESS_ACCEPT, 1, REQUEST_AUTH, List.of(
                new RadiusAttribute(RadiusAttribute.VENDOR_SPECIFIC, ByteArraysOf.concat(HEX.parseHex("00000009"), new byte[] {17, 3, 9})),
                new RadiusAttribute(RadiusAttribute.VENDOR_SPECIFIC, vsa)));
        assertThat(p.vendorAttribute(311, 17)).hasValueSatisfying(v -> assertThat(v).isEqualTo(recv));
        assertThat(p.vendorAttribute(311, 16)).isEmpty();
    }

    /** A response as a server builds it: Message-Authenticator with the Request Authenticator in place, then the Response Authenticator. */
    static RadiusPacket serverResponse(RadiusCode code, int id, List<RadiusAttribute> attributes, byte[] secret) throws Exception {
        List<RadiusAttribute> withMac = new java.util.ArrayList<>(attributes);
        withMac.add(new RadiusAttribute(80, new byte[16]));
        RadiusPacket zero = new RadiusPacket(code, id, REQUEST_AUTH, withMac);
        Mac hmac = Mac.getInstance("HmacMD5");
        hmac.init(new SecretKeySpec(secret, "HmacMD5"));
        withMac.set(withMac.size() - 1, new RadiusAttribute(80, hmac.doFinal(zero.encode())));
        RadiusPacket p = new RadiusPacket(code, id, REQUEST_AUTH, withMac);
        return p.withAuthenticator(responseAuthenticator(p, secret));
    }

    /** MD5(Code | Identifier | Length | Request Authenticator | Attributes | Secret), RFC 2865 3. */
    static byte[] responseAuthenticator(RadiusPacket withRequestAuthenticator, byte[] secret) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(withRequestAuthenticator.withAuthenticator(REQUEST_AUTH).encode());
        md5.update(secret);
        return md5.digest();
    }

    /** RFC 2548 2.4.2 encryption, as a server does it. */
    static byte[] encryptMppe(byte[] key, byte[] salt, byte[] requestAuthenticator, byte[] secret) throws Exception {
        int padded = (key.length + 1 + 15) / 16 * 16;
        byte[] plain = new byte[padded];
        plain[0] = (byte) key.length;
        System.arraycopy(key, 0, plain, 1, key.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(salt);
        byte[] previous = null;
        for (int at = 0; at < padded; at += 16) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(secret);
            if (previous == null) {
                md5.update(requestAuthenticator);
                md5.update(salt);
            } else {
                md5.update(previous);
            }
            byte[] b = md5.digest();
            byte[] c = new byte[16];
            for (int i = 0; i < 16; i++) c[i] = (byte) (plain[at + i] ^ b[i]);
            out.writeBytes(c);
            previous = c;
        }
        return out.toByteArray();
    }

    /** Byte array concatenation for building attribute values. */
    static final class ByteArraysOf {
        static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) out.writeBytes(p);
            return out.toByteArray();
        }
    }
}
