package net.vpnaas.ike.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.config.ProposalParser;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.Proposal;
import net.vpnaas.ike.message.TransformType;
import net.vpnaas.ike.sa.IkeAlgorithms;
import org.junit.jupiter.api.Test;

/** Choosing ADDKE1..7 (RFC 9370): one of each type, our preference first, NONE only when both sides allow it. */
class AdditionalKeyExchangeSelectionTest {

    private static List<IkeProposalConfig> config(String text) {
        return List.of(ProposalParser.ike(text));
    }

    private static List<Proposal> offer(String text, boolean additional) {
        return ProposalSelection.offerIke(config(text), Bytes.EMPTY, additional);
    }

    private static String chosen(String mine, String theirs) {
        return ProposalSelection.selectIke(config(mine), offer(theirs, true), true)
                .map(s -> s.algorithms().additional().toString()).orElse("no match");
    }

    @Test
    void offersEachTypeWithItsMethodsAndNoneWhenOptional() {
        Proposal p = offer("aes256gcm16-prfsha384-x25519-ke1_mlkem1024-ke1_mlkem768-ke1_none-ke3_mlkem512", true).getFirst();
        assertThat(p.transforms(TransformType.ADDITIONAL_KEY_EXCHANGE_1)).extracting(t -> t.idCode()).containsExactly(37, 36, 0);
        assertThat(p.transforms(TransformType.ADDITIONAL_KEY_EXCHANGE_2)).isEmpty();
        assertThat(p.transforms(TransformType.ADDITIONAL_KEY_EXCHANGE_3)).extracting(t -> t.idCode()).containsExactly(35);
        assertThat(offer("aes256gcm16-prfsha384-x25519-ke1_mlkem768", false).getFirst().transforms(TransformType.ADDITIONAL_KEY_EXCHANGE_1))
                .as("IKE SA rekeys offer none").isEmpty();
    }

    @Test
    void ourPreferenceWinsWhateverOrderThePeerListedItsMethods() {
        assertThat(chosen("aes256gcm16-prfsha384-x25519-ke1_mlkem1024-ke1_mlkem768",
                "aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_mlkem1024")).isEqualTo("[ADDKE1=ML_KEM_1024]");
        assertThat(chosen("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke2_mlkem512",
                "aes256gcm16-prfsha384-x25519-ke2_mlkem512-ke1_mlkem768")).isEqualTo("[ADDKE1=ML_KEM_768, ADDKE2=ML_KEM_512]");
    }

    @Test
    void noneOnlyWhenBothSidesMaySkipTheType() {
        String required = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
        String optional = "aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_none";
        String without = "aes256gcm16-prfsha384-x25519";
        assertThat(chosen(without, optional)).isEqualTo("[]");
        assertThat(chosen(optional, without)).isEqualTo("[]");
        assertThat(chosen(optional, "aes256gcm16-prfsha384-x25519-ke1_mlkem512-ke1_none")).isEqualTo("[]");
        assertThat(chosen(without, required)).isEqualTo("no match");
        assertThat(chosen(required, without)).isEqualTo("no match");
        assertThat(chosen(required, "aes256gcm16-prfsha384-x25519-ke1_mlkem1024")).isEqualTo("no match");
    }

    @Test
    void withoutIntermediateOnlyAProposalThatAllowsSkippingMatches() {
        List<IkeProposalConfig> mine = config("aes256gcm16-prfsha384-x25519-ke1_mlkem768");
        assertThat(ProposalSelection.selectIke(mine, offer("aes256gcm16-prfsha384-x25519-ke1_mlkem768", true), false)).isEmpty();
        IkeAlgorithms a = ProposalSelection.selectIke(mine, offer("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_none", true), false)
                .orElseThrow().algorithms();
        assertThat(a.additional()).isEmpty();
        assertThat(ProposalSelection.answerIke(a, 1, Bytes.EMPTY).transforms(TransformType.ADDITIONAL_KEY_EXCHANGE_1)).isEmpty();
    }
}
