package net.vpnaas.ike.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.vpnaas.ike.exchange.TaskManager;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.IkeSaKeys;
import net.vpnaas.ike.sync.ChildSaState;
import net.vpnaas.ike.sync.IkeSaState;

/** Between an IKE SA as a session runs it and {@link IkeSaState}, both ways. */
final class IkeSaStates {
    private IkeSaStates() {}

    static IkeSaState export(String connection, IkeSa sa, TaskManager tasks, Instant establishedAt, Instant ikeRekeyAt,
                             Instant ikeExpiresAt, Map<Long, Instant> childRekeyAt) {
        IkeSaKeys k = sa.keys();
        List<Bytes> keys = List.of(Bytes.wrap(k.skD()), Bytes.wrap(k.skAi()), Bytes.wrap(k.skAr()), Bytes.wrap(k.skEi()),
                Bytes.wrap(k.skEr()), Bytes.wrap(k.skPi()), Bytes.wrap(k.skPr()));
        Optional<IkeSaState.CachedResponse> last = tasks.lastResponseId() < 0 ? Optional.empty()
                : Optional.of(new IkeSaState.CachedResponse(tasks.lastResponseId(),
                        tasks.lastResponseDatagrams().stream().map(Bytes::copyOf).toList()));
        List<ChildSaState> children = sa.children().stream()
                .filter(c -> c.state() == ChildSa.State.INSTALLED || c.state() == ChildSa.State.REKEYING)
                .map(c -> new ChildSaState(c.reqid(), c.algorithms(), c.inbound(), c.outbound(), c.localSelectors(),
                        c.remoteSelectors(), c.createdAt(), childRekeyAt.get(c.inboundSpi())))
                .toList();
        return new IkeSaState(connection, sa.originalInitiator(), sa.initiatorSpi(), sa.responderSpi(), sa.localAddress(),
                sa.remoteAddress(), sa.carrier(), sa.localBehindNat(), sa.remoteBehindNat(), sa.udpEncapsulationForced(),
                sa.algorithms(), keys, Bytes.copyOf(sa.ni()), Bytes.copyOf(sa.nr()), sa.remoteIdentity(), sa.peerFragmentation(),
                sa.peerQcd(), sa.peerQcdToken(), sa.messageIdSync(), sa.replayCounterSync(), sa.ppkId(), tasks.nextRequestId(),
                tasks.expectedPeerRequestId(), last, establishedAt, ikeRekeyAt, ikeExpiresAt, children,
                Optional.ofNullable(sa.virtualAddress()));
    }

    /** The IKE SA of {@code s}, established, without its Child SAs (the session installs those). */
    static IkeSa ikeSa(IkeSaState s) {
        IkeSa sa = new IkeSa(s.originalInitiator(), s.initiatorSpi(), s.responderSpi(), s.local(), s.remote());
        sa.carrier(s.carrier());
        List<Bytes> k = s.keys();
        sa.established(s.algorithms(), IkeSaKeys.of(s.algorithms(), k.get(0).toByteArray(), k.get(1).toByteArray(),
                k.get(2).toByteArray(), k.get(3).toByteArray(), k.get(4).toByteArray(), k.get(5).toByteArray(), k.get(6).toByteArray()));
        s.ppkId().ifPresent(id -> sa.ppkApplied(id, sa.keys()));
        sa.nonces(s.ni().toByteArray(), s.nr().toByteArray());
        sa.natDetected(s.localBehindNat(), s.remoteBehindNat());
        sa.udpEncapsulationForced(s.udpEncapsulationForced());
        sa.remoteIdentity(s.remoteIdentity());
        sa.peerFragmentation(s.peerFragmentation());
        if (s.peerQcd()) sa.peerQcd(s.peerQcdToken().orElse(null));
        sa.highAvailabilityNegotiated(s.messageIdSync(), s.replayCounterSync());
        sa.state(IkeSa.State.ESTABLISHED);
        return sa;
    }

    static ChildSa childSa(ChildSaState c) {
        return new ChildSa(c.reqid(), c.algorithms(), c.inbound(), c.outbound(), c.localSelectors(), c.remoteSelectors(), c.createdAt());
    }
}
