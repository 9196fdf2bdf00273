package net.vpnaas.api.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import net.vpnaas.api.agent.ca.AgentCertificateAuthority;
import net.vpnaas.api.agent.ca.TlsKeyMaterial;
import net.vpnaas.api.pki.Pem;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.api.support.PortalUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The session cookie from the real server over real TLS (Tomcat with {@code server.ssl.*} from PEM
 * files, a key and certificate made for this run; nothing committed), configured as the README says for a
 * TLS-terminating proxy in front: {@code X-Forwarded-Proto} and {@code X-Forwarded-For} count only
 * from the proxy's address (127.0.0.1 here); every other client connects from a loopback address of
 * its own, and what it claims in those headers changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionCookieOverTlsTest extends ApiTestBase {
    private static AgentCertificateAuthority ca;

    /** The README's settings: PEM files of the certificate chain and the unencrypted key (mode 0600). */
    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) throws GeneralSecurityException, IOException {
        ca = AgentCertificateAuthority.create("web test CA", Clock.systemUTC());
        KeyPair keys = AgentCertificateAuthority.newP256KeyPair();
        var certificate = ca.issueServerCertificate(keys.getPublic(), List.of("localhost", "127.0.0.1"), Duration.ofHours(1));
        Path dir = Files.createTempDirectory("vpnaas-tls-test", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path chain = Files.writeString(dir.resolve("fullchain.pem"), Pem.certificates(List.of(certificate, ca.caCertificate())));
        Path key = Files.writeString(dir.resolve("key.pem"), Pem.privateKey(keys.getPrivate().getEncoded()));
        List.of(dir, chain, key).forEach(f -> f.toFile().deleteOnExit()); // deleted in reverse: the files, then the directory
        registry.add("server.ssl.certificate", () -> "file:" + chain);
        registry.add("server.ssl.certificate-private-key", () -> "file:" + key);
        registry.add("server.forward-headers-strategy", () -> "native");
        registry.add("server.tomcat.remoteip.internal-proxies", () -> "127\\.0\\.0\\.1");
    }

    private HttpClient https;
    private PortalUsers people;

    @BeforeAll
    void trustTheServer() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, TlsKeyMaterial.trustManagers(ca.caCertificate()), null);
        https = HttpClient.newBuilder().sslContext(context).build();
        people = new PortalUsers(as(null));
    }

    @Override
    protected ApiClient as(String apiKey) {
        return new ApiClient(https, "https://localhost:" + port, apiKey);
    }

    private String newUser() {
        String email = unique("tls") + "@example.com";
        people.createUser(newTenant("customer").admin(), email, "operator");
        return email;
    }

    private HttpResult signIn(ApiClient from, String email, String password, String... headers) {
        return from.post("/v1/sessions", body("email", email, "password", password), headers);
    }

    /** The client address the last sign-in was recorded with. */
    private String lastSignInAddress() {
        return jdbc.queryForObject("select changes ->> 'clientAddress' from audit_event where action = 'session.create'"
                + " order by occurred_at desc limit 1", String.class);
    }

    @Test
    void overHttpsTheCookieIsSecureHttpOnlyAndSameSiteStrictWhateverAClientClaimsAboutItsProxy() {
        String email = newUser();
        InetAddress client = PortalUsers.newClientAddress();
        // what a direct client sends in a proxy's headers would, if believed, strip Secure and hide its address
        HttpResult signedIn = signIn(people.anonymous().from(client), email, PortalUsers.PASSWORD,
                "X-Forwarded-Proto", "http", "X-Forwarded-For", "203.0.113.9");
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(201);
        assertThat(List.of(signedIn.header("Set-Cookie").split("; ")))
                .startsWith("vpnaas_session=" + PortalUsers.cookieValue(signedIn.header("Set-Cookie")))
                .contains("Secure", "HttpOnly", "SameSite=Strict", "Path=/");
        assertThat(lastSignInAddress()).isEqualTo(client.getHostAddress());

        // the address the throttle counts is the connection's, not the claimed one
        HttpResult wrong = signIn(people.anonymous().from(client), email, "a wrong password, twice over",
                "X-Forwarded-For", "203.0.113.9");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(jdbc.queryForList("select subject from sign_in_throttle where scope = 'address'", String.class))
                .contains(client.getHostAddress()).doesNotContain("203.0.113.9");

        // the cookie works over TLS, and signing out clears it with the same attributes
        PortalUsers.Session session = people.signIn(email, PortalUsers.PASSWORD);
        assertThat(session.client().get("/v1/sessions/current").status()).isEqualTo(200);
        HttpResult signedOut = session.client().delete("/v1/sessions/current");
        assertThat(signedOut.status()).isEqualTo(204);
        assertThat(List.of(signedOut.header("Set-Cookie").split("; "))).contains("Max-Age=0", "Secure", "HttpOnly", "SameSite=Strict");
    }

    @Test
    void theTrustedProxysHeadersAreBelieved() {
        String email = newUser();
        // the proxy (127.0.0.1) terminated the client's TLS: Secure, and the client's address is the one it names
        HttpResult viaProxy = signIn(people.anonymous(), email, PortalUsers.PASSWORD,
                "X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7");
        assertThat(viaProxy.status()).as(viaProxy.body()).isEqualTo(201);
        assertThat(List.of(viaProxy.header("Set-Cookie").split("; "))).contains("Secure", "HttpOnly", "SameSite=Strict");
        assertThat(lastSignInAddress()).isEqualTo("203.0.113.7");

        // the proxy says its client came over plain HTTP: a Secure cookie would never come back, so none is set
        HttpResult plain = signIn(people.anonymous(), email, PortalUsers.PASSWORD, "X-Forwarded-Proto", "http");
        assertThat(plain.status()).as(plain.body()).isEqualTo(201);
        assertThat(List.of(plain.header("Set-Cookie").split("; "))).contains("HttpOnly", "SameSite=Strict").doesNotContain("Secure");
    }
}
