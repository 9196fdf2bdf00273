package net.vpnaas.api.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cookie's attributes; over TLS (request.isSecure()) it is Secure too. */
class SessionCookieTest {
    @Test
    void overTlsTheCookieIsSecureHttpOnlyAndSameSiteStrict() {
        assertThat(List.of(SessionCookie.set("vps_x", true).split("; ")))
                .containsExactly("vpnaas_session=vps_x", "Path=/", "HttpOnly", "SameSite=Strict", "Secure");
        assertThat(List.of(SessionCookie.clear(true).split("; ")))
                .containsExactly("vpnaas_session=", "Path=/", "Max-Age=0", "HttpOnly", "SameSite=Strict", "Secure");
    }

    @Test
    void overPlainHttpItCannotBeSecureOrTheBrowserWouldDropIt() {
        assertThat(SessionCookie.set("vps_x", false)).isEqualTo("vpnaas_session=vps_x; Path=/; HttpOnly; SameSite=Strict");
    }
}
