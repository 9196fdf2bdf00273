package net.vpnaas.ike.exchange;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the jobs of one IKE SA one at a time, in submission order, on threads of a shared executor.
 * A job that throws is logged and the mailbox goes on: a bad packet never stalls or kills an SA's thread.
 */
public final class Mailbox implements Executor {
    private static final Logger LOG = Logger.getLogger(Mailbox.class.getName());

    private final Executor threads;
    private final ConcurrentLinkedQueue<Runnable> jobs = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public Mailbox(Executor threads) {
        this.threads = threads;
    }

    @Override
    public void execute(Runnable job) {
        jobs.add(job);
        if (scheduled.compareAndSet(false, true)) threads.execute(this::drain);
    }

    private void drain() {
        Runnable job;
        while ((job = jobs.poll()) != null) {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "IKE SA job failed", e);
            }
        }
        scheduled.set(false);
        // A job added after poll() returned null but before the flag dropped must not be stranded.
        if (!jobs.isEmpty() && scheduled.compareAndSet(false, true)) threads.execute(this::drain);
    }
}
