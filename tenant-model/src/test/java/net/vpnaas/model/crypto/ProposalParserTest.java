package net.vpnaas.model.crypto;

import static net.vpnaas.model.crypto.ProposalParser.Protocol.ESP;
import static net.vpnaas.model.crypto.ProposalParser.Protocol.IKE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProposalParserTest {

    @Test
    void parsesAeadIkeProposal() {
        Proposal p = ProposalParser.parse(IKE, "aes256gcm16-prfsha384-x25519-ecp384");
        assertThat(p.encryptions()).containsExactly(EncryptionAlgorithm.AES_GCM_16_256);
        assertThat(p.integrities()).isEmpty();
        assertThat(p.prfs()).containsExactly(PseudoRandomFunction.HMAC_SHA2_384);
        assertThat(p.keyExchanges()).containsExactly(KeyExchangeMethod.CURVE_25519, KeyExchangeMethod.ECP_384);
        assertThat(p.keyExchanges().getFirst().ianaId()).isEqualTo(31);
    }

    @Test
    void cbcIkeProposalTakesItsPrfFromTheIntegrityAlgorithm() {
        Proposal p = ProposalParser.parse(IKE, "aes128-aes256-sha256-sha512-modp2048");
        assertThat(p.prfs()).containsExactly(PseudoRandomFunction.HMAC_SHA2_256, PseudoRandomFunction.HMAC_SHA2_512);
        assertThat(p.toText()).isEqualTo("aes128-aes256-sha256-sha512-prfsha256-prfsha512-modp2048");
    }

    @Test
    void parsesEspProposals() {
        assertThat(ProposalParser.parse(ESP, "chacha20poly1305").encryptions())
                .containsExactly(EncryptionAlgorithm.CHACHA20_POLY1305);
        assertThat(ProposalParser.parse(ESP, "aes128-sha384").integrities())
                .containsExactly(IntegrityAlgorithm.HMAC_SHA2_384_192);
        assertThat(ProposalParser.parse(ESP, "aes128gcm16-x448").keyExchanges()).containsExactly(KeyExchangeMethod.CURVE_448);
    }

    @Test
    void everySupportedTokenIsAccepted() {
        for (String ke : List.of("x25519", "x448", "ecp256", "ecp384", "ecp521", "modp2048", "modp3072", "modp4096")) {
            assertThat(ProposalParser.parse(IKE, "aes256gcm16-prfsha512-" + ke).keyExchanges()).hasSize(1);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "IKE|aes256gcm16-prfsha384-curve9999|unknown transform 'curve9999'",
            "IKE|aes128-sha1-modp2048|unknown transform 'sha1'",
            "IKE|3des-sha256-modp2048|unknown transform '3des'",
            "IKE|aes256gcm16-x25519|need a PRF",
            "IKE|aes256-sha256|need a key exchange",
            "IKE|sha256-prfsha256-x25519|needs an encryption",
            "IKE|aes256gcm16-aes256-sha256-prfsha256-x25519|mixes AEAD",
            "IKE|aes256gcm16-sha256-prfsha256-x25519|take no integrity",
            "IKE|aes256-sha256-sha256-modp2048|appears twice",
            "IKE|aes256--sha256-modp2048|unknown transform ''",
            "ESP|aes256|needs an integrity",
            "ESP|aes256gcm16-prfsha256|no PRF",
            "ESP|AES256GCM16|unknown transform"})
    void refusesWithTheReason(ProposalParser.Protocol protocol, String text, String reason) {
        assertThatThrownBy(() -> ProposalParser.parse(protocol, text))
                .isInstanceOf(ProposalParser.InvalidProposalException.class)
                .hasMessageContaining(reason);
    }
}
