package net.vpnaas.agent.radius;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Jazzer target over what a RADIUS server (or anyone who can send to our port) makes the client do: the
 * packet decoder, the EAP-Message join and the MS-CHAPv2 failure read from it or from MS-CHAP-Error, the Vendor-Specific walk, the authenticity check and MPPE key
 * decryption. The only refusal allowed is {@link RadiusDecodeException}; a decoded packet must re-encode
 * to the octets it came from (up to its Length). Any other exception is a finding.
 */
public final class RadiusPacketFuzzTarget {
    private static final byte[] SECRET = "fuzz-secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_AUTHENTICATOR = new byte[16];

    private RadiusPacketFuzzTarget() {}

    public static void fuzzerTestOneInput(byte[] data) {
        RadiusPacket p;
        try {
            p = RadiusPacket.decode(data);
        } catch (RadiusDecodeException refused) {
            return;
        }
        byte[] again = p.encode();
        if (!Arrays.equals(again, Arrays.copyOf(data, again.length))) throw new IllegalStateException("re-encoding changed " + p);
        p.eapMessage().ifPresent(MsChapV2Failure::inEapRequest);
        MsChapV2Failure.inReject(p);
        RadiusAuthenticators.checkResponse(p, REQUEST_AUTHENTICATOR, SECRET);
        for (int type : new int[] {16, 17}) {
            p.vendorAttribute(311, type).ifPresent(v -> {
                try {
                    RadiusAuthenticators.decryptMppeKey(v, REQUEST_AUTHENTICATOR, SECRET);
                } catch (RadiusDecodeException refused) {
                    // refusing is fine
                }
            });
        }
    }
}
