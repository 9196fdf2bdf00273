package net.vpnaas.api.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import net.vpnaas.api.agent.AgentStatusStore;
import net.vpnaas.api.agent.telemetry.TelemetryWriter;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.ApiTestBase;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.api.support.PortalUsers;
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
    private AgentStatusStore agents;

    @Autowired
    private TelemetryWriter telemetry;

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

    /** Telemetry as the agent endpoint stores it when a gateway's agent reports it. */
    private void report(UUID gateway, SaEvent event, String tunnel) {
        agents.connected(gateway, "agent-1", 0);
        agents.telemetry(gateway, TelemetryBatch.newBuilder().addEvents(event)
                .addCounters(TunnelCounters.newBuilder().setTunnelId(tunnel).setChildSpiIn(0xc1a2b3c4).setBytesIn(4096)
                        .setBytesOut(2048).setPacketsIn(4).setPacketsOut(2))
                .build());
        telemetry.flush();
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
    void anAdminCreatesAGatewayAPeerAPolicyAndATunnelThroughTheForms() {
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
        String tunnel = tenant.admin().get("/v1/tunnels").json().get("items").get(0).get("id").asText();
        UUID gateway = UUID.fromString(tenant.admin().get("/v1/tunnels/" + tunnel).json().get("gatewayId").asText());
        report(gateway, SaEvent.newBuilder().setTunnelId(tunnel).setKind(SaEventKind.CHILD_UP).setChildSpiIn(0xc1a2b3c4)
                .setChildSpiOut(0xabcd).setAtEpochMillis(System.currentTimeMillis()).build(), tunnel);
        browser.waitFor(By.cssSelector(".status-line .badge[data-status='ESTABLISHED']"));
        browser.waitForText(By.cssSelector(".facts"), "fra-1");
        browser.waitForText(By.tagName("table"), "c1a2b3c4");
        browser.screenshot("07-tunnel-detail");

        report(gateway, SaEvent.newBuilder().setTunnelId(tunnel).setKind(SaEventKind.AUTHENTICATION_FAILED)
                .setReason("the peer's PSK does not match").setAtEpochMillis(System.currentTimeMillis()).build(), tunnel);
        browser.click("Overview");
        browser.waitForHeading("Overview");
        browser.waitForText(By.cssSelector(".trouble"), "the peer's PSK does not match");
        browser.waitForText(By.tagName("main"), "fra-1");
        browser.screenshot("08-overview");
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
}
