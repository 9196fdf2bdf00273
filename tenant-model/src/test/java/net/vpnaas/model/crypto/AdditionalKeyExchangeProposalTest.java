package net.vpnaas.model.crypto;

import static net.vpnaas.model.crypto.ProposalParser.Protocol.IKE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 9370 additional key exchanges and ML-KEM in the proposal grammar, as strongSwan writes them. */
class AdditionalKeyExchangeProposalTest {

    @Test
    void x25519ThenMlKem768() {
        Proposal p = ProposalParser.parse(IKE, "aes256gcm16-prfsha384-x25519-ke1_mlkem768");
        assertThat(p.keyExchanges()).containsExactly(KeyExchangeMethod.CURVE_25519);
        assertThat(p.additionalKeyExchanges()).containsExactly(new AdditionalKeyExchange(1, List.of(KeyExchangeMethod.ML_KEM_768), false));
        assertThat(p.toText()).isEqualTo("aes256gcm16-prfsha384-x25519-ke1_mlkem768");
    }

    @Test
    void alternativesOptionalOnesAndSeveralNumbersInAscendingOrder() {
        Proposal p = ProposalParser.parse(IKE, "aes256gcm16-prfsha384-ecp384-ke3_mlkem512-ke1_none-ke1_mlkem1024-ke1_mlkem768");
        assertThat(p.additionalKeyExchanges()).containsExactly(
                new AdditionalKeyExchange(1, List.of(KeyExchangeMethod.ML_KEM_1024, KeyExchangeMethod.ML_KEM_768), true),
                new AdditionalKeyExchange(3, List.of(KeyExchangeMethod.ML_KEM_512), false));
        // Canonical text: numbers ascending, none last in its number; it parses back to the same proposal.
        assertThat(p.toText()).isEqualTo("aes256gcm16-prfsha384-ecp384-ke1_mlkem1024-ke1_mlkem768-ke1_none-ke3_mlkem512");
        assertThat(ProposalParser.parse(IKE, p.toText())).isEqualTo(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlkem512", "mlkem768", "mlkem1024"})
    void mlKemAsTheKeyExchangeOfIkeSaInitAndAsAnAdditionalClassicOne(String kem) {
        Proposal p = ProposalParser.parse(IKE, "aes256gcm16-prfsha512-" + kem + "-ke7_x25519");
        assertThat(p.keyExchanges().getFirst().isKem()).isTrue();
        assertThat(p.keyExchanges().getFirst().ianaId()).isBetween(35, 37);
        assertThat(p.additionalKeyExchanges().getFirst().number()).isEqualTo(7);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "IKE|aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_mlkem768|transform 'ke1_mlkem768' appears twice",
            "IKE|aes256gcm16-prfsha384-x25519-ke1_none|alone: ke1 needs a key exchange method",
            "IKE|aes256gcm16-prfsha384-x25519-ke8_mlkem768|additional key exchanges are ke1_ to ke7_",
            "IKE|aes256gcm16-prfsha384-x25519-ke0_mlkem768|additional key exchanges are ke1_ to ke7_",
            "IKE|aes256gcm16-prfsha384-x25519-ke1_mlkem999|unknown key exchange method in 'ke1_mlkem999'",
            "IKE|aes256gcm16-prfsha384-x25519-ke1_|unknown key exchange method in 'ke1_'",
            "IKE|aes256gcm16-prfsha384-x25519-ke2_modp1024|ke2_modp1024' is refused as weak (MODP groups below 2048 bits",
            "IKE|aes256gcm16-prfsha384-ke1_mlkem768|IKE proposals need a key exchange method",
            "ESP|aes256gcm16-ke1_mlkem768|additional key exchanges (RFC 9370) of Child SAs go in pfsGroup"})
    void refusals(ProposalParser.Protocol protocol, String text, String message) {
        assertThatThrownBy(() -> ProposalParser.parse(protocol, text))
                .isInstanceOf(ProposalParser.InvalidProposalException.class).hasMessageContaining(message);
    }
}
