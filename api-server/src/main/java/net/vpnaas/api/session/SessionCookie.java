package net.vpnaas.api.session;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The cookie that carries a session's token: HttpOnly (page scripts cannot read it), SameSite=Strict
 * (no other site's page makes the browser send it), Path=/, and Secure when the request came over
 * TLS ({@code request.isSecure()}: behind a TLS-terminating proxy, Tomcat's RemoteIpValve makes that
 * true from the proxy's X-Forwarded-Proto, see the README). No Max-Age: the browser forgets it when
 * it closes, and the server ends it on its own schedule anyway.
 */
public final class SessionCookie {
    public static final String NAME = "vpnaas_session";

    private SessionCookie() {}

    public static String set(String token, boolean secure) {
        return NAME + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** Tells the browser to drop the cookie (signed out, or the session it names is gone). */
    public static String clear(boolean secure) {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** The token the request's cookie carries, or null. */
    public static String token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (NAME.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}
