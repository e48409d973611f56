package io.govaudit.cli;

import io.govaudit.AuditTrail;
import io.govaudit.AuditUnavailableException;
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
 * <p>Counting: an event is recorded, or not recorded ({@code record} returned
 * a not-recorded {@link io.govaudit.Receipt}: the trail is stopped under {@code STOP_RECORDING}), or
 * refused ({@link AuditUnavailableException}, e.g. under {@code FAIL_CLOSED}). After each event,
 * recorded or not, the run calls its {@code tick} (a drill's {@link SimulatedClock} advances).
 *
 * <p>Failure: the first exception of any producer (a refusal included) stops the others before
 * their next event and is rethrown by {@link #produce(AuditTrail)}. Used by one thread (the
 * command's); the producers share only the atomic counters.
 */
final class GeneratorRun {

    private final SyntheticEvents events;
    private final long count;
    private final int threads;
    private final Runnable tick;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong notRecorded = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private long startNanos;
    private long endNanos;

    GeneratorRun(SyntheticEvents events, long count, int threads) {
        this(events, count, threads, () -> { });
    }

    GeneratorRun(SyntheticEvents events, long count, int threads, Runnable tick) {
        this.events = events;
        this.count = count;
        this.threads = threads;
        this.tick = tick;
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

    /** @return events accepted by {@code record}: in SYNC recorded, in ASYNC queued */
    long recorded() {
        return recorded.get();
    }

    /** @return events for which {@code record} returned a not-recorded {@link io.govaudit.Receipt} */
    long notRecorded() {
        return notRecorded.get();
    }

    /** @return events refused with {@link AuditUnavailableException} (at most one per thread) */
    long refused() {
        return refused.get();
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
                boolean kept = trail.record(events.event(i)).recorded();
                tick.run();
                (kept ? recorded : notRecorded).incrementAndGet();
            }
        } catch (AuditUnavailableException e) {
            refused.incrementAndGet();
            failure.compareAndSet(null, e);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }
}
