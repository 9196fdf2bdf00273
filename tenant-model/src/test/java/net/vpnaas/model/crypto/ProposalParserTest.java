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
            "IKE|aes192-sha256-modp2048|unknown transform 'aes192'",
            "IKE|camellia256-sha256-modp2048|unknown transform 'camellia256'",
            "IKE|aes256gcm16-x25519|need a PRF",
            "IKE|aes256-sha256|need a key exchange",
            "IKE|sha256-prfsha256-x25519|needs an encryption",
            "IKE|aes256gcm16-aes256-sha256-prfsha256-x25519|mixes AEAD",
            "IKE|aes256gcm16-sha256-prfsha256-x25519|take no integrity",
            "IKE|aes256-sha256-sha256-modp2048|appears twice",
            "IKE|aes256--sha256-modp2048|unknown transform ''",
            "ESP|aes256|needs an integrity",
            "ESP|aes256gcm16-prfsha256|no PRF",
            "ESP|AES256GCM16|unknown transform",
            "IKE|aes256gcm16-prfsha384-qkd|only as an additional key exchange (ke1_qkd), never in IKE_SA_INIT"})
    void refusesWithTheReason(ProposalParser.Protocol protocol, String text, String reason) {
        assertThatThrownBy(() -> ProposalParser.parse(protocol, text))
                .isInstanceOf(ProposalParser.InvalidProposalException.class)
                .hasMessageContaining(reason);
    }

    /** strongSwan's keywords for weak transforms, aliases included, are refused as weak, never as unknown. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "IKE|aes128-sha1-modp2048|sha1|SHA-1|sha256, sha384, sha512",
            "ESP|aes128-sha|sha|SHA-1|sha256",
            "ESP|aes256-sha1_160|sha1_160|SHA-1|sha256",
            "IKE|aes256gcm16-prfsha1-x25519|prfsha1|SHA-1|prfsha256, prfsha384, prfsha512",
            "ESP|aes128-md5|md5|MD5|sha256",
            "ESP|aes128-md5_128|md5_128|MD5|sha256",
            "IKE|aes256gcm16-prfmd5-x25519|prfmd5|MD5|prfsha256",
            "ESP|aes128-sha256_96|sha256_96|96 bits|sha256",
            "ESP|aes128-sha2_256_96|sha2_256_96|96 bits|sha256",
            "IKE|aes256-sha256-modp768|modp768|below 2048 bits|x25519",
            "IKE|aes256-sha256-modp1024|modp1024|below 2048 bits|modp2048",
            "IKE|aes256-sha256-modp1536|modp1536|below 2048 bits|modp2048",
            "IKE|aes256-sha256-modp1024s160|modp1024s160|RFC 5114|modp2048",
            "IKE|aes256-sha256-modp2048s256|modp2048s256|RFC 5114|modp2048",
            "IKE|aes256-sha256-ecp192|ecp192|192-bit curve|ecp256",
            "IKE|3des-sha256-modp2048|3des|64-bit block|aes128gcm16",
            "ESP|des-sha256|des|56-bit key|aes256gcm16",
            "ESP|blowfish256-sha256|blowfish256|64-bit block|aes256",
            "ESP|cast128-sha256|cast128|64-bit block|chacha20poly1305",
            "ESP|null-sha256|null|does not encrypt|aes256gcm16",
            "ESP|aes256gmac|aes256gmac|does not encrypt|aes256gcm16",
            "ESP|aes128gcm8|aes128gcm8|64 bits|aes128gcm16",
            "ESP|aes256gcm64|aes256gcm64|64 bits|aes256gcm16",
            "ESP|aes192ccm8|aes192ccm8|64 bits|aes256gcm16",
            "IKE|aes256gcm12-prfsha256-x25519|aes256gcm12|96 bits|aes256gcm16",
            "ESP|aes128gcm96|aes128gcm96|96 bits|aes128gcm16",
            "ESP|aes128ccm12|aes128ccm12|96 bits|aes128gcm16"})
    void refusesWeakTransformsAsWeak(ProposalParser.Protocol protocol, String text, String token, String reason, String instead) {
        assertThatThrownBy(() -> ProposalParser.parse(protocol, text))
                .isInstanceOf(ProposalParser.InvalidProposalException.class)
                .hasMessageStartingWith("'" + token + "' is refused as weak (")
                .hasMessageContaining(reason)
                .hasMessageContaining("; use one of ")
                .hasMessageContaining(instead)
                .hasMessageNotContaining("unknown");
    }

    @Test
    void everyWeakKeywordIsRefusedAndNoneIsSupported() {
        for (WeakTransform weak : WeakTransform.values()) {
            for (String token : weak.tokens()) {
                String text = switch (weak.kind()) {
                    case ENCRYPTION -> token + "-sha256-prfsha256-x25519";
                    case INTEGRITY -> "aes256-" + token + "-prfsha256-x25519";
                    case PRF -> "aes256gcm16-" + token + "-x25519";
                    case KEY_EXCHANGE -> "aes256gcm16-prfsha256-" + token;
                };
                assertThatThrownBy(() -> ProposalParser.parse(IKE, text)).as(token)
                        .hasMessageStartingWith("'" + token + "' is refused as weak");
            }
        }
        assertThat(ProposalParser.supportedTokens(IKE).split(", "))
                .allSatisfy(token -> assertThat(WeakTransform.byToken(token)).as(token).isEmpty());
    }

    @Test
    void aKeyExchangeMethodAloneIsWeakUnknownOrSupported() {
        assertThat(ProposalParser.parseKeyExchange("ecp384")).isEqualTo(KeyExchangeMethod.ECP_384);
        assertThatThrownBy(() -> ProposalParser.parseKeyExchange("modp1024"))
                .hasMessageStartingWith("'modp1024' is refused as weak (MODP groups below 2048 bits are too small); use one of ");
        assertThatThrownBy(() -> ProposalParser.parseKeyExchange("sha1")).hasMessageStartingWith("unknown key exchange method 'sha1'");
        assertThatThrownBy(() -> ProposalParser.parseKeyExchange("curve9999"))
                .hasMessageStartingWith("unknown key exchange method 'curve9999'; supported: modp2048");
    }
}
