package net.vpnaas.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.vpnaas.ike.message.AuthMethod;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** RFC 7619 2.2: the NULL method is the shared-key MIC with the sender's SK_p as the secret, checked against Bouncy Castle's HMac. */
class NullAuthenticatorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SK_PI = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] SK_PR = HEX.parseHex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
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
    void nullAuthIsMethod13AndThePskMicUnderTheSendersSkP() {
        byte[] expected = bcHmac(bcHmac(SK_PI, "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII)), OCTETS);

        AuthData auth = NullAuthenticator.authData(HmacSha256.PRF, SK_PI, OCTETS);

        assertThat(auth.method()).isEqualTo(13);
        assertThat(auth.data()).isEqualTo(expected);
    }

    @Test
    void verificationTakesOnlyMethod13UnderThePeersSkP() {
        AuthData good = NullAuthenticator.authData(HmacSha256.PRF, SK_PI, OCTETS);
        byte[] otherOctets = OCTETS.clone();
        otherOctets[15] ^= 1;

        assertThat(NullAuthenticator.verify(HmacSha256.PRF, SK_PI, OCTETS, good)).isTrue();
        assertThat(NullAuthenticator.verify(HmacSha256.PRF, SK_PR, OCTETS, good)).as("the other side's key").isFalse();
        assertThat(NullAuthenticator.verify(HmacSha256.PRF, SK_PI, otherOctets, good)).as("changed octets").isFalse();
        // The same MAC under method 2 is not NULL auth, and NULL auth never passes as a PSK MIC.
        assertThat(NullAuthenticator.verify(HmacSha256.PRF, SK_PI, OCTETS, new AuthData(AuthMethod.SHARED_KEY_MIC, good.data()))).isFalse();
        assertThat(PskAuthenticator.verify(HmacSha256.PRF, SK_PI, OCTETS, good)).isFalse();
    }
}
