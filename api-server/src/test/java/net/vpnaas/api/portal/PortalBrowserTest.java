package net.vpnaas.api.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import net.vpnaas.api.agent.AgentEndpoint;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.Browser;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.api.support.PortalUsers;
import net.vpnaas.api.support.RecordedAgent;
import net.vpnaas.api.user.Totp;
import net.vpnaas.model.agent.v1.SaEvent;
import net.vpnaas.model.agent.v1.SaEventKind;
import net.vpnaas.model.agent.v1.TelemetryBatch;
import net.vpnaas.model.agent.v1.TunnelCounters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The portal as a person uses it: Debian's Chromium (headless) against the real server on embedded
 * PostgreSQL, which serves the portal built by this module's Maven build. One browser for the class;
 * each test works in a tenant of its own. Screenshots of each screen go to target/portal-screenshots.
 * People are invited through the API and sign in through the sign-in form, with real sessions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTest extends ApiTestBase {
    private Browser browser;

    @Autowired
    private AgentEndpoint agentEndpoint;

    private PortalUsers people;

    @BeforeAll
    void openBrowser() throws IOException {
        browser = Browser.open("http://localhost:" + port);
        people = new PortalUsers(port);
    }

    @AfterAll
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    /** A new person of {@code role} in {@code tenant}, invited through the API, signed in through the form; the email. */
    private String signInAs(TenantFixture tenant, String role) {
        String email = unique(role) + "@example.com";
        people.createUser(tenant.admin(), email, role);
        browser.signIn(email, PortalUsers.PASSWORD);
        browser.waitForText(By.cssSelector(".who"), email);
        return email;
    }

    /** What the gateway's agent reports about {@code tunnel}: an SA event and the counters of its Child SA. */
    private static TelemetryBatch recorded(SaEvent event, String tunnel) {
        return TelemetryBatch.newBuilder().addEvents(event)
                .addCounters(TunnelCounters.newBuilder().setTunnelId(tunnel).setChildSpiIn(0xc1a2b3c4).setBytesIn(4096)
                        .setBytesOut(2048).setPacketsIn(4).setPacketsOut(2))
                .build();
    }

    private List<String> tunnelNames(ApiClient client) {
        HttpResult list = client.get("/v1/tunnels");
        assertThat(list.status()).isEqualTo(200);
        return list.json().get("items").findValuesAsText("name");
    }

    @Test
    @Order(1)
    void withoutASessionThePortalAsksToSignIn() {
        browser.driver.manage().deleteAllCookies();
        browser.go("/tunnels");
        browser.waitForHeading("Sign in");
        assertThat(browser.control("Email").getAttribute("type")).isEqualTo("email");
        assertThat(browser.control("Password").getAttribute("type")).isEqualTo("password");
        browser.screenshot("01-sign-in");
        browser.screenshot("01-sign-in-phone", true);
        assertThat(browser.contentSecurityPolicyViolations()).isEmpty();
    }

    @Test
    @Order(2)
    void anAdminCreatesAGatewayAPeerAPolicyAndATunnelThroughTheForms() throws Exception {
        TenantFixture tenant = newTenant("customer");
        signInAs(tenant, "admin");
        browser.go("/");
        browser.waitForHeading("Overview");
        browser.waitForText(By.tagName("main"), "No tunnels yet");

        browser.click("Gateways");
        browser.click("New gateway");
        browser.waitForHeading("New gateway");
        browser.type("Name", "fra-1");
        browser.type("Public addresses", "192.0.2.10, 2001:db8::10");
        browser.type("Labels", "site=fra");
        browser.screenshot("02-gateway-form");
        browser.click("Create");
        browser.waitForHeading("Gateways");
        browser.waitForText(By.tagName("table"), "fra-1");
        browser.screenshot("03-gateways");

        browser.click("Peers");
        browser.click("New peer");
        browser.type("Name", "branch-office");
        browser.type("Address", "198.51.100.20");
        browser.type("IKE identity", "branch.example.com");
        browser.click("Create");
        // no PSK typed: the server generated one, shown once
        browser.waitForHeading("peer created");
        assertThat(browser.waitFor(By.cssSelector("pre[aria-label='Generated pre-shared key']")).getText()).hasSizeGreaterThan(20);
        browser.screenshot("04-peer-generated-psk");
        browser.click("Done");

        browser.click("Crypto policies");
        browser.click("New policy");
        browser.type("Name", "modern");
        browser.type("IKE proposals", "aes256gcm16-prfsha384-x25519");
        browser.click("Create");
        browser.waitForText(By.tagName("table"), "modern");

        browser.click("Tunnels");
        browser.click("New tunnel");
        browser.type("Name", "fra-to-branch");
        browser.choose("Gateway", "fra-1");
        browser.choose("Peer", "branch-office");
        browser.choose("Crypto policy", "modern");
        browser.type("Local traffic selectors", "10.1.0.1/16");
        browser.type("Remote traffic selectors", "10.2.0.0/16");
        browser.click("Create");
        // host bits set: the API's error is shown at the field it names, and nothing is created
        assertThat(browser.errorAt("Local traffic selectors")).contains("localTrafficSelectors[0]").contains("10.1.0.1/16").contains("host bits");
        assertThat(browser.fieldsWithErrors()).containsExactly("localTrafficSelectors");
        browser.screenshot("05-tunnel-form-error");
        assertThat(tunnelNames(tenant.admin())).isEmpty();

        browser.type("Local traffic selectors", "10.1.0.0/16");
        browser.click("Create");
        browser.waitForHeading("Tunnels");
        browser.waitForText(By.tagName("table"), "fra-to-branch");
        assertThat(tunnelNames(tenant.admin())).containsExactly("fra-to-branch");
        browser.screenshot("06-tunnels");
        browser.screenshot("06-tunnels-phone", true);

        browser.click("fra-to-branch");
        browser.waitForHeading("Tunnel fra-to-branch");
        assertThat(browser.waitFor(By.cssSelector(".status-line .badge")).getAttribute("data-status")).isEqualTo("UNKNOWN");
        browser.click("Download");
        assertThat(browser.downloaded("vpnaas-fra-to-branch.swanctl.conf")).contains("connections {").contains("10.1.0.0/16")
                .contains("<your pre-shared key>");

        // the gateway's agent reports the tunnel up: the page shows it without a reload
        // (an agent enrolled with a token from the API, streaming recorded telemetry over mutual-TLS gRPC)
        String tunnel = tenant.admin().get("/v1/tunnels").json().get("items").get(0).get("id").asText();
        String gateway = tenant.admin().get("/v1/tunnels/" + tunnel).json().get("gatewayId").asText();
        try (RecordedAgent agent = RecordedAgent.enroll(tenant.admin(), gateway, agentEndpoint.port())) {
            agent.report(recorded(SaEvent.newBuilder().setTunnelId(tunnel).setKind(SaEventKind.CHILD_UP).setChildSpiIn(0xc1a2b3c4)
                    .setChildSpiOut(0xabcd).setAtEpochMillis(System.currentTimeMillis()).build(), tunnel));
            browser.waitFor(By.cssSelector(".status-line .badge[data-status='ESTABLISHED']"));
            browser.waitForText(By.cssSelector(".facts"), "fra-1");
            browser.waitForText(By.tagName("table"), "c1a2b3c4");
            browser.screenshot("07-tunnel-detail");
            // while nothing changed (before the report, and after it), the page's polls sent If-None-Match and got 304
            browser.waiting().withMessage("a 304 answering the tunnel's poll").until(d -> Boolean.TRUE.equals(browser.driver.executeScript(
                    "return performance.getEntriesByType('resource').some(e => e.name.endsWith(arguments[0]) && e.responseStatus === 304)",
                    "/v1/tunnels/" + tunnel)));

            agent.report(recorded(SaEvent.newBuilder().setTunnelId(tunnel).setKind(SaEventKind.AUTHENTICATION_FAILED)
                    .setReason("the peer's PSK does not match").setAtEpochMillis(System.currentTimeMillis()).build(), tunnel));
            browser.click("Overview");
            browser.waitForHeading("Overview");
            browser.waitForText(By.cssSelector(".trouble"), "the peer's PSK does not match");
            browser.waitForText(By.tagName("main"), "fra-1");
            browser.screenshot("08-overview");
        }
        assertThat(browser.contentSecurityPolicyViolations()).isEmpty();
    }

    @Test
    @Order(3)
    void anAdminGetsTheAgentCommandAndANewKeysSecretOnce() {
        TenantFixture tenant = newTenant("customer");
        createResources(tenant.admin());
        String gateway = tenant.admin().get("/v1/gateways").json().get("items").get(0).get("id").asText();
        signInAs(tenant, "admin");

        browser.go("/gateways/" + gateway);
        browser.click("Create enrollment token");
        String command = browser.waitFor(By.cssSelector("pre[aria-label=\"Run as root on the gateway's machine\"]")).getText();
        assertThat(command).contains("bin/agent connect --control-plane localhost:9443").contains("--enrollment-token-file token")
                .contains("-----BEGIN CERTIFICATE-----");
        browser.screenshot("09-enrollment-command");

        // an edit is a merge patch with If-Match: the labels are replaced (env=test removed), the addresses stay
        browser.click("Edit");
        browser.waitForHeading("Edit gateway");
        assertThat(browser.control("Labels").getAttribute("value")).isEqualTo("env=test");
        browser.type("Labels", "site=ber");
        browser.click("Save");
        browser.waitForText(By.tagName("table"), "site=ber");
        var edited = tenant.admin().get("/v1/gateways/" + gateway).json();
        assertThat(edited.get("labels").toString()).isEqualTo("{\"site\":\"ber\"}");
        assertThat(edited.get("publicAddresses")).hasSize(2);

        browser.click("API keys");
        browser.type("Name", "ci-deployer");
        browser.choose("Role", "operator");
        browser.click("Create key");
        assertThat(browser.waitFor(By.cssSelector("pre[aria-label='API key secret']")).getText()).startsWith("vpk_");
        browser.waitForText(By.tagName("table"), "ci-deployer");
        browser.screenshot("10-api-keys");

        browser.click("Audit log");
        browser.waitForText(By.tagName("table"), "api_key.create");
        browser.screenshot("11-audit-log");
    }

    @Test
    @Order(4)
    void aViewerSeesNoControlThatChangesAnything() {
        TenantFixture tenant = newTenant("customer");
        Resources resources = createResources(tenant.admin());
        signInAs(tenant, "viewer");

        browser.go("/tunnels");
        browser.waitFor(By.cssSelector("table"));
        assertThat(browser.shows("New tunnel")).isFalse();
        assertThat(browser.shows("API keys")).as("admin-only screen in the menu").isFalse();
        browser.go("/tunnels/" + resources.tunnelId());
        browser.waitFor(By.cssSelector(".status-line .badge"));
        assertThat(browser.shows("Edit")).isFalse();
        browser.go("/gateways/" + resources.gatewayId());
        browser.waitForText(By.tagName("main"), "Agents");
        assertThat(browser.shows("Create enrollment token")).isFalse();
        browser.screenshot("12-viewer-gateway");

        // what the page hides, a script in it cannot do either: the cookie and the CSRF token go along, the role refuses
        String gatewayBody = "{\"name\":\"sneaky\",\"publicAddresses\":[\"192.0.2.99\"]}";
        Browser.PageResponse create = browser.fetchFromPage("POST", "/v1/gateways", gatewayBody, true);
        assertThat(create.status()).as(create.body()).isEqualTo(403);
        assertThat(create.body()).contains("viewer");
        Browser.PageResponse delete = browser.fetchFromPage("DELETE", "/v1/tunnels/" + resources.tunnelId(), null, true);
        assertThat(delete.status()).as(delete.body()).isEqualTo(403);
        assertThat(browser.fetchFromPage("POST", "/v1/api-keys", "{\"name\":\"mine\",\"role\":\"admin\"}", true).status()).isEqualTo(403);
        // without the token the session's cookie alone is refused before the role is even asked
        Browser.PageResponse noToken = browser.fetchFromPage("POST", "/v1/gateways", gatewayBody, false);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).contains("X-CSRF-Token");
        assertThat(tenant.admin().get("/v1/gateways").json().get("items").findValuesAsText("name")).doesNotContain("sneaky");
        assertThat(tenant.admin().get("/v1/tunnels/" + resources.tunnelId()).status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void anMspUserSwitchesToACustomerAndSeesOnlyItsTunnels() {
        TenantFixture msp = newTenant("msp");
        TenantFixture customer = newChild(msp, "customer");
        createResources(msp.admin());
        createResources(customer.admin());
        String customerTunnel = tunnelNames(customer.admin()).getFirst();
        String mspTunnel = tunnelNames(msp.admin()).getFirst();
        signInAs(msp, "admin");

        browser.go("/tunnels");
        browser.waitForText(By.tagName("table"), mspTunnel);
        browser.choose("Acting for", msp.admin().get("/v1/tenants/" + customer.id()).json().get("name").asText());
        browser.waitForText(By.cssSelector(".acting"), "Acting for customer tenant");
        browser.waitForText(By.tagName("table"), customerTunnel);
        assertThat(browser.driver.findElement(By.tagName("table")).getText()).doesNotContain(mspTunnel);
        browser.screenshot("13-msp-acting-for-customer");
    }

    @Test
    @Order(6)
    void aWrongPasswordIsRefusedAndNoSessionBegins() {
        TenantFixture tenant = newTenant("customer");
        String email = unique("forgetful") + "@example.com";
        people.createUser(tenant.admin(), email, "operator");
        browser.signIn(email, "not the password at all");
        browser.waitForText(By.cssSelector(".problem[role='alert']"), "wrong email or password");
        browser.waitForHeading("Sign in");
        assertThat(browser.sessionCookie()).isNull();
        browser.screenshot("14-sign-in-wrong-password");
    }

    @Test
    @Order(7)
    void withTotpOnSigningInNeedsTheCodeOfTheAuthenticatorApp() {
        TenantFixture tenant = newTenant("customer");
        String email = unique("careful") + "@example.com";
        people.createUser(tenant.admin(), email, "operator");
        PortalUsers.Session enrolling = people.signIn(email, PortalUsers.PASSWORD);
        HttpResult started = enrolling.client().post("/v1/users/me/totp", null);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        byte[] secret = PortalUsers.totpSecret(started.json().get("secret").asText());
        // confirmed with this step's code; signing in uses the next step's (a code is accepted once, and
        // the next step's stays valid while this test runs, however the clock moves meanwhile)
        long step = Totp.step(Instant.now());
        HttpResult confirmed = enrolling.client().post("/v1/users/me/totp/confirm", body("code", Totp.code(secret, step)));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(204);

        browser.signIn(email, PortalUsers.PASSWORD);
        browser.waitFor(By.xpath("//label[normalize-space()='Code from your authenticator app']"));
        assertThat(browser.sessionCookie()).as("the password alone opens no session").isNull();
        browser.screenshot("15-sign-in-totp");
        browser.type("Code from your authenticator app", codeOfNoStepNear(secret, step));
        browser.click("Verify");
        browser.waitForText(By.cssSelector(".problem[role='alert']"), "wrong or already used authenticator code");
        assertThat(browser.sessionCookie()).isNull();

        browser.type("Code from your authenticator app", Totp.code(secret, step + 1));
        browser.click("Verify");
        browser.waitForText(By.cssSelector(".who"), email);
        assertThat(browser.sessionCookie()).isNotNull();
    }

    /** A six-digit code that is not the code of any step from {@code step - 1} to {@code step + 3}. */
    private static String codeOfNoStepNear(byte[] secret, long step) {
        Set<String> near = LongStream.rangeClosed(step - 1, step + 3).mapToObj(s -> Totp.code(secret, s)).collect(Collectors.toSet());
        return IntStream.range(0, 1_000_000).mapToObj(n -> "%06d".formatted(n)).filter(c -> !near.contains(c)).findFirst().orElseThrow();
    }

    @Test
    @Order(8)
    void signingOutEndsTheSessionOnTheServer() {
        TenantFixture tenant = newTenant("customer");
        signInAs(tenant, "operator");
        String cookie = browser.sessionCookie();
        ApiClient withTheOldCookie = new ApiClient(port, null).withHeaders("Cookie", Browser.SESSION_COOKIE + "=" + cookie);
        assertThat(withTheOldCookie.get("/v1/tunnels").status()).isEqualTo(200);

        browser.click("Sign out");
        browser.waitForHeading("Sign in");
        assertThat(browser.fetchFromPage("GET", "/v1/sessions/current", null, false).status()).isEqualTo(401);
        assertThat(withTheOldCookie.get("/v1/tunnels").status()).as("the cookie, kept, opens nothing").isEqualTo(401);
        browser.go("/tunnels");
        browser.waitForHeading("Sign in");
    }

    @Test
    @Order(9)
    void theTrafficChartDrawsWhatTheGatewayReported() throws Exception {
        TenantFixture tenant = newTenant("customer");
        Resources resources = createResources(tenant.admin());
        String tunnel = resources.tunnelId();
        // as the gateway's agent reports it over the gRPC endpoint: the SA comes up, then its counters;
        // the first report of an SA is all new traffic
        try (RecordedAgent agent = RecordedAgent.enroll(tenant.admin(), resources.gatewayId(), agentEndpoint.port())) {
            agent.report(TelemetryBatch.newBuilder().addEvents(SaEvent.newBuilder().setTunnelId(tunnel).setKind(SaEventKind.CHILD_UP)
                    .setChildSpiIn(0x5100).setChildSpiOut(0x5101).setAtEpochMillis(System.currentTimeMillis())).build());
            agent.report(TelemetryBatch.newBuilder().addCounters(TunnelCounters.newBuilder().setTunnelId(tunnel)
                    .setChildSpiIn(0x5100).setBytesIn(3 << 20).setBytesOut(1 << 20).setPacketsIn(3000).setPacketsOut(1000)).build());
            // written within a flush interval; the chart polls every 15 s, so the page opens on the written history
            browser.waiting().withMessage("the reported traffic in the API's history")
                    .until(d -> bytesInLastHour(tenant.admin(), tunnel) == 3 << 20);
        }
        signInAs(tenant, "viewer");

        browser.go("/tunnels/" + tunnel);
        browser.waitForText(By.cssSelector(".chart figcaption"), "per 1 min");
        browser.waitForText(By.cssSelector(".chart svg"), "3.0 MiB");
        List<double[]> in = pathPoints(browser.waitFor(By.cssSelector(".chart path.series-in")).getAttribute("d"));
        List<double[]> out = pathPoints(browser.waitFor(By.cssSelector(".chart path.series-out")).getAttribute("d"));
        // one point a minute for the last hour; nothing but the minute of the report carried traffic
        assertThat(in).hasSizeBetween(60, 61).hasSameSizeAs(out);
        double top = 12, bottom = 200 - 28;
        assertThat(in.stream().filter(p -> p[1] == top)).as("the 3 MiB in, at the top of the chart").hasSize(1);
        assertThat(in.stream().filter(p -> p[1] == bottom)).hasSize(in.size() - 1);
        double outHeight = out.stream().mapToDouble(p -> p[1]).min().orElseThrow();
        assertThat(outHeight).as("the 1 MiB out, a third of the way up").isCloseTo(bottom - (bottom - top) / 3, within(0.1));
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", browser.waitFor(By.cssSelector("figure.chart")));
        browser.screenshot("16-traffic-chart");

        browser.click("packets");
        browser.waitForText(By.cssSelector(".chart svg"), "3000");
    }

    private static long bytesInLastHour(ApiClient client, String tunnel) {
        HttpResult traffic = client.get("/v1/tunnels/" + tunnel + "/traffic?step=60");
        assertThat(traffic.status()).as(traffic.body()).isEqualTo(200);
        return StreamSupport.stream(traffic.json().get("points").spliterator(), false).mapToLong(p -> p.get("bytesIn").asLong()).sum();
    }

    /** The points of an SVG path of M and L commands ("M64.0,172.0 L72.5,12.0 ..."), as x and y. */
    private static List<double[]> pathPoints(String d) {
        return Stream.of(d.split(" ")).map(c -> c.substring(1).split(","))
                .map(xy -> new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])}).toList();
    }

    @Test
    @Order(10)
    void anInvitedPersonSetsAPasswordThroughTheInvitationLinkAndIsSignedIn() {
        TenantFixture tenant = newTenant("customer");
        signInAs(tenant, "admin");
        browser.click("Users");
        browser.waitForHeading("Users");
        String email = unique("newcomer") + "@example.com";
        browser.type("Email", email);
        browser.choose("Role", "operator");
        browser.click("Invite");
        String link = browser.waitFor(By.cssSelector("pre[aria-label='Invitation (shown once): send it to the person']")).getText();
        assertThat(link).startsWith("http://localhost:" + port + "/invitation?token=");
        browser.waitForText(By.tagName("table"), email);
        browser.screenshot("17-users-invited");
        // a role changed in the list: a merge patch sent with the listed version's If-Match
        new Select(browser.waitFor(By.cssSelector("select[aria-label='Role of " + email + "']"))).selectByVisibleText("viewer");
        browser.waiting().withMessage("the role changed to viewer").until(d -> roleOf(tenant, email).equals("viewer"));

        browser.driver.manage().deleteAllCookies();
        browser.driver.get(link);
        browser.waitForHeading("Welcome to vpnaas");
        browser.type("Choose a password", "a password of my own");
        browser.click("Set password and sign in");
        browser.waitForText(By.cssSelector(".who"), email);
        browser.waitForText(By.cssSelector(".who .role"), "viewer");
        assertThat(user(tenant, email).get("status").asText()).isEqualTo("active");
        assertThat(people.signIn(email, "a password of my own").signIn().status()).isEqualTo(201);
    }

    private static JsonNode user(TenantFixture tenant, String email) {
        return StreamSupport.stream(tenant.admin().get("/v1/users").json().get("items").spliterator(), false)
                .filter(u -> u.get("email").asText().equals(email)).findFirst().orElseThrow();
    }

    private static String roleOf(TenantFixture tenant, String email) {
        return user(tenant, email).get("role").asText();
    }
}
