package net.vpnaas.ike.fuzz;

import java.util.Arrays;
import java.util.UUID;
import net.vpnaas.ike.crypto.InvalidPublicValueException;
import net.vpnaas.ike.qkd.QkdKey;
import net.vpnaas.ike.qkd.QkdKeyExchange;
import net.vpnaas.ike.qkd.QkdKeySource;

/**
 * Jazzer target over a QKD key exchange's Key Exchange Data as a responder reads it from the
 * initiator's KE payload: refused ({@link InvalidPublicValueException}) unless it is a 16-byte key ID;
 * otherwise the responder fetches that ID (from a source that knows every ID), answers the same 16
 * bytes, and an initiator holding that key accepts the answer and agrees on the key. Anything else is
 * a finding.
 */
public final class QkdKeyExchangeFuzzTarget {
    private static final byte[] KEY = new byte[32];

    private QkdKeyExchangeFuzzTarget() {}

    public static void fuzzerTestOneInput(byte[] data) {
        QkdKeyExchange responder = QkdKeyExchange.responder(new QkdKeySource() {
            @Override
            public QkdKey newKey() {
                throw new IllegalStateException("a responder takes no new key");
            }

            @Override
            public QkdKey keyById(UUID id) {
                return new QkdKey(id, KEY);
            }
        });
        byte[] secret;
        try {
            secret = responder.sharedSecret(data.clone());
        } catch (InvalidPublicValueException refused) {
            if (data.length == QkdKeyExchange.KEY_ID_LENGTH) throw new IllegalStateException("refused a 16-byte key ID", refused);
            return;
        }
        if (data.length != QkdKeyExchange.KEY_ID_LENGTH) throw new IllegalStateException("accepted " + data.length + " bytes");
        if (!Arrays.equals(responder.publicValue(), data)) throw new IllegalStateException("the answer is not the key ID");
        try {
            QkdKeyExchange initiator = QkdKeyExchange.initiator(new QkdKey(QkdKeyExchange.decode(data), KEY));
            if (!Arrays.equals(initiator.sharedSecret(responder.publicValue()), secret)) throw new IllegalStateException("secrets differ");
        } catch (InvalidPublicValueException e) {
            throw new IllegalStateException("the initiator refused its own key's ID", e);
        }
    }
}
