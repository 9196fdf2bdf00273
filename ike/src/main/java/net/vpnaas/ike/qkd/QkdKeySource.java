package net.vpnaas.ike.qkd;

import java.util.UUID;

/**
 * Where one connection's QKD keys come from: its gateway's key management entity (KME), asked for
 * keys shared with the peer's secure application entity (SAE). The engine knows nothing of how (the
 * gateway agent speaks ETSI GS QKD 014 over mutual TLS); it only takes a new key as initiator of a
 * key exchange and fetches the one the peer names as responder. Calls may block (the engine runs
 * each IKE SA on a virtual thread) and must give up after a bounded time.
 */
public interface QkdKeySource {

    /** A connection without QKD: every request fails. */
    QkdKeySource NONE = new QkdKeySource() {
        @Override
        public QkdKey newKey() throws QkdKeyUnavailableException {
            throw new QkdKeyUnavailableException("no QKD key management entity is configured");
        }

        @Override
        public QkdKey keyById(UUID id) throws QkdKeyUnavailableException {
            throw new QkdKeyUnavailableException("no QKD key management entity is configured");
        }

        @Override
        public String toString() {
            return "no KME";
        }
    };

    /** As the master SAE (initiator of the key exchange): a fresh key, which the peer's KME can then give it once. */
    QkdKey newKey() throws QkdKeyUnavailableException;

    /** As the slave SAE (responder): the key the peer took, by the ID it sent. */
    QkdKey keyById(UUID id) throws QkdKeyUnavailableException;
}
