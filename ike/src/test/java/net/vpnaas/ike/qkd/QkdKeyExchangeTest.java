package net.vpnaas.ike.qkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import net.vpnaas.ike.config.AdditionalKeyExchangeConfig;
import net.vpnaas.ike.config.IkeProposalConfig;
import net.vpnaas.ike.crypto.EncryptionAlgorithm;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.crypto.KeyExchangeMethod;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.sa.CipherChoice;
import org.junit.jupiter.api.Test;

/**
 * The QKD key exchange in isolation: the key source here is a map (a unit seam; QkdTunnelTest in
 * gateway-agent runs it against the stand-in KME pair over mTLS).
 */
class QkdKeyExchangeTest {
    private static final UUID ID = UUID.fromString("bc490419-7d60-487f-adc1-4ddcc177c139");
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

    private static QkdKeySource knowing(QkdKey key) {
        return new QkdKeySource() {
            @Override
            public QkdKey newKey() {
                return key;
            }

            @Override
            public QkdKey keyById(UUID id) throws QkdKeyUnavailableException {
                if (!id.equals(key.id())) throw new QkdKeyUnavailableException("KME test refused dec_keys (400): unknown " + id);
                return key;
            }
        };
    }

    @Test
    void theKeyIdTravelsBothWaysAndTheKeyIsTheSharedSecret() throws Exception {
        QkdKeyExchange i = QkdKeyExchange.initiator(new QkdKey(ID, KEY));
        QkdKeyExchange r = QkdKeyExchange.responder(knowing(new QkdKey(ID, KEY)));
        assertThat(i.method()).isEqualTo(KeyExchangeMethod.QKD);
        assertThat(KeyExchangeMethod.QKD.id()).isEqualTo(1024);
        assertThat(i.publicValue()).hasSize(16).startsWith((byte) 0xbc, (byte) 0x49, (byte) 0x04, (byte) 0x19);
        assertThat(r.sharedSecret(i.publicValue())).isEqualTo(KEY);
        assertThat(r.publicValue()).isEqualTo(i.publicValue());
        assertThat(i.sharedSecret(r.publicValue())).isEqualTo(KEY);
    }

    @Test
    void aWrongLengthAnUnknownIdAndAnotherEchoAreRefused() {
        QkdKeyExchange r = QkdKeyExchange.responder(knowing(new QkdKey(ID, KEY)));
        assertThatThrownBy(() -> r.sharedSecret(new byte[15])).isInstanceOf(InvalidPublicValueException.class)
                .hasMessage("QKD Key Exchange Data must be a 16-byte key ID, got 15 bytes");
        UUID other = UUID.randomUUID();
        assertThatThrownBy(() -> r.sharedSecret(QkdKeyExchange.encode(other))).isInstanceOf(InvalidPublicValueException.class)
                .hasMessage("QKD key " + other + ": KME test refused dec_keys (400): unknown " + other);
        QkdKeyExchange i = QkdKeyExchange.initiator(new QkdKey(ID, KEY));
        assertThatThrownBy(() -> i.sharedSecret(QkdKeyExchange.encode(other))).isInstanceOf(InvalidPublicValueException.class)
                .hasMessage("the responder answered QKD key ID " + other + " to our " + ID);
    }

    @Test
    void qkdIsNeverInIkeSaInit() {
        var gcm = List.of(new CipherChoice(EncryptionAlgorithm.AES_GCM_16, 256));
        assertThatThrownBy(() -> new IkeProposalConfig(gcm, List.of(), List.of(PrfAlgorithm.HMAC_SHA2_384), List.of(KeyExchangeMethod.QKD)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only an additional key exchange");
    }

    @Test
    void withoutQkdTheAlternativesRemainAndAProposalNeedingQkdGoes() {
        var gcm = List.of(new CipherChoice(EncryptionAlgorithm.AES_GCM_16, 256));
        var prf = List.of(PrfAlgorithm.HMAC_SHA2_384);
        var x25519 = List.of(KeyExchangeMethod.CURVE25519);
        var fallingBack = new IkeProposalConfig(gcm, List.of(), prf, x25519,
                List.of(new AdditionalKeyExchangeConfig(1, List.of(KeyExchangeMethod.QKD, KeyExchangeMethod.ML_KEM_768), false)));
        var qkdOnly = new IkeProposalConfig(gcm, List.of(), prf, x25519,
                List.of(new AdditionalKeyExchangeConfig(1, List.of(KeyExchangeMethod.QKD), false)));
        var qkdOptional = new IkeProposalConfig(gcm, List.of(), prf, x25519,
                List.of(new AdditionalKeyExchangeConfig(1, List.of(KeyExchangeMethod.QKD), true)));
        assertThat(QkdProposals.offerQkd(List.of(fallingBack))).isTrue();
        assertThat(QkdProposals.withoutQkd(List.of(fallingBack)).getFirst().additional())
                .containsExactly(new AdditionalKeyExchangeConfig(1, List.of(KeyExchangeMethod.ML_KEM_768), false));
        assertThat(QkdProposals.withoutQkd(List.of(qkdOnly))).isEmpty();
        assertThat(QkdProposals.withoutQkd(List.of(qkdOptional)).getFirst().additional()).isEmpty();
        assertThat(QkdProposals.offerQkd(QkdProposals.withoutQkd(List.of(fallingBack, qkdOptional)))).isFalse();
    }
}
