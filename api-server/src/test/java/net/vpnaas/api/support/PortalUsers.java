package net.vpnaas.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * People in API tests: invited through the API, signed in through it, and a client that sends the
 * session's cookie (and, for changes, its CSRF token) like the portal's pages do. Sign-ins that are
 * meant to fail come from loopback addresses of their own ({@link #newClientAddress()}), so the
 * per-address throttle of one test never refuses another's.
 */
public final class PortalUsers {
    public static final String PASSWORD = "correct horse battery staple";
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(10);

    private final ApiClient anonymous;

    public PortalUsers(int port) {
        this(new ApiClient(port, null));
    }

    /** People of the server {@code anonymous} (a client without credentials, from 127.0.0.1) reaches. */
    public PortalUsers(ApiClient anonymous) {
        this.anonymous = anonymous;
    }

    /** A signed-in browser: its cookie, its CSRF token, and the sign-in answer. */
    public record Session(String cookie, String csrfToken, HttpResult signIn, ApiClient withCookie) {
        /** Sends the cookie and the CSRF token, as the portal does for every change. */
        public ApiClient client() {
            return withCookie.withHeaders("X-CSRF-Token", csrfToken);
        }

        /** Sends the cookie only: reads work, changes must be refused. */
        public ApiClient withoutCsrf() {
            return withCookie;
        }
    }

    /** A client without credentials, from 127.0.0.1. */
    public ApiClient anonymous() {
        return anonymous;
    }

    /** A loopback address no other test signs in from (Linux routes all of 127/8 to lo). */
    public static InetAddress newClientAddress() {
        int n = NEXT_ADDRESS.getAndIncrement();
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Invites {@code email} with {@code role} through {@code admin} and accepts with {@link #PASSWORD}; the user's id. */
    public String createUser(ApiClient admin, String email, String role) {
        HttpResult invited = admin.post("/v1/users", ApiTestBase.body("email", email, "role", role));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        HttpResult accepted = anonymous().post("/v1/invitations/accept",
                ApiTestBase.body("token", invited.json().at("/invitation/token").asText(), "password", PASSWORD));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        return accepted.id();
    }

    public Session signIn(String email, String password) {
        return signIn(anonymous(), email, password, null);
    }

    public Session signIn(ApiClient from, String email, String password, String totpCode) {
        var body = ApiTestBase.body("email", email, "password", password);
        if (totpCode != null) {
            body.put("totpCode", totpCode);
        }
        HttpResult result = from.post("/v1/sessions", body);
        assertThat(result.status()).as(result.body()).isEqualTo(201);
        String cookie = cookieValue(result.header("Set-Cookie"));
        return new Session(cookie, result.json().get("csrfToken").asText(), result,
                anonymous.withHeaders("Cookie", "vpnaas_session=" + cookie));
    }

    /** A TOTP secret as {@code POST /v1/users/me/totp} shows it (base32, RFC 4648), as the bytes codes are computed from. */
    public static byte[] totpSecret(String base32) {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var out = new java.io.ByteArrayOutputStream();
        int buffer = 0, bits = 0;
        for (char c : base32.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    /** The value of vpnaas_session in a Set-Cookie header. */
    public static String cookieValue(String setCookie) {
        assertThat(setCookie).startsWith("vpnaas_session=");
        return setCookie.substring("vpnaas_session=".length(), setCookie.indexOf(';'));
    }
}
