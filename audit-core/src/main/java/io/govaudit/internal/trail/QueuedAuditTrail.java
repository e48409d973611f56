package io.govaudit.internal.trail;

import io.govaudit.AuditEvent;
import io.govaudit.AuditException;
import io.govaudit.AuditRecordRejectedException;
import io.govaudit.AuditTrail;
import io.govaudit.AuditUnavailableException;
import io.govaudit.CapacityPolicy;
import io.govaudit.Durability;
import io.govaudit.Receipt;
import io.govaudit.TrailStatus;
import io.govaudit.internal.format.BodyEncoder;
import io.govaudit.internal.format.SessionHasher;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.StampedLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuditTrail} on any store (a directory, or an {@link io.govaudit.spi.AuditStore}
 * such as a database): the front door (validation, encoding, queueing, waiting) and the writer
 * thread's loop; what the writer does with a batch is {@link ChainWriter}'s.
 *
 * <p>Ordering: producer threads validate and encode the body of their event in parallel, then
 * queue it. One writer thread takes everything queued (a batch) and hands it to the
 * {@link ChainWriter}, which gives each record its seq, ts, prev and hash in queue order and
 * commits the batch with one write and one force (docs/format.md sections 6-7; README.md, STYLE.md S19-S20).
 * The batch closes on named triggers: {@linkplain #MAX_BATCH_RECORDS record count} (a quarter
 * of it with the force behind),
 * {@linkplain #MAX_BATCH_BYTES bytes}, a stop marker, or the queue running empty. While one batch
 * is being forced the next one gathers, so batches grow with load and no timer is needed.
 *
 * <p>Durability: a {@link Durability#SYNC} caller is released when the force of its batch
 * returns. An {@link Durability#ASYNC} caller returns after queueing; its record is forced with
 * the batch that takes it. On the file and JDBC stores that force runs behind the writer, which chains and
 * writes the next batch meanwhile ({@link GroupCommit}), so the loss window is what is queued
 * plus two batches: the one being forced and the one being written.
 *
 * <p>Failure: full stores and failed writes are handled by the {@link ChainWriter}'s policy
 * switch. While it refuses under {@code FAIL_CLOSED}, {@code record} throws here at once and the
 * refusal is counted. An unexpected error on the writer thread fails the trail for good and
 * fails every waiting caller: no caller ever waits for a writer that is gone.
 *
 * <p>Shutdown: {@link #close()} stops accepting, lets the writer drain the queue, writes
 * {@code TRAIL_STOP}, forces, and releases the chain lock, in that order and bounded in time.
 *
 * <p>Thread-safety: {@code record}, {@code flush} and {@code close} may be called from any
 * thread. {@code lifecycle} guards the hand-over between accepting and closing; the writer and
 * its store belong to the writer thread alone.
 */
public final class QueuedAuditTrail implements AuditTrail {

    /** What a SYNC caller's ack completes with when the event was counted, not recorded. */
    static final long NOT_RECORDED = -2L;

    static final int MAX_BATCH_RECORDS = 4096;
    /**
     * At most this many records per batch when the force runs behind ({@link GroupCommit}): two
     * batches are then alive beside the queue, and under {@code -Xmx48m} batches of 4 096 took
     * 3.7-3.9 s of GC in 30 s where 1 024 took 0.9-1.0 s, at the same rate in a default heap
     * (docs/performance.md).
     */
    static final int MAX_BATCH_RECORDS_FORCE_BEHIND = 1024;
    static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(QueuedAuditTrail.class);

    private final String chainId;
    private final String system;
    private final String host;
    private final Durability durability;
    private final Clock clock;
    private final BodyEncoder bodies;
    private final ChainWriter chainWriter;
    private final Unrecorded unrecorded = new Unrecorded();
    private final StatusBoard statusBoard = new StatusBoard();
    private final OptionalLong maxBytes;
    private final CapacityPolicy.OnFull onFull;
    private final BlockingQueue<Pending> queue;
    /**
     * Items the writer took from the queue but did not fit in its last batch (byte bound); they
     * go first into the next batch. Writer thread only.
     */
    private final ArrayDeque<Pending> drained = new ArrayDeque<>();
    private final Thread writer;
    private final int maxBatchRecords;
    private final TrailConfig config;
    private volatile ScheduledVerification verification; // set once by start()
    private volatile Replication replication; // set once by start(), null without replicas
    private final ClockWatch clockWatch; // null without clockCheck

    /**
     * Guards the switch from accepting to closed: record holds it shared, close exclusively, so
     * no record is queued after the stop marker. A {@code StampedLock} rather than a
     * {@code ReentrantReadWriteLock}: same exclusion, but its read lock is one CAS each way,
     * where the reentrant lock also counted holds per thread in a {@code ThreadLocal} (2-3 % of
     * producer samples at 8 threads, benchmarks/README.md). Nothing here re-enters the lock.
     * A lock-free flag checked before and after {@code put} would need close to find and fail
     * records queued behind the stop marker; not worth it for a read lock that is uncontended
     * except during close.
     */
    private final StampedLock lifecycle = new StampedLock();
    private boolean closing; // guarded by lifecycle
    private volatile boolean closed;

    QueuedAuditTrail(TrailConfig config, ChainStore store, SessionHasher sessions, Sealing sealing,
            ChainContinuity continuity, Path stateDir, ClockWatch clockWatch) {
        this.chainId = config.chainId();
        this.system = config.system();
        this.host = config.host();
        this.durability = config.durability();
        this.clock = config.clock();
        this.bodies = new BodyEncoder(config.maxRecordBytes(), sessions, config.personalDataMasking());
        this.chainWriter = new ChainWriter(config, store, bodies, unrecorded, sealing, continuity, stateDir,
                statusBoard, clockWatch);
        this.clockWatch = clockWatch;
        this.onFull = config.capacity().onFull();
        this.maxBytes = config.capacity().bounded() ? OptionalLong.of(config.capacity().maxBytes()) : OptionalLong.empty();
        this.queue = new LinkedBlockingQueue<>(config.queueCapacity());
        this.maxBatchRecords = chainWriter.forcesBehind() ? MAX_BATCH_RECORDS_FORCE_BEHIND : MAX_BATCH_RECORDS;
        this.writer = config.newThread("writer", this::runWriter);
        this.config = config;
    }

    /**
     * Writes the opening records and starts the writer thread; on failure the store is closed
     * (releasing the chain's lock) and nothing runs.
     */
    void start(List<AuditEvent.Builder> opening, ChainStore store, String where) {
        try {
            chainWriter.open(opening);
            TrailOpener.forgetRecoveries(chainId, store);
        } catch (IOException | RuntimeException e) {
            TrailOpener.closeQuietly(store, e);
            throw new AuditException("cannot write the opening records of chain '" + chainId + "' in "
                    + where + ": " + e.getMessage(), e);
        } catch (Error e) {
            TrailOpener.closeQuietly(store, e); // release the chain lock, or no trail in this JVM could open it again
            throw e;
        }
        writer.start();
        replication = Replication.start(config, statusBoard::published);
        verification = ScheduledVerification.start(config);
        if (clockWatch != null) {
            clockWatch.start();
        }
    }

    @Override
    public Receipt record(AuditEvent event) {
        if (event == null) {
            throw new AuditRecordRejectedException("event", "is missing (null)");
        }
        if (event.type().isLibraryType()) { // AuditEvent.of refuses these already: a second lock
            throw new AuditRecordRejectedException("type",
                    "'" + event.type() + "' is written only by the library itself");
        }
        byte[] body = bodies.encode(event, system, host);
        if (chainWriter.refusing()) {
            unrecorded.add(clock.instant());
            throw new AuditUnavailableException("audit trail of chain '" + chainId + "' is not recording (store full "
                    + "or failing, onFull=FAIL_CLOSED); refuse the audited operation", chainWriter.failure());
        }
        CompletableFuture<Long> ack = durability == Durability.SYNC ? new CompletableFuture<>() : null;
        enqueue(new Pending(body, ack, false));
        if (ack == null) {
            return Receipt.queued();
        }
        long seq = await(ack);
        return seq == NOT_RECORDED ? Receipt.notRecorded() : Receipt.durable(seq);
    }

    @Override
    public long flush() {
        CompletableFuture<Long> ack = new CompletableFuture<>();
        enqueue(new Pending(null, ack, false));
        return await(ack);
    }

    private void enqueue(Pending pending) {
        long stamp = lifecycle.readLock();
        try {
            if (closing) {
                throw new AuditUnavailableException("audit trail of chain '" + chainId
                        + "' is closed; build a new AuditTrail to record", null);
            }
            throwIfFailed();
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while queueing an audit record; nothing was recorded", e);
        } finally {
            lifecycle.unlockRead(stamp);
        }
    }

    private void throwIfFailed() {
        Throwable cause = chainWriter.failure();
        if (cause != null) {
            throw new AuditUnavailableException("audit store of chain '" + chainId + "' failed ("
                    + cause.getMessage() + "); nothing more can be recorded until the trail is reopened", cause);
        }
    }

    private static long await(CompletableFuture<Long> ack) {
        try {
            return ack.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuditException) {
                throw (AuditException) cause;
            }
            throw new AuditUnavailableException("audit record could not be written: " + cause, cause);
        }
    }

    @Override
    public String chainId() {
        return chainId;
    }

    @Override
    public State state() {
        State writerState = chainWriter.state();
        return closed && writerState != State.FAILED ? State.CLOSED : writerState; // a failure stays visible
    }

    /**
     * Reads what the writer published and two thread-safe counters; takes no lock (the queue's
     * {@code size} is an atomic read), so a scrape never delays a producer or the writer.
     */
    @Override
    public TrailStatus status() {
        StatusBoard.Published head = statusBoard.published();
        return new TrailStatus(chainId, state(), head.headSeq(), head.headHash(), statusBoard.usedBytes(), maxBytes, onFull,
                head.lastCheckpoint(), unrecorded.total(), queue.size(), head.counters(),
                replication == null ? List.of() : replication.status());
    }

    // ---- writer thread ----

    private void runWriter() {
        try {
            writeUntilStopped();
        } finally {
            chainWriter.finish(); // releases the chain lock whatever happened above
        }
    }

    private void writeUntilStopped() {
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            Pending first = take();
            if (first == null) {
                try {
                    chainWriter.idle();
                } catch (RuntimeException | Error e) {
                    chainWriter.crash(e, List.of());
                }
                continue;
            }
            batch.add(first);
            drainBatch(batch);
            stop = batch.get(batch.size() - 1).stop;
            try {
                chainWriter.process(batch);
            } catch (RuntimeException | Error e) {
                // Errors too: if they ended this thread, SYNC callers and flush() would wait
                // forever on acks nobody completes. Failing the trail releases them all.
                chainWriter.crash(e, batch);
            }
            batch.clear();
        }
    }

    /** Waits for the next item for at most the probe interval; null if none came. */
    private Pending take() {
        Pending carried = drained.pollFirst();
        if (carried != null) {
            return carried;
        }
        Pending next = queue.poll();
        if (next != null) {
            return next;
        }
        try {
            chainWriter.settle(); // nothing queued: complete the batch in flight before waiting
        } catch (RuntimeException | Error e) {
            chainWriter.crash(e, List.of());
        }
        try {
            return queue.poll(ChainWriter.PROBE_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // Nobody but close() should interrupt the writer; keep draining so no caller hangs.
            LOG.warn("audit writer of chain '{}' was interrupted; continuing until close", chainId);
            return null;
        }
    }

    /**
     * Named triggers: stop at the record or byte bound, at a stop marker, or when the queue is empty.
     *
     * <p>Items are taken with {@code drainTo}, at most up to the record bound: one lock
     * acquisition and at most one wake-up of a waiting producer per batch, where a
     * {@code poll} per item took both queue locks and, with the queue full, woke one producer
     * per record (benchmarks/README.md). What the byte bound leaves over waits in
     * {@link #drained} for the next batch, in order. Nothing follows the stop marker in the
     * queue: {@link #close} queues it last, under the write lock.
     */
    private void drainBatch(List<Pending> batch) {
        long bytes = batch.get(0).size();
        while (batch.size() < maxBatchRecords && bytes < MAX_BATCH_BYTES && !batch.get(batch.size() - 1).stop) {
            if (drained.isEmpty() && queue.drainTo(drained, maxBatchRecords - batch.size()) == 0) {
                return;
            }
            Pending next = drained.pollFirst();
            batch.add(next);
            bytes += next.size();
        }
    }

    // ---- shutdown ----

    @Override
    public void close() {
        long stamp = lifecycle.writeLock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            queue.put(Pending.STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("interrupted while closing the audit trail of chain '"
                    + chainId + "'", e);
        } finally {
            lifecycle.unlockWrite(stamp);
        }
        if (verification != null) {
            verification.close(); // before the writer drains: no round reads a chain being closed
        }
        if (clockWatch != null) {
            clockWatch.close();
        }
        joinWriter();
        if (replication != null) {
            replication.close(); // after the writer: the replicas end with TRAIL_STOP
        }
        closed = true;
    }

    private void joinWriter() {
        try {
            writer.join(TimeUnit.SECONDS.toMillis(CLOSE_TIMEOUT_SECONDS));
            if (writer.isAlive()) {
                LOG.warn("audit writer of chain '{}' did not finish within {} s; records still queued may be lost",
                        chainId, CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while waiting for the audit writer of chain '{}' to finish", chainId);
        }
    }

    @Override
    public String toString() {
        return "AuditTrail[chain=" + chainId + ", durability=" + durability + ", state=" + state() + "]";
    }

    /** One queued item: an encoded body, a flush marker (no body) or the stop marker. */
    static final class Pending {
        static final Pending STOP = new Pending(null, null, true);

        final byte[] body;
        final CompletableFuture<Long> ack;
        final boolean stop;

        Pending(byte[] body, CompletableFuture<Long> ack, boolean stop) {
            this.body = body;
            this.ack = ack;
            this.stop = stop;
        }

        int size() {
            return body == null ? 0 : body.length;
        }
    }
}
