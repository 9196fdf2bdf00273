package net.vpnaas.agent.radius;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What proves a RADIUS packet came from the holder of the shared secret: the Response Authenticator
 * (RFC 2865 3) and Message-Authenticator, an HMAC-MD5 over the whole packet (RFC 3579 3.2), and the
 * decryption of MS-MPPE-Send-Key and -Recv-Key (RFC 2548 2.4.2, 2.4.3), which carry the MSK.
 * MD5 is what these RFCs fix; nothing else would interoperate.
 */
public final class RadiusAuthenticators {
    private static final byte[] ZEROS = new byte[RadiusPacket.AUTHENTICATOR_LENGTH];

    private RadiusAuthenticators() {}

    /**
     * The Access-Request with its Message-Authenticator filled in: the HMAC-MD5 under the secret of the
     * packet as it is sent, with the attribute's own value zero (RFC 3579 3.2). The packet must carry
     * a Message-Authenticator attribute (its value is replaced) and its random Request Authenticator.
     */
    public static RadiusPacket signRequest(RadiusPacket request, byte[] secret) {
        RadiusPacket zeroed = request.withAttribute(new RadiusAttribute(RadiusAttribute.MESSAGE_AUTHENTICATOR, ZEROS));
        return zeroed.withAttribute(new RadiusAttribute(RadiusAttribute.MESSAGE_AUTHENTICATOR, hmacMd5(secret, zeroed.encode())));
    }

    /**
     * Why {@code response} is not the authentic answer to a request with {@code requestAuthenticator},
     * or empty when it is: its Response Authenticator must be MD5(Code | Identifier | Length |
     * Request Authenticator | Attributes | Secret), and its Message-Authenticator (which any answer
     * carrying EAP-Message must have, RFC 3579 3.2) the HMAC-MD5 of the packet with the Request
     * Authenticator in place of its own and the attribute's value zero.
     */
    public static Optional<String> checkResponse(RadiusPacket response, byte[] requestAuthenticator, byte[] secret) {
        byte[] expected = responseAuthenticator(response, requestAuthenticator, secret);
        if (!MessageDigest.isEqual(expected, response.authenticator())) return Optional.of("Response Authenticator does not verify");
        Optional<RadiusAttribute> mac = response.first(RadiusAttribute.MESSAGE_AUTHENTICATOR);
        if (mac.isEmpty()) {
            return response.first(RadiusAttribute.EAP_MESSAGE).isPresent()
                    ? Optional.of("EAP-Message without Message-Authenticator") : Optional.empty();
        }
        if (mac.get().value().length != RadiusPacket.AUTHENTICATOR_LENGTH) return Optional.of("Message-Authenticator of " + mac.get().value().length + " octets");
        RadiusPacket zeroed = response.withAuthenticator(requestAuthenticator)
                .withAttribute(new RadiusAttribute(RadiusAttribute.MESSAGE_AUTHENTICATOR, ZEROS));
        return MessageDigest.isEqual(hmacMd5(secret, zeroed.encode()), mac.get().value())
                ? Optional.empty() : Optional.of("Message-Authenticator does not verify");
    }

    /** The Response Authenticator {@code response} should carry as the answer to {@code requestAuthenticator} (RFC 2865 3). */
    public static byte[] responseAuthenticator(RadiusPacket response, byte[] requestAuthenticator, byte[] secret) {
        MessageDigest md5 = md5();
        md5.update(response.withAuthenticator(requestAuthenticator).encode());
        md5.update(secret);
        return md5.digest();
    }

    /**
     * The key in an MS-MPPE-Send-Key or -Recv-Key value (RFC 2548 2.4.2): Salt (2 octets, high bit
     * set), then the key's length octet, the key and padding, encrypted in 16-octet blocks with
     * b(1) = MD5(secret | Request Authenticator | Salt), b(i) = MD5(secret | c(i-1)).
     *
     * @throws RadiusDecodeException when the value is not of that form
     */
    public static byte[] decryptMppeKey(byte[] value, byte[] requestAuthenticator, byte[] secret) throws RadiusDecodeException {
        if (value.length < 2 + 16 || (value.length - 2) % 16 != 0) throw new RadiusDecodeException("MPPE key attribute of " + value.length + " octets");
        if ((value[0] & 0x80) == 0) throw new RadiusDecodeException("MPPE key Salt without its high bit");
        byte[] plain = new byte[value.length - 2];
        byte[] previous = null;
        for (int at = 2; at < value.length; at += 16) {
            MessageDigest md5 = md5();
            md5.update(secret);
            if (previous == null) {
                md5.update(requestAuthenticator);
                md5.update(value, 0, 2);
            } else {
                md5.update(previous);
            }
            byte[] b = md5.digest();
            for (int i = 0; i < 16; i++) plain[at - 2 + i] = (byte) (value[at + i] ^ b[i]);
            previous = Arrays.copyOfRange(value, at, at + 16);
        }
        int keyLength = plain[0] & 0xff;
        if (keyLength == 0 || keyLength > plain.length - 1) throw new RadiusDecodeException("MPPE key length " + keyLength + " in " + plain.length + " octets");
        return Arrays.copyOfRange(plain, 1, 1 + keyLength);
    }

    static byte[] hmacMd5(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(secret, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-MD5 is in every JDK", e);
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is in every JDK", e);
        }
    }
}
