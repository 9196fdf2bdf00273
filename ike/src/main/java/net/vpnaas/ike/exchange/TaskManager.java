package net.vpnaas.ike.exchange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Logger;
import net.vpnaas.ike.message.ExchangeType;
import net.vpnaas.ike.task.Task;

/**
 * Drives the exchanges of one IKE SA (RFC 7296 2.1-2.3) with a window of one in each direction.
 *
 * <p>As initiator: queued tasks wait until no request is in flight; the active tasks build a request,
 * which is retransmitted with backoff until its response arrives or the policy gives up. A late
 * timer of an answered request finds another message id (or send count) and does nothing.
 *
 * <p>As responder: a request with the expected message id gets fresh responder tasks and a response;
 * a retransmitted request (the previous id) gets the cached response again; anything else is dropped.
 * Not thread-safe: only the IKE SA's mailbox calls it.
 */
public final class TaskManager {
    private static final Logger LOG = Logger.getLogger(TaskManager.class.getName());

    /** {@code datagrams}: the message, or all its fragments, which a retransmission sends again. */
    private record InFlight(long messageId, List<byte[]> datagrams, int sends) {}

    private record CachedResponse(long messageId, List<byte[]> datagrams) {}

    private final ExchangeHost host;
    private final Deque<Task> queued = new ArrayDeque<>();
    private final List<Task> active = new ArrayList<>();
    private long nextRequestId;
    private long expectedPeerRequestId;
    private InFlight inFlight;
    private CachedResponse lastResponse;
    private boolean dead;

    public TaskManager(ExchangeHost host) {
        this.host = host;
    }

    public void queue(Task task) {
        queued.add(task);
    }

    /** Queues {@code tasks} to be started together in one exchange sequence (IKE_SA_INIT + IKE_AUTH). */
    public void queueTogether(List<Task> tasks) {
        if (!active.isEmpty() || inFlight != null) throw new IllegalStateException("setup tasks must come first");
        active.addAll(tasks);
    }

    public List<Task> activeTasks() {
        return List.copyOf(active);
    }

    public boolean busy() {
        return inFlight != null;
    }

    /** Whether a task matching {@code which} is queued or active. */
    public boolean pending(Predicate<Task> which) {
        return active.stream().anyMatch(which) || queued.stream().anyMatch(which);
    }

    /** Drops all work: the IKE SA is gone (deleted, rekeyed away, or failed). */
    public void stop() {
        dead = true;
        queued.clear();
        active.clear();
        inFlight = null;
    }

    /** Starts the next exchange if none is in flight and there is work. */
    public void initiate() {
        if (dead || inFlight != null) return;
        if (active.isEmpty()) {
            Task next = queued.poll();
            if (next == null) return;
            active.add(next);
        }
        ExchangeType type = active.getFirst().exchangeType();
        OutgoingMessage request = new OutgoingMessage(type, false, nextRequestId);
        for (Task t : List.copyOf(active)) {
            switch (t.build(request)) {
                case DONE -> active.remove(t);
                case NEED_MORE, RETRY, STALE -> { }
                case FAILED -> {
                    fail(t.name() + " could not build its " + type + " request");
                    return;
                }
            }
        }
        if (request.payloads().isEmpty() && active.isEmpty()) {
            // Every active task finished without anything to say (e.g. a rekey or Delete of an SA that is gone).
            active.clear();
            initiate();
            return;
        }
        List<byte[]> datagrams = host.send(request);
        inFlight = new InFlight(nextRequestId, datagrams, 1);
        armRetransmit(inFlight);
    }

    private void armRetransmit(InFlight f) {
        host.schedule(host.retransmitPolicy().timeoutAfter(f.sends() - 1), () -> onRetransmitTimer(f.messageId(), f.sends()));
    }

    private void onRetransmitTimer(long messageId, int sends) {
        InFlight f = inFlight;
        if (dead || f == null || f.messageId() != messageId || f.sends() != sends) return; // answered meanwhile
        if (sends >= host.retransmitPolicy().tries()) {
            stop();
            host.unanswered("no response to request " + messageId + " after " + sends + " sends");
            return;
        }
        LOG.fine(() -> "retransmitting request " + messageId + " (send " + (sends + 1) + ")");
        host.resend(f.datagrams());
        inFlight = new InFlight(messageId, f.datagrams(), sends + 1);
        armRetransmit(inFlight);
    }

    /** The Message ID our next request takes (the one in flight, while one is). */
    public long nextRequestId() {
        return nextRequestId;
    }

    /** The Message ID of the next request the peer may send. */
    public long expectedPeerRequestId() {
        return expectedPeerRequestId;
    }

    /**
     * A Message ID sync (RFC 6311) settled both windows: our next request takes {@code nextRequest}, the
     * peer's next is {@code expectedPeerRequest}. A request of ours in flight keeps its ID and is left to
     * its retransmissions; the cached response stays for a retransmission of the request it answered.
     */
    public void resynchronize(long nextRequest, long expectedPeerRequest) {
        nextRequestId = nextRequest;
        expectedPeerRequestId = expectedPeerRequest;
    }

    /** The Message ID of the last request we answered, -1 before the first. */
    public long lastResponseId() {
        return lastResponse == null ? -1 : lastResponse.messageId();
    }

    /** The datagrams of our last response, empty before the first. */
    public List<byte[]> lastResponseDatagrams() {
        return lastResponse == null ? List.of() : lastResponse.datagrams();
    }

    /**
     * Windows and last response of an IKE SA another engine ran (a cluster takeover): the peer's next
     * request, or the retransmission of the last one, is handled as that engine would have.
     */
    public void restore(long nextRequest, long expectedPeerRequest, long lastResponseId, List<byte[]> lastResponseDatagrams) {
        resynchronize(nextRequest, expectedPeerRequest);
        lastResponse = lastResponseId < 0 ? null : new CachedResponse(lastResponseId, List.copyOf(lastResponseDatagrams));
    }

    /** Whether a response with this id would be taken: it answers our request in flight. */
    public boolean awaitsResponse(long messageId) {
        return !dead && inFlight != null && inFlight.messageId() == messageId;
    }

    /** Whether a request with this id would be processed: the next one the peer may send. */
    public boolean awaitsRequest(long messageId) {
        return !dead && messageId == expectedPeerRequestId;
    }

    /** Whether the request with this id was answered last (its retransmissions get the cached response). */
    public boolean answered(long messageId) {
        CachedResponse cached = lastResponse;
        return !dead && cached != null && cached.messageId() == messageId;
    }

    /** Sends the last response again, e.g. on the first fragment of its retransmitted request (RFC 7383 2.6.1). */
    public void resendLastResponse() {
        if (!dead && lastResponse != null) host.resend(lastResponse.datagrams());
    }

    /** A response from the peer. */
    public void onResponse(ReceivedMessage response) {
        InFlight f = inFlight;
        if (dead || f == null || response.messageId() != f.messageId()) {
            LOG.fine(() -> "dropping unexpected response " + response.messageId());
            return;
        }
        inFlight = null;
        boolean retry = false;
        for (Task t : List.copyOf(active)) {
            if (retry) break;
            switch (t.process(response)) {
                case DONE -> active.remove(t);
                case NEED_MORE -> { }
                // The response only asks for the request again (COOKIE, INVALID_KE_PAYLOAD): the tasks after
                // this one must not take it for the answer, or they would finish and leave their payloads
                // (NAT detection, signature hash algorithms) out of the request sent again.
                case RETRY -> retry = true;
                case STALE -> {
                    LOG.fine(() -> "ignoring a stale " + response.exchangeType() + " response");
                    inFlight = f; // the retransmit timer of f is still armed
                    return;
                }
                case FAILED -> {
                    fail(t.name() + " failed on the " + response.exchangeType() + " response");
                    return;
                }
            }
        }
        // After a Message ID sync (RFC 6311) the next ID may already be past the answered request's.
        if (!retry) nextRequestId = Math.max(nextRequestId, f.messageId() + 1);
        initiate();
    }

    /** A request from the peer. */
    public void onRequest(ReceivedMessage request) {
        if (dead) return;
        long id = request.messageId();
        CachedResponse cached = lastResponse;
        if (cached != null && cached.messageId() == id) {
            LOG.fine(() -> "retransmitted request " + id + ": resending cached response");
            host.resend(cached.datagrams());
            return;
        }
        if (id != expectedPeerRequestId) {
            LOG.fine(() -> "dropping request " + id + ", expected " + expectedPeerRequestId);
            return;
        }
        List<Task> tasks = host.responderTasks(request);
        OutgoingMessage response = new OutgoingMessage(request.exchangeType(), true, id);
        boolean fatal = false;
        for (Task t : tasks) fatal |= t.process(request) == Task.Status.FAILED;
        for (Task t : tasks) {
            // A task that fails writes the final answer (its error notification); later tasks add nothing.
            if (t.build(response) == Task.Status.FAILED) {
                fatal = true;
                break;
            }
        }
        List<byte[]> datagrams = host.send(response);
        // IKE_SA_INIT is answered statelessly when it fails (COOKIE, INVALID_KE_PAYLOAD): no id advance.
        if (!fatal || request.exchangeType() != ExchangeType.IKE_SA_INIT) {
            lastResponse = new CachedResponse(id, datagrams);
            expectedPeerRequestId++;
        }
        if (fatal) {
            fail("responder task failed on " + request.exchangeType() + " request " + id);
            return;
        }
        initiate();
    }

    private void fail(String reason) {
        stop();
        host.failed(reason);
    }
}
