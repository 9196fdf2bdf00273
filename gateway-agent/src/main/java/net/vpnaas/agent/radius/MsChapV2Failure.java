package net.vpnaas.agent.radius;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.vpnaas.ike.eap.EapPacket;

/**
 * Why an MS-CHAPv2 server refused a password: the failure message of RFC 2759 6
 * ({@code E=691 R=1 C=... V=3 M=text}), which a RADIUS server doing EAP-MSCHAPv2 puts in one of two
 * places. Either in an MS-CHAP-Error attribute of the Access-Reject (RFC 2548 2.1.5: Ident, then the
 * message), as FreeRADIUS does by default, which sends the client a bare EAP-Failure; or in an
 * EAP-Request/MSCHAPv2 Failure to the client (draft-kamath-pppext-eap-mschapv2-02 2: OpCode 4,
 * MS-CHAPv2-ID, MS-Length, then the message), after which the Access-Reject has none. A pass-through
 * gateway that wants to say why looks at both.
 */
final class MsChapV2Failure {
    static final int EAP_TYPE_MSCHAPV2 = 26;
    /** MS-CHAP-Error, a Microsoft vendor attribute (RFC 2548 2.1.5). */
    static final int MS_CHAP_ERROR = 2;
    private static final int OPCODE_FAILURE = 4;
    private static final Pattern ERROR = Pattern.compile("(?:^|\\s)E=(\\d{1,9})(?:\\s|$)");
    private static final Pattern MESSAGE = Pattern.compile("(?:^|\\s)M=(.*)$", Pattern.DOTALL);
    /** RFC 2759 6: what the error codes a server may send mean. */
    private static final Map<Integer, String> ERRORS = Map.of(
            646, "restricted logon hours", 647, "account disabled", 648, "password expired",
            649, "no dial-in permission", 691, "authentication failure", 709, "error changing password");

    private MsChapV2Failure() {}

    /** The failure an Access-Reject's MS-CHAP-Error reports; empty without one. */
    static Optional<String> inReject(RadiusPacket reject) {
        return reject.vendorAttribute(RadiusEapAuthenticator.MICROSOFT, MS_CHAP_ERROR)
                .filter(v -> v.length > 1)
                .map(v -> describe(Arrays.copyOfRange(v, 1, v.length)));
    }

    /** The failure an EAP-Request/MSCHAPv2 Failure reports; empty for any other EAP packet. */
    static Optional<String> inEapRequest(byte[] eap) {
        if (!EapPacket.wellFormed(eap) || EapPacket.code(eap) != EapPacket.REQUEST || EapPacket.type(eap) != EAP_TYPE_MSCHAPV2
                || eap.length < 9 || (eap[5] & 0xff) != OPCODE_FAILURE) {
            return Optional.empty();
        }
        // Whatever MS-Length says, the message is the rest of the EAP packet, whose Length was checked.
        return Optional.of(describe(Arrays.copyOfRange(eap, 9, eap.length)));
    }

    /** E.g. {@code MS-CHAPv2 error 691 (authentication failure): Authentication failed}. */
    private static String describe(byte[] message) {
        String text = new String(message, StandardCharsets.US_ASCII).strip();
        Matcher error = ERROR.matcher(text);
        if (!error.find()) return "MS-CHAPv2 failure: " + printable(text);
        String meaning = ERRORS.get(Integer.parseInt(error.group(1)));
        Matcher m = MESSAGE.matcher(text);
        return "MS-CHAPv2 error " + error.group(1) + (meaning == null ? "" : " (" + meaning + ")")
                + (m.find() ? ": " + printable(m.group(1).strip()) : "");
    }

    /** A server's text as a log line may hold it: no control characters, at most 200 of them. */
    private static String printable(String s) {
        String clean = s.codePoints().map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }
}
