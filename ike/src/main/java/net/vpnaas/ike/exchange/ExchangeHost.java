package net.vpnaas.ike.exchange;

import java.time.Duration;
import java.util.List;
import net.vpnaas.ike.task.Task;

/** What the task manager needs from its IKE SA: the wire, the clock, and the tasks of received requests. */
public interface ExchangeHost {

    /**
     * Encodes (encrypting unless IKE_SA_INIT), sends, and returns the datagrams sent: one, or one per
     * fragment when the message was fragmented (RFC 7383).
     */
    List<byte[]> send(OutgoingMessage message);

    /** Sends datagrams sent before once more, all of them (retransmission or cached response). */
    void resend(List<byte[]> datagrams);

    /** How our requests are retransmitted (the connection's; a responder learns its connection in IKE_AUTH). */
    RetransmitPolicy retransmitPolicy();

    /** Runs {@code job} on the IKE SA's mailbox after {@code delay}. */
    void schedule(Duration delay, Runnable job);

    /** Fresh responder tasks for a request the peer started. */
    List<Task> responderTasks(ReceivedMessage request);

    /** A task failed fatally. */
    void failed(String reason);

    /** Our request went unanswered after all retransmissions: the peer is gone, or unreachable. */
    void unanswered(String reason);
}
