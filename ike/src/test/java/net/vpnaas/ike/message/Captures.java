package net.vpnaas.ike.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Real messages between two strongSwan 5.9.8 instances, captured by src/test/strongswan/capture.sh.
 * The file lists, in order: a hand-made IKE_SA_INIT request (from the script, to leave an SA half
 * open) and strongSwan's response to it, then the real exchange: request (ECP-256), N(COOKIE),
 * request with cookie, N(INVALID_KE_PAYLOAD), request with cookie (X25519), response, IKE_AUTH as
 * two SKF fragments each way, and an INFORMATIONAL request/response.
 */
final class Captures {

    record Captured(boolean fromInitiator, byte[] bytes) {
    }

    static final int HALF_OPEN_RESPONSE = 1;
    static final int INIT_REQUEST_ECP256 = 2;
    static final int COOKIE_RESPONSE = 3;
    static final int INIT_REQUEST_WITH_COOKIE_ECP256 = 4;
    static final int INVALID_KE_RESPONSE = 5;
    static final int INIT_REQUEST = 6;
    static final int INIT_RESPONSE = 7;
    static final int AUTH_REQUEST_FRAGMENT_1 = 8;
    static final int AUTH_REQUEST_FRAGMENT_2 = 9;
    static final int AUTH_RESPONSE_FRAGMENT_1 = 10;
    static final int AUTH_RESPONSE_FRAGMENT_2 = 11;
    static final int INFORMATIONAL_REQUEST = 12;
    static final int INFORMATIONAL_RESPONSE = 13;

    private Captures() {
    }

    static List<Captured> strongSwanExchange() {
        try (InputStream in = Captures.class.getResourceAsStream("strongswan-exchange.hex")) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return text.lines().filter(l -> !l.isBlank()).map(l -> {
                String[] parts = l.split(" ");
                return new Captured(parts[0].equals("i2r"), HexFormat.of().parseHex(parts[1]));
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(int index) {
        return strongSwanExchange().get(index).bytes().clone();
    }
}
