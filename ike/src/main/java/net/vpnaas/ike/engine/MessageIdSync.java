package net.vpnaas.ike.engine;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import net.vpnaas.ike.exchange.OutgoingMessage;
import net.vpnaas.ike.exchange.TaskManager;
import net.vpnaas.ike.message.Bytes;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.message.IkeDecodeException;
import net.vpnaas.ike.message.IkeMessage;
import net.vpnaas.ike.message.MessageIdSyncNotify;
import net.vpnaas.ike.message.NotifyPayload;
import net.vpnaas.ike.message.NotifyType;
import net.vpnaas.ike.message.Payload;
import net.vpnaas.ike.message.ReplayCounterSyncNotify;
import net.vpnaas.ike.sa.ChildSa;
import net.vpnaas.ike.sa.IkeSa;

/**
 * The RFC 6311 INFORMATIONAL exchange with Message ID 0, outside the normal windows, for one IKE SA.
 *
 * <p>As the cluster member that took the IKE SA over ({@link #start}): HDR(0), SK {N(IKEV2_MESSAGE_ID_SYNC
 * nonce, M1, P1) [, N(IPSEC_REPLAY_COUNTER_SYNC delta)]} with M1 our next request ID and P1 the next we
 * expect; retransmitted as our requests are; the answer (same nonce) says where the peer stands, and our
 * windows follow it. The replay windows of our Child SAs move up by the delta before the request leaves.
 *
 * <p>As the peer ({@link #onRequest}), section 5.1: dropped unless both sides announced it in IKE_AUTH and
 * M1 is above every Message ID (and every M1) seen from the other side; then M2 = max(M1, our expected
 * ID) and P2 = max(P1, our next ID, one more while a request of ours is in flight) become our windows, the
 * outbound sequence numbers of the Child SAs jump by the delta (if that sync was agreed too), and the
 * answer carries the nonce, P2 and M2. A retransmitted request (same nonce and M1) gets the same answer.
 * Runs on the IKE SA's mailbox.
 */
final class MessageIdSync {
    private static final Logger LOG = Logger.getLogger(MessageIdSync.class.getName());

    private record Pending(Bytes nonce, List<byte[]> datagrams, int sends) {}

    private record Answered(Bytes nonce, long m1, List<byte[]> datagrams) {}

    private final IkeSession session;
    private Pending pending;
    private Answered answered;
    private long highestSyncM1 = -1;

    MessageIdSync(IkeSession session) {
        this.session = session;
    }

    /** Whether {@code payloads} of a message with {@code messageId} belong here rather than to the task manager. */
    static boolean isSync(ExchangeType type, long messageId, List<Payload> payloads) {
        return type == ExchangeType.INFORMATIONAL && messageId == 0
                && IkeMessage.notify(NotifyType.IKEV2_MESSAGE_ID_SYNC, payloads).isPresent();
    }

    /** As the member that took over; false when the peer did not agree to RFC 6311 for this IKE SA. */
    boolean start(long replayDelta) {
        IkeSa sa = session.sa();
        if (!sa.messageIdSync()) {
            LOG.warning(() -> sa + ": the peer did not announce IKEV2_MESSAGE_ID_SYNC_SUPPORTED; no Message ID sync");
            return false;
        }
        TaskManager tasks = session.tasks();
        Bytes nonce = Bytes.wrap(session.random().bytes(MessageIdSyncNotify.NONCE_LENGTH));
        OutgoingMessage request = new OutgoingMessage(ExchangeType.INFORMATIONAL, false, 0);
        request.add(new MessageIdSyncNotify(nonce, tasks.nextRequestId(), tasks.expectedPeerRequestId()).payload());
        if (replayDelta > 0 && sa.replayCounterSync()) {
            boolean esn = sa.children().stream().anyMatch(c -> c.algorithms().esn());
            for (ChildSa c : sa.children()) session.engineSink().advanceReplayWindow(c.inboundSpi(), replayDelta);
            request.add(new ReplayCounterSyncNotify(replayDelta, esn || replayDelta > 0xffff_ffffL).payload());
        }
        pending = new Pending(nonce, session.send(request), 1);
        armRetransmit(pending);
        return true;
    }

    private void armRetransmit(Pending p) {
        session.schedule(session.retransmitPolicy().timeoutAfter(p.sends() - 1), () -> {
            if (pending != p) return; // answered meanwhile
            if (p.sends() >= session.retransmitPolicy().tries()) {
                pending = null;
                session.unanswered("no answer to the Message ID sync after " + p.sends() + " sends");
                return;
            }
            session.resend(p.datagrams());
            pending = new Pending(p.nonce(), p.datagrams(), p.sends() + 1);
            armRetransmit(pending);
        });
    }

    /** The peer's answer: with our nonce it settles our windows. */
    void onResponse(List<Payload> payloads) {
        Optional<MessageIdSyncNotify> n = decode(payloads);
        if (pending == null || n.isEmpty() || !n.get().nonce().equals(pending.nonce())) {
            LOG.info(() -> session.sa() + ": dropping a Message ID sync answer that answers nothing of ours");
            return;
        }
        pending = null;
        // The peer speaks of itself: its next request (P2) is the one we expect, the one it expects (M2) our next.
        long next = n.get().expectedRecvRequest();
        long expected = n.get().expectedSendRequest();
        session.tasks().resynchronize(next, expected);
        LOG.info(() -> session.sa() + ": Message IDs synchronized (RFC 6311): our next request " + next + ", the peer's " + expected);
        session.tasks().initiate();
    }

    /** A sync request of the cluster member that took over (we are its peer). */
    void onRequest(List<Payload> payloads) {
        IkeSa sa = session.sa();
        if (!sa.messageIdSync()) {
            LOG.info(() -> sa + ": dropping IKEV2_MESSAGE_ID_SYNC: not agreed for this IKE SA");
            return;
        }
        Optional<MessageIdSyncNotify> request = decode(payloads);
        if (request.isEmpty()) return;
        MessageIdSyncNotify r = request.get();
        long m1 = r.expectedSendRequest();
        if (answered != null && answered.nonce().equals(r.nonce()) && answered.m1() == m1) {
            session.resend(answered.datagrams()); // its retransmission: our answer got lost
            return;
        }
        TaskManager tasks = session.tasks();
        long highestSeen = Math.max(tasks.expectedPeerRequestId() - 1, highestSyncM1);
        if (m1 <= highestSeen) {
            LOG.info(() -> sa + ": dropping IKEV2_MESSAGE_ID_SYNC with M1 " + m1 + ", not above " + highestSeen + " seen before");
            return;
        }
        long m2 = Math.max(m1, tasks.expectedPeerRequestId());
        long p2 = Math.max(r.expectedRecvRequest(), tasks.busy() ? tasks.nextRequestId() + 1 : tasks.nextRequestId());
        tasks.resynchronize(p2, m2);
        highestSyncM1 = m1;
        replayCounterSync(payloads);
        OutgoingMessage answer = new OutgoingMessage(ExchangeType.INFORMATIONAL, true, 0);
        answer.add(new MessageIdSyncNotify(r.nonce(), p2, m2).payload());
        answered = new Answered(r.nonce(), m1, session.send(answer));
        LOG.info(() -> sa + ": the other side took over (RFC 6311): our next request " + p2 + ", the next we expect " + m2);
    }

    private void replayCounterSync(List<Payload> payloads) {
        Optional<NotifyPayload> n = IkeMessage.notify(NotifyType.IPSEC_REPLAY_COUNTER_SYNC, payloads);
        if (n.isEmpty()) return;
        IkeSa sa = session.sa();
        if (!sa.replayCounterSync()) {
            LOG.info(() -> sa + ": ignoring IPSEC_REPLAY_COUNTER_SYNC: not agreed for this IKE SA");
            return;
        }
        try {
            long delta = ReplayCounterSyncNotify.decode(n.get()).delta();
            for (ChildSa c : sa.children()) session.engineSink().advanceOutboundSequence(c.inboundSpi(), delta);
            LOG.info(() -> sa + ": outbound sequence numbers of " + sa.children().size() + " Child SAs advanced by " + delta);
        } catch (IkeDecodeException e) {
            LOG.info(() -> sa + ": ignoring IPSEC_REPLAY_COUNTER_SYNC: " + e.getMessage());
        }
    }

    private Optional<MessageIdSyncNotify> decode(List<Payload> payloads) {
        try {
            Optional<NotifyPayload> n = IkeMessage.notify(NotifyType.IKEV2_MESSAGE_ID_SYNC, payloads);
            return n.isEmpty() ? Optional.empty() : Optional.of(MessageIdSyncNotify.decode(n.get()));
        } catch (IkeDecodeException e) {
            LOG.info(() -> session.sa() + ": dropping a malformed IKEV2_MESSAGE_ID_SYNC: " + e.getMessage());
            return Optional.empty();
        }
    }
}
