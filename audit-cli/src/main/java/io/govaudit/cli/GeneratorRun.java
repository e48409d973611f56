package io.govaudit.cli;

import io.govaudit.AuditTrail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of {@code generate}: T producer threads record N events, thread k the k-th contiguous
 * slice of the event indexes (the first {@code N mod T} slices one longer), so the threads share
 * N exactly and the run as a whole cycles through every event type.
 *
 * <p>Failure: the first exception of any producer stops the others before their next event and
 * is rethrown by {@link #produce(AuditTrail)}. Used by one thread (the command's); the producers
 * share only the atomic counters.
 */
final class GeneratorRun {

    private final SyntheticEvents events;
    private final long count;
    private final int threads;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private long startNanos;
    private long endNanos;

    GeneratorRun(SyntheticEvents events, long count, int threads) {
        this.events = events;
        this.count = count;
        this.threads = threads;
    }

    /**
     * Records all events and waits for the producers; the clock starts here.
     *
     * @param trail the open trail
     * @throws InterruptedException if interrupted while waiting for the producers
     * @throws RuntimeException     the first failure of a producer, e.g. the store failed
     */
    void produce(AuditTrail trail) throws InterruptedException {
        startNanos = System.nanoTime();
        List<Thread> producers = new ArrayList<>(threads);
        long from = 0;
        for (int k = 0; k < threads; k++) {
            long n = slice(k);
            producers.add(producer(trail, k, from, from + n));
            from += n;
        }
        producers.forEach(Thread::start);
        for (Thread producer : producers) {
            producer.join();
        }
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /** Stops the clock; called after the trail is closed, so every record is on disk. */
    void finished() {
        endNanos = System.nanoTime();
    }

    long slice(int k) {
        return count / threads + (k < count % threads ? 1 : 0);
    }

    long recorded() {
        return recorded.get();
    }

    Duration elapsed() {
        return Duration.ofNanos(endNanos - startNanos);
    }

    private Thread producer(AuditTrail trail, int k, long from, long to) {
        Thread thread = new Thread(() -> record(trail, from, to), "generate-" + k);
        thread.setDaemon(true);
        return thread;
    }

    private void record(AuditTrail trail, long from, long to) {
        try {
            for (long i = from; i < to && failure.get() == null; i++) {
                trail.record(events.event(i));
                recorded.incrementAndGet();
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }
}
