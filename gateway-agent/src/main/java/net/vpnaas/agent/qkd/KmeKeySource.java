package net.vpnaas.agent.qkd;

import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import net.vpnaas.ike.qkd.QkdKey;
import net.vpnaas.ike.qkd.QkdKeySource;
import net.vpnaas.ike.qkd.QkdKeyUnavailableException;

/**
 * One tunnel's QKD keys from the gateway's KME, shared with the peer's SAE: as initiator of a key
 * exchange a new key ({@code enc_keys} naming the peer as slave), as responder the key the peer took
 * ({@code dec_keys} naming the peer as master). Every key is logged by ID with the tunnel's name, so
 * both gateways' logs can be matched. A record: two mappings of one configuration are equal, so
 * an unchanged tunnel stays untouched on reload.
 *
 * @param keyBits the size of the keys asked for; the IKE key exchange takes them whole
 */
public record KmeKeySource(KmeClient kme, String tunnel, String peerSaeId, int keyBits) implements QkdKeySource {
    private static final Logger LOG = Logger.getLogger(KmeKeySource.class.getName());

    @Override
    public QkdKey newKey() throws QkdKeyUnavailableException {
        QkdKey key = kme.encKeys(peerSaeId, 1, keyBits).getFirst();
        LOG.info(() -> tunnel + ": QKD key " + key.id() + " from " + kme + " (enc_keys for SAE " + peerSaeId + ")");
        return key;
    }

    @Override
    public QkdKey keyById(UUID id) throws QkdKeyUnavailableException {
        QkdKey key = kme.decKeys(peerSaeId, List.of(id)).getFirst();
        LOG.info(() -> tunnel + ": QKD key " + key.id() + " from " + kme + " (dec_keys from SAE " + peerSaeId + ")");
        return key;
    }

    @Override
    public String toString() {
        return kme + " with SAE " + peerSaeId;
    }
}
