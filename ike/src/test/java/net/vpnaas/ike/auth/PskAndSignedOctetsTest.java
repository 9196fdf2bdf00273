package net.vpnaas.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import net.vpnaas.ike.message.AuthMethod;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** RFC 7296 section 2.15, checked against Bouncy Castle's HMac (an implementation the code under test does not use). */
class PskAndSignedOctetsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PSK = "correct horse battery staple".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OCTETS = HEX.parseHex("00112233445566778899aabbccddeeff");

    private static byte[] bcHmac(byte[] key, byte[] data) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    @Test
    void pskAuthIsPrfOfPrfOfTheSecretAndTheKeyPad() {
        byte[] expected = bcHmac(bcHmac(PSK, "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII)), OCTETS);

        AuthData auth = PskAuthenticator.authData(HmacSha256.PRF, PSK, OCTETS);

        assertThat(auth.method()).isEqualTo(2);
        assertThat(auth.data()).isEqualTo(expected);
        // The same value computed once with OpenSSL 3 (two "openssl dgst -sha256 -mac HMAC" calls):
        assertThat(HEX.formatHex(auth.data())).isEqualTo("3bb67b6cddc52aefa2a75252f16e38fc4e9b20a1a29f48714c5a94fa3fe51d6d");
    }

    @Test
    void pskVerificationAcceptsOnlyTheRightMacWithMethod2() {
        AuthData good = PskAuthenticator.authData(HmacSha256.PRF, PSK, OCTETS);
        byte[] flipped = good.data();
        flipped[31] ^= 1;
        byte[] otherOctets = OCTETS.clone();
        otherOctets[0] ^= 1;

        assertThat(PskAuthenticator.verify(HmacSha256.PRF, PSK, OCTETS, good)).isTrue();
        assertThat(PskAuthenticator.verify(HmacSha256.PRF, PSK, OCTETS, new AuthData(2, flipped))).isFalse();
        assertThat(PskAuthenticator.verify(HmacSha256.PRF, PSK, otherOctets, good)).isFalse();
        assertThat(PskAuthenticator.verify(HmacSha256.PRF, "another secret".getBytes(StandardCharsets.US_ASCII), OCTETS, good)).isFalse();
        assertThat(PskAuthenticator.verify(HmacSha256.PRF, PSK, OCTETS, new AuthData(AuthMethod.DIGITAL_SIGNATURE, good.data()))).isFalse();
        assertThat(PskAuthenticator.verify(HmacSha256.PRF, PSK, OCTETS, new AuthData(2, new byte[0]))).isFalse();
    }

    @Test
    void signedOctetsAreMessageThenPeerNonceThenMacedId() {
        byte[] message = HEX.parseHex("aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb2120220800000000000000fe");
        byte[] nonce = HEX.parseHex("0102030405060708090a0b0c0d0e0f10");
        byte[] skP = HEX.parseHex("5555555555555555555555555555555555555555555555555555555555555555");
        IkeIdentity id = IkeIdentity.fqdn("gw1.example.net");
        byte[] idBody = id.payloadBody();

        byte[] initiator = SignedOctets.initiator(message, nonce, HmacSha256.PRF, skP, idBody);
        byte[] responder = SignedOctets.responder(message, nonce, HmacSha256.PRF, skP, idBody);

        assertThat(HEX.formatHex(Arrays.copyOf(idBody, 4))).isEqualTo("02000000"); // ID_FQDN, 3 reserved octets
        assertThat(Arrays.copyOfRange(idBody, 4, idBody.length)).isEqualTo("gw1.example.net".getBytes(StandardCharsets.US_ASCII));
        assertThat(initiator).hasSize(message.length + nonce.length + 32);
        assertThat(Arrays.copyOf(initiator, message.length)).isEqualTo(message);
        assertThat(Arrays.copyOfRange(initiator, message.length, message.length + nonce.length)).isEqualTo(nonce);
        assertThat(Arrays.copyOfRange(initiator, message.length + nonce.length, initiator.length)).isEqualTo(bcHmac(skP, idBody));
        assertThat(responder).isEqualTo(initiator); // the two formulas differ only in which inputs the engine passes
    }
}
