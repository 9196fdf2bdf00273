package net.vpnaas.api.agent;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and pushes the snapshots of changed gateways on a few threads of their own, so that the
 * LISTEN thread only records which gateway changed and one slow snapshot read no longer holds up
 * every later notification behind it. A gateway is built by one thread at a time (a slower build
 * of an older revision must not overtake a newer one), and notifications that arrive while its
 * build is still queued are covered by that build, so a burst of changes to one gateway costs at
 * most two builds. At most one task per gateway is queued, which bounds the queue.
 */
final class GatewayPushQueue implements AutoCloseable {
    /** Builds the gateway's snapshot and offers it to its streams; the nanoTime is when the change became known. */
    interface Push {
        void push(UUID gatewayId, long noticedNanos);
    }

    private static final Logger log = LoggerFactory.getLogger(GatewayPushQueue.class);

    private final ExecutorService workers;
    private final Push push;
    private final ConcurrentHashMap<UUID, Job> jobs = new ConcurrentHashMap<>();

    /** Mutated only inside {@code jobs.compute} for its gateway. */
    private static final class Job {
        long noticedNanos;
        boolean running;
        boolean again;
        long againNoticedNanos;

        Job(long noticedNanos) {
            this.noticedNanos = noticedNanos;
        }
    }

    GatewayPushQueue(int threads, Push push) {
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("snapshot-push-", 0).factory());
        this.push = push;
    }

    void changed(UUID gatewayId) {
        long now = System.nanoTime();
        jobs.compute(gatewayId, (id, job) -> {
            if (job == null) return submit(id, new Job(now));
            if (job.running && !job.again) {
                // The running build may have read the database before this change committed.
                job.again = true;
                job.againNoticedNanos = now;
            }
            return job; // queued and not started: that build reads this change too
        });
    }

    private Job submit(UUID id, Job job) {
        try {
            workers.execute(() -> run(id));
            return job;
        } catch (RejectedExecutionException e) {
            return null; // shutting down
        }
    }

    private void run(UUID id) {
        long noticed = jobs.compute(id, (k, job) -> {
            job.running = true;
            return job;
        }).noticedNanos;
        try {
            push.push(id, noticed);
        } catch (RuntimeException e) {
            log.error("pushing gateway {} failed", id, e);
        } finally {
            jobs.compute(id, (k, job) -> {
                if (!job.again) return null;
                job.running = false;
                job.again = false;
                job.noticedNanos = job.againNoticedNanos;
                return submit(k, job);
            });
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
