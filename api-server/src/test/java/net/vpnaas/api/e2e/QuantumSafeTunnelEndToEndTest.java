package net.vpnaas.api.e2e;

import static net.vpnaas.api.e2e.E2eSteps.await;
import static net.vpnaas.api.e2e.E2eSteps.created;
import static net.vpnaas.api.e2e.E2eSteps.ping;
import static net.vpnaas.api.e2e.E2eSteps.securityAssociations;
import static net.vpnaas.api.e2e.E2eSteps.tunnelStatus;
import static net.vpnaas.api.support.ApiTestBase.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import net.vpnaas.api.support.ApiClient;
import net.vpnaas.ike.interop.Prereqs;
import net.vpnaas.ike.interop.StrongSwanBuild;
import net.vpnaas.ike.interop.StrongSwanPeer;
import net.vpnaas.ike.interop.SwanctlConf;
import net.vpnaas.ike.interop.SwanctlConf.Auth;
import net.vpnaas.ike.interop.SwanctlConf.Connection;
import net.vpnaas.ike.interop.SwanctlConf.PpkSecret;
import net.vpnaas.ike.interop.SwanctlConf.PskSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quantum-safe tunnel set up through the REST API only, on a {@link ManagedAgentStage}, against
 * strongSwan 6.0.6: a crypto policy with a hybrid proposal (X25519 + ML-KEM-768, RFC 9370) and a peer
 * with a required post-quantum preshared key (RFC 8784; strongSwan 6.0.6 has no RFC 9867, so our
 * agent falls back to PPK in IKE_AUTH). The tunnel is ESTABLISHED, its status names ML-KEM and the
 * PPK, pings pass. Then strongSwan requires another PPK id: our agent initiating is refused
 * (AUTHENTICATION_FAILED naming the PPK we offered), and strongSwan initiating is refused by us
 * (AUTHENTICATION_FAILED naming both ids).
 */
class QuantumSafeTunnelEndToEndTest {
    private static final String SWAN_ID = "swan6.vpn.example";
    private static final String HYBRID = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
    private static final String PPK_ID = "ppk-2026";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void hybridProposalAndRequiredPpkAreQuantumSafeAndAMismatchedPpkIdIsAuthenticationFailedNamingIt() throws Exception {
        Prereqs.requireStrongSwan6();
        String psk = random();
        String ppk = random();
        try (ManagedAgentStage stage = ManagedAgentStage.start(dir);
             StrongSwanPeer swan = StrongSwanPeer.start(StrongSwanBuild.V6_0_6, stage.net().right().ns(), 2, "")) {
            try {
                ApiClient api = stage.api();
                String peer = created(api.post("/v1/peers", body("name", "swan6", "address", stage.net().right().outerAddress(),
                        "ikeIdentity", SWAN_ID, "auth", body("type", "psk", "psk", psk),
                        "ppks", List.of(body("id", PPK_ID, "secret", ppk)), "ppkRequired", true)));
                String policy = created(api.post("/v1/crypto-policies", body("name", "quantum-safe", "ikeProposals", List.of(HYBRID),
                        "espProposals", List.of("aes256gcm16"), "startAction", "initiate")));
                String tunnel = created(api.post("/v1/tunnels", body("name", "pq", "gatewayId", stage.gateway(), "peerId", peer,
                        "policyId", policy, "localTrafficSelectors", List.of(stage.net().left().innerSubnet()),
                        "remoteTrafficSelectors", List.of(stage.net().right().innerSubnet()))));

                // 1. Both sides hold ppk-2026 and require it: ESTABLISHED, quantum-safe by ML-KEM-768 and the PPK.
                swan.load(swanConfig(stage, psk, PPK_ID, ppk));
                await("ESTABLISHED", WAIT, () -> "ESTABLISHED".equals(tunnelStatus(api, tunnel)));
                await("quantumSafety reported", () -> securityAssociations(api, tunnel).path("quantumSafety").isTextual());
                assertThat(securityAssociations(api, tunnel).get("quantumSafety").asText()).isEqualTo("ML_KEM_768+PPK(" + PPK_ID + ")");
                ping(stage.net().left().ns(), stage.net().left().innerAddress(), stage.net().right().innerAddress());
                assertThat(swan.log()).contains("using PPK for PPK_ID '" + PPK_ID + "'");
                assertThat(swan.log()).contains("CURVE_25519/KE1_ML_KEM_768");

                // 2. strongSwan now requires ppk-other and drops the IKE SA: our agent sets the tunnel up again,
                //    offers ppk-2026, and strongSwan refuses it.
                String otherPpk = random();
                swan.load(swanConfig(stage, psk, "ppk-other", otherPpk));
                swan.terminateIke("site");
                await("AUTHENTICATION_FAILED naming the PPK, as initiator", WAIT, () -> failedNamingAPpk(api, tunnel));
                String refusedUs = securityAssociations(api, tunnel).get("reason").asText();
                System.out.println("e2e: our agent initiating, refused: " + refusedUs);
                assertThat(refusedUs).contains("AUTHENTICATION_FAILED").contains("we offered PPK " + PPK_ID);
                assertThat(swan.log()).contains("received PPK_ID '" + PPK_ID + "', but require 'ppk-other'");

                // 3. Our gateway only answers; strongSwan initiates with ppk-other, which we do not hold.
                assertThat(api.patch("/v1/crypto-policies/" + policy, body("startAction", "respond")).status()).isEqualTo(200);
                await("WAITING_FOR_PEER", WAIT, () -> "WAITING_FOR_PEER".equals(tunnelStatus(api, tunnel)));
                swan.swanctl("--initiate", "--child", "net", "--timeout", "10"); // refused: its outcome is read through the API
                await("AUTHENTICATION_FAILED naming the PPK, as responder", WAIT, () -> failedNamingAPpk(api, tunnel));
                String weRefused = securityAssociations(api, tunnel).get("reason").asText();
                System.out.println("e2e: strongSwan initiating, refused: " + weRefused);
                assertThat(weRefused).contains("we sent AUTHENTICATION_FAILED")
                        .contains("no PPK in common: the peer named PPK ppk-other, we have " + PPK_ID + " (PPK required)");
            } catch (Exception | AssertionError e) {
                AssertionError failure = stage.withAgentLog(e);
                failure.addSuppressed(new AssertionError(swan.logTail()));
                throw failure;
            }
        }
    }

    /**
     * The notify's refusal comes first, the reason that names the PPK with the end of the IKE SA right
     * after it: the test waits for the latter.
     */
    private static boolean failedNamingAPpk(ApiClient api, String tunnel) {
        var sas = securityAssociations(api, tunnel);
        return "AUTHENTICATION_FAILED".equals(sas.path("status").asText()) && sas.path("reason").asText().contains("PPK");
    }

    /** strongSwan at 192.0.2.2: the hybrid proposal, the PSK, and the PPK of {@code ppkId}, required. */
    private static SwanctlConf swanConfig(ManagedAgentStage stage, String psk, String ppkId, String ppk) {
        Auth me = new Auth.Psk(SWAN_ID);
        Auth them = new Auth.Psk(ManagedAgentStage.AGENT_ADDRESS);
        return SwanctlConf.of(Connection.siteToSite("site", stage.net().right(), stage.net().left(), me, them)
                                .withProposals(HYBRID).withPpk(ppkId, true),
                        new PskSecret(me.id(), them.id(), psk.getBytes(StandardCharsets.UTF_8)))
                .withPpks(new PpkSecret(ppkId, ppk.getBytes(StandardCharsets.UTF_8)));
    }

    private static String random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
