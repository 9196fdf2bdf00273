package net.vpnaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.vpnaas.model.crypto.AdditionalKeyExchange;
import net.vpnaas.model.crypto.KeyExchangeMethod;
import net.vpnaas.model.crypto.PfsKeyExchanges;
import net.vpnaas.model.validation.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CryptoPolicySpecTest {
    private static CryptoPolicySpec spec(int child, int margin, int fuzz) {
        return new CryptoPolicySpec("p", Map.of(), List.of("aes256gcm16-prfsha384-x25519"), List.of("aes256gcm16"),
                null, child, margin, fuzz, null, null, null, null, null, null, null, null, null, null, null, null, null).withDefaults();
    }

    /** The defaults but for these fields; IKE: aes256gcm16-prfsha384-x25519. */
    private static CryptoPolicySpec spec(String esp, String pfsGroup, String startAction, String encapsulation) {
        return new CryptoPolicySpec("p", Map.of(), List.of("aes256gcm16-prfsha384-x25519"), List.of(esp),
                null, null, null, null, null, null, null, pfsGroup, startAction, encapsulation, null, null, null, null, null, null, null).withDefaults();
    }

    @Test
    void defaultsAreValid() {
        assertThat(spec(3600, 540, 100).validate()).isEmpty();
    }

    @Test
    void rekeyMarginStretchedByFuzzMustStayBelowTheLifetime() {
        assertThat(spec(600, 299, 100).validate()).isEmpty();
        assertThat(spec(600, 300, 100).validate()).extracting(Violation::field).containsExactly("rekeyMarginSeconds");
        assertThat(spec(600, 700, 0).validate()).extracting(Violation::field).containsExactly("rekeyMarginSeconds");
    }

    /** The defaults but for the lifetimes, the margin and the rekey times. */
    private static CryptoPolicySpec rekeys(int ikeLifetime, int childLifetime, int margin, Integer ikeRekey, Integer childRekey) {
        return new CryptoPolicySpec("p", Map.of(), List.of("aes256gcm16-prfsha384-x25519"), List.of("aes256gcm16"),
                ikeLifetime, childLifetime, margin, 100, null, null, null, null, null, null, ikeRekey, childRekey, null, null, null, null, null)
                .withDefaults();
    }

    @Test
    void aRekeyTimeReplacesTheMarginForItsSa() {
        var given = rekeys(28_800, 3_600, 540, 20_000, 3_000);
        assertThat(given.validate()).isEmpty();
        assertThat(given.ikeRekeyMarginSeconds()).isEqualTo(8_800);
        assertThat(given.childRekeyMarginSeconds()).isEqualTo(600);
        var onlyChild = rekeys(28_800, 3_600, 540, null, 3_000);
        assertThat(onlyChild.ikeRekeyMarginSeconds()).as("the margin still applies where no rekey time is given").isEqualTo(540);
        assertThat(onlyChild.childRekeyMarginSeconds()).isEqualTo(600);
        // a margin too large for a 600 s Child SA does not matter when the Child SA has its own rekey time
        assertThat(rekeys(28_800, 600, 400, null, 500).validate()).isEmpty();
        assertThat(rekeys(28_800, 600, 400, null, null).validate()).extracting(Violation::field).containsExactly("rekeyMarginSeconds");
    }

    @Test
    void aRekeyTimeComesBeforeTheLifetimeAndLeavesRoomForTheFuzz() {
        assertThat(rekeys(28_800, 3_600, 540, 28_800, null).validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("ikeRekeySeconds");
            assertThat(v.detail()).isEqualTo("must be below ikeLifetimeSeconds (28800 s): an SA is rekeyed before its lifetime ends");
        });
        assertThat(rekeys(28_800, 3_600, 540, null, 9).validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("childRekeySeconds");
            assertThat(v.detail()).isEqualTo("must be between 10 and 86400");
        });
        assertThat(rekeys(28_800, 3_600, 540, 59, null).validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("ikeRekeySeconds");
            assertThat(v.detail()).isEqualTo("must be between 60 and 86400");
        });
        // rekey at 1000 s of 3600 s: a margin of 2600 s, stretched by 100 % fuzz to 5200 s, would reach before the SA's birth
        assertThat(rekeys(28_800, 3_600, 540, null, 1_000).validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("childRekeySeconds");
            assertThat(v.detail()).isEqualTo("rekey margin plus fuzz (5200 s) must be below childLifetimeSeconds (3600 s)");
        });
    }

    /** The defaults but for the IKE fragment size and the retransmission settings. */
    private static CryptoPolicySpec tuning(Integer fragmentSize, RetransmitSettings retransmit) {
        return new CryptoPolicySpec("p", Map.of(), List.of("aes256gcm16-prfsha384-x25519"), List.of("aes256gcm16"),
                null, null, null, null, null, null, null, null, null, null, null, null, fragmentSize, retransmit, null, null, null)
                .withDefaults();
    }

    @Test
    void fragmentSizeAndRetransmissionsHaveStrongSwansDefaults() {
        var defaults = tuning(null, null);
        assertThat(defaults.ikeFragmentSize()).isEqualTo(1280);
        assertThat(defaults.retransmit()).isEqualTo(new RetransmitSettings(4_000, 180, 6));
        assertThat(defaults.natKeepaliveSeconds()).as("strongSwan's keep_alive").isEqualTo(20);
        assertThat(tuning(null, new RetransmitSettings(500, null, null)).retransmit())
                .as("a part given, the rest defaults").isEqualTo(new RetransmitSettings(500, 180, 6));
    }

    @Test
    void fragmentSizeIsOffOrAnIpDatagramSize() {
        assertThat(tuning(0, null).validate()).isEmpty();
        assertThat(tuning(576, null).validate()).isEmpty();
        assertThat(tuning(9_000, null).validate()).isEmpty();
        assertThat(tuning(575, null).validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("ikeFragmentSize");
            assertThat(v.detail()).isEqualTo("must be 0 (no IKE fragmentation) or between 576 and 9000");
        });
    }

    @Test
    void retransmissionsMayNotKeepADeadPeerForHours() {
        assertThat(tuning(null, new RetransmitSettings(500, 150, 10)).validate()).isEmpty();
        // 60 s, doubling, 7 sends: 60 + 120 + ... + 3840 = 7620 s
        assertThat(tuning(null, new RetransmitSettings(60_000, 200, 7)).validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("retransmit.tries");
            assertThat(v.detail()).isEqualTo("the waits add up to 7620 s; at most 3600 s");
        });
    }

    @Test
    void everyBadFieldIsNamed() {
        var bad = new CryptoPolicySpec("", Map.of("UPPER", "x"), List.of("foo"), List.of(), 1, 1, 1, -1,
                new DpdSettings(10, 10, "boom"), -1, true, "modp1024", "go", "tcp", 59, 100_000, 300,
                new RetransmitSettings(50, 50, 0), -1, "quic", 0);
        assertThat(bad.validate()).extracting(Violation::field).containsExactlyInAnyOrder(
                "name", "labels.UPPER", "ikeProposals[0]", "espProposals", "ikeLifetimeSeconds", "childLifetimeSeconds",
                "rekeyMarginSeconds", "rekeyFuzzPercent", "dpd.timeoutSeconds", "dpd.action", "replayWindow", "pfsGroup",
                "startAction", "encapsulation", "ikeRekeySeconds", "childRekeySeconds", "ikeFragmentSize",
                "retransmit.timeoutMillis", "retransmit.backoffPercent", "retransmit.tries", "natKeepaliveSeconds",
                "transport", "tcpPort");
    }

    @Test
    void transportIsUdpOnPort4500UnlessSaidOtherwise() {
        CryptoPolicySpec plain = tuning(null, null);
        assertThat(plain.transport()).isEqualTo("udp");
        assertThat(plain.tcpPort()).isEqualTo(4500);
        assertThat(plain.forcesTcp()).isFalse();
        assertThat(plain.fallsBackToTcp()).isFalse();
        for (String t : CryptoPolicySpec.TRANSPORTS) {
            CryptoPolicySpec s = new CryptoPolicySpec(plain.name(), plain.labels(), plain.ikeProposals(), plain.espProposals(),
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, t, 443).withDefaults();
            assertThat(s.validate()).as(t).isEmpty();
            assertThat(s.forcesTcp()).isEqualTo(t.equals("tcp"));
            assertThat(s.fallsBackToTcp()).isEqualTo(t.equals("udp-with-tcp-fallback"));
        }
    }

    @Test
    void weakPfsGroupIsRefusedAsWeak() {
        assertThat(spec("aes256gcm16", "modp1536", null, null).validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("pfsGroup");
            assertThat(v.detail()).startsWith("'modp1536' is refused as weak");
        });
    }

    /** strongSwan's syntax for Child SAs keyed by X25519 and then ML-KEM-768 in IKE_FOLLOWUP_KE (RFC 9370). */
    @Test
    void pfsGroupMayAddKeyExchangesAsStrongSwanWritesThem() {
        var hybrid = spec("aes256gcm16", "x25519-ke1_mlkem768", null, null);
        assertThat(hybrid.validate()).isEmpty();
        assertThat(hybrid.pfs()).contains(new PfsKeyExchanges(KeyExchangeMethod.CURVE_25519,
                List.of(new AdditionalKeyExchange(1, List.of(KeyExchangeMethod.ML_KEM_768), false))));
        var two = spec("aes256gcm16", "ecp384-ke1_mlkem1024-ke1_none-ke2_mlkem768", null, null);
        assertThat(two.validate()).isEmpty();
        assertThat(two.pfs().orElseThrow().toText()).isEqualTo("ecp384-ke1_mlkem1024-ke1_none-ke2_mlkem768");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "x25519-mlkem768      | 'mlkem768': after the key exchange method only additional key exchanges (ke1_ to ke7_, e.g. x25519-ke1_mlkem768) may follow",
            "ke1_mlkem768         | unknown key exchange method 'ke1_mlkem768'",
            "x25519-ke8_mlkem768  | 'ke8_mlkem768': additional key exchanges are ke1_ to ke7_",
            "x25519-ke1_none      | 'ke1_none' alone: ke1 needs a key exchange method, none only makes it optional",
            "x25519-ke1_modp1024  | 'ke1_modp1024' is refused as weak",
            "x25519-ke1_mlkem768-ke1_mlkem768 | transform 'ke1_mlkem768' appears twice",
            "x25519-              | '': after the key exchange method only additional key exchanges"})
    void badHybridPfsGroupsAreRefusedNamingTheToken(String pfsGroup, String detail) {
        assertThat(spec("aes256gcm16", pfsGroup.strip(), null, null).validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("pfsGroup");
            assertThat(v.detail()).startsWith(detail);
        });
    }

    @Test
    void additionalKeyExchangesInAnEspProposalPointToPfsGroup() {
        assertThat(spec("aes256gcm16-ke1_mlkem768", null, null, null).validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("espProposals[0]");
            assertThat(v.detail()).contains("pfsGroup").contains("x25519-ke1_mlkem768");
        });
    }

    @Test
    void forcedUdpEncapsulationIsValidAndSaysSo() {
        var forced = spec("aes256gcm16", null, null, "force_udp");
        assertThat(forced.validate()).isEmpty();
        assertThat(forced.forcesUdpEncapsulation()).isTrue();
        assertThat(spec("aes256gcm16", null, null, "auto").forcesUdpEncapsulation()).isFalse();
        assertThat(spec("aes256gcm16", null, null, "udp").validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("encapsulation");
            assertThat(v.detail()).isEqualTo("must be one of auto, force_udp");
        });
    }

    @Test
    void esnInsideAProposalPointsToTheEsnField() {
        assertThat(spec("aes256gcm16-esn", null, null, null).validate()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("espProposals[0]");
            assertThat(v.detail()).contains("esn field");
        });
    }

    @Test
    void typedValuesOfAValidPolicy() {
        var spec = new CryptoPolicySpec("p", Map.of(), List.of("aes256-sha384-ecp384"), List.of("aes128-sha256"),
                null, null, null, null, null, null, null, "x25519", "initiate", null, null, null, null, null, null, null, null).withDefaults();
        assertThat(spec.parsedIkeProposals()).singleElement().satisfies(p -> {
            assertThat(p.prfs()).containsExactly(net.vpnaas.model.crypto.PseudoRandomFunction.HMAC_SHA2_384);
            assertThat(p.keyExchanges()).containsExactly(net.vpnaas.model.crypto.KeyExchangeMethod.ECP_384);
        });
        assertThat(spec.parsedEspProposals().getFirst().toText()).isEqualTo("aes128-sha256");
        assertThat(spec.pfs()).contains(new PfsKeyExchanges(KeyExchangeMethod.CURVE_25519, List.of()));
        assertThat(spec.initiates()).isTrue();
    }
}
