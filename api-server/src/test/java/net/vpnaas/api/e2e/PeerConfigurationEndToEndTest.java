package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.e2e.E2eSteps.created;
import static net.vpnaas.api.e2e.E2eSteps.ping;
import static net.vpnaas.api.e2e.E2eSteps.tunnelStatus;
import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.api.support.Browser;
import net.vpnaas.api.support.HttpResult;
import net.vpnaas.api.support.PortalUsers;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The peer configuration the portal hands a customer works as it is: on a {@link ManagedAgentStage},
 * a tunnel whose gateway only answers, to a peer whose PSK the server generated; an admin signed in
 * to the portal in headless Chromium ticks "include the pre-shared key" on the tunnel's page and
 * downloads the strongSwan configuration (the same file the API serves), and the file the browser
 * saved, untouched, is loaded into strongSwan 5.9 in the peer's namespace. strongSwan sets the tunnel
 * up to our agent (which cannot: it only answers), the API reports it ESTABLISHED, and pings pass
 * both ways.
 */
class PeerConfigurationEndToEndTest {
    private static final String SWAN_ID = "swan.vpn.example";

    @TempDir
    Path dir;

    @Test
    void theDownloadedStrongSwanConfigurationSetsUpTheTunnelAndCarriesPings() throws Exception {
        Prereqs.requireStrongSwan();
        try (ManagedAgentStage stage = ManagedAgentStage.start(dir)) {
            ApiClient api = stage.api();
            HttpResult peer = api.post("/v1/peers", body("name", "swan", "address", stage.net().right().outerAddress(),
                    "ikeIdentity", SWAN_ID, "auth", body("type", "psk")));
            String peerId = created(peer);
            String generatedPsk = peer.json().get("generatedPsk").asText();
            String policy = created(api.post("/v1/crypto-policies", body("name", "download",
                    "ikeProposals", List.of("aes256gcm16-prfsha384-x25519"), "espProposals", List.of("aes256gcm16"),
                    "pfsGroup", "x25519", "startAction", "respond")));
            String tunnel = created(api.post("/v1/tunnels", body("name", "branch", "gatewayId", stage.gateway(), "peerId", peerId,
                    "policyId", policy, "localTrafficSelectors", List.of(stage.net().left().innerSubnet()),
                    "remoteTrafficSelectors", List.of(stage.net().right().innerSubnet()))));

            HttpResult download = api.get("/v1/tunnels/" + tunnel + "/peer-configuration?format=strongswan&includeSecret=true");
            assertThat(download.status()).as(download.body()).isEqualTo(200);
            long browserStarted = System.nanoTime();
            String swanctlConf = downloadedThroughThePortal(stage, tunnel);
            long browserMillis = (System.nanoTime() - browserStarted) / 1_000_000;
            assertThat(swanctlConf).as("the file the browser saved is the one the API serves").isEqualTo(download.body());
            assertThat(swanctlConf).contains("secret = 0x" + HexFormat.of().formatHex(generatedPsk.getBytes(StandardCharsets.UTF_8)),
                    "start_action = start").doesNotContain("<your");
            System.out.println("e2e: downloaded in the portal (Chromium, " + browserMillis + " ms) "
                    + download.header("Content-Disposition") + ":\n"
                    + swanctlConf.replaceAll("secret = 0x[0-9a-f]+", "secret = 0x(the PSK)"));

            try (StrongSwanPeer swan = StrongSwanPeer.start(stage.net().right().ns())) {
                try {
                    swan.load(swanctlConf);
                    swan.awaitInstalled("vpnaas-branch", Duration.ofSeconds(30));
                    await("the tunnel ESTABLISHED in the API", () -> "ESTABLISHED".equals(tunnelStatus(api, tunnel)));
                    ping(stage.net().left().ns(), stage.net().left().innerAddress(), stage.net().right().innerAddress());
                    ping(stage.net().right().ns(), stage.net().right().innerAddress(), stage.net().left().innerAddress());
                } catch (Exception | AssertionError e) {
                    AssertionError failure = stage.withAgentLog(e);
                    failure.addSuppressed(new AssertionError(swan.logTail()));
                    throw failure;
                }
            }
        }
    }

    /**
     * The strongSwan configuration with the PSK as an admin of the stage's tenant downloads it in the
     * portal: signed in through the form, on the tunnel's page; the file the browser saved.
     */
    private static String downloadedThroughThePortal(ManagedAgentStage stage, String tunnel) throws IOException {
        String email = "network-team@example.com";
        new PortalUsers(stage.port()).createUser(stage.api(), email, "admin");
        try (Browser browser = Browser.open("http://localhost:" + stage.port())) {
            browser.signIn(email, PortalUsers.PASSWORD);
            browser.waitForText(By.cssSelector(".who"), email);
            browser.go("/tunnels/" + tunnel);
            browser.waitForHeading("Tunnel branch");
            browser.choose("Format", "strongSwan (swanctl.conf)");
            browser.tick("Include the pre-shared key (recorded in the audit log)");
            browser.click("Download");
            String file = browser.downloaded("vpnaas-branch.swanctl.conf");
            browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", browser.waitFor(By.id("peer-config")));
            browser.screenshot("18-peer-configuration-download");
            return file;
        }
    }
}
