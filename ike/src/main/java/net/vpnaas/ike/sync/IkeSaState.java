package net.vpnaas.ike.sync;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.sa.IkeAlgorithms;
import net.vpnaas.ike.transport.Carrier;

/**
 * Everything a standby engine needs to continue an established IKE SA and its Child SAs as if it had
 * been there all along (the cluster moves this; the engine does not know how): identity of the SA, the
 * seven keys, the negotiated extensions, the Message-ID windows and the last response (so a
 * retransmitted request is answered as before), and when the rekeys are due.
 *
 * @param connection          the name of the connection it belongs to (the importing engine has it too)
 * @param keys                SK_d, SK_ai, SK_ar, SK_ei, SK_er, SK_pi, SK_pr in this order
 * @param nextRequestId       the Message ID of our next request
 * @param expectedPeerRequest the Message ID of the next request the peer may send
 * @param lastResponse        our last response with its Message ID, resent on a retransmitted request
 * @param peerQcdToken        the peer's QCD token (RFC 6290), when it gave one
 * @param ppkId               the PPK mixed into the keys, when one was
 * @param ikeRekeyAt          when the IKE SA is rekeyed ({@code null}: never)
 * @param ikeExpiresAt        when it ends if not rekeyed ({@code null}: never)
 * @param virtualAddress      the remote-access client's virtual IP leased from the connection's pool, when
 *                            one was: the importing engine reserves it in its own pool, so a takeover neither
 *                            takes the client's address away nor hands it to another client
 */
public record IkeSaState(String connection, boolean originalInitiator, long initiatorSpi, long responderSpi,
                         InetSocketAddress local, InetSocketAddress remote, Carrier carrier,
                         boolean localBehindNat, boolean remoteBehindNat, boolean udpEncapsulationForced,
                         IkeAlgorithms algorithms, List<Bytes> keys, Bytes ni, Bytes nr, String remoteIdentity,
                         boolean peerFragmentation, boolean peerQcd, Optional<Bytes> peerQcdToken,
                         boolean messageIdSync, boolean replayCounterSync, Optional<String> ppkId,
                         long nextRequestId, long expectedPeerRequest, Optional<CachedResponse> lastResponse,
                         Instant establishedAt, Instant ikeRekeyAt, Instant ikeExpiresAt, List<ChildSaState> children,
                         Optional<InetAddress> virtualAddress) {

    /** The seven IKE SA keys. */
    public static final int KEY_COUNT = 7;

    /** A response as sent: its Message ID and its datagrams (one, or its fragments). */
    public record CachedResponse(long messageId, List<Bytes> datagrams) {
        public CachedResponse {
            datagrams = List.copyOf(datagrams);
        }
    }

    public IkeSaState {
        keys = List.copyOf(keys);
        children = List.copyOf(children);
        if (keys.size() != KEY_COUNT) throw new IllegalArgumentException("an IKE SA has 7 keys");
    }

    /** The SPI we chose: what the importing engine routes the peer's messages by. */
    public long localSpi() {
        return originalInitiator ? initiatorSpi : responderSpi;
    }

    @Override
    public String toString() {
        return "IkeSaState[%s %016x_i %016x_r %s, %d Child SAs]".formatted(connection, initiatorSpi, responderSpi, algorithms,
                children.size()); // never print keys
    }
}
