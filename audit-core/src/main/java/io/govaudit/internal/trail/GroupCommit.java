package io.govaudit.internal.trail;

import io.govaudit.TrailStatus;
import io.govaudit.internal.format.ChainEncoder;
import io.govaudit.internal.format.LineBuffer;
import io.govaudit.internal.store.ForceBehind;
import io.govaudit.spi.Anchor;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The sequencer and group commit of one chain: records get their seq, ts, prev and hash here, in
 * the order their bytes are appended to one buffer, and one write plus one force makes the whole
 * buffer durable (docs/format.md sections 1-2; STYLE.md S19-S20).
 *
 * <p>Ordering: {@link #append} encodes straight into the open batch's buffer, so the order in the
 * store is the order of the chain; a record is never chained first and written later elsewhere.
 *
 * <p>Force behind: on a store that offers it ({@link ForceBehind}: the file store, the JDBC store),
 * {@link #commitBehind} writes the open batch and hands its force to a second thread, and the
 * writer goes on chaining and writing the next batch while the device flushes; the next
 * commit first waits for that force. So the force of batch <i>N</i> overlaps the chaining and
 * the {@code write} of batch <i>N + 1</i>, and at most one batch is in flight. Nothing about a
 * batch changes before its force returned: only then does the head move and do its acks
 * complete ({@link #settle}). {@link #commit} waits for the batch in flight first, so after it
 * everything appended is durable, as before.
 *
 * <p>Durability: after a {@link #commit} returns, the batch is durable; only then does the head
 * move, the head mark follow (before any checkpoint's anchor is published, so an anchor never
 * names a seq beyond the mark), the anchors go out and the callers' acks complete.
 *
 * <p>Failure: a failed write or force throws and leaves the records as they were, acks not
 * completed. If the batch in flight failed, it goes back in front of the open batch (its bytes,
 * records and anchors), so what the caller then holds is one batch that follows the last durable
 * record. The caller either writes the same bytes again after the store rewound (they are still
 * the right next records), or calls {@link #rewind}, which cuts the store back to its durable
 * length and the chain back to its durable record, and then takes the records that were not made
 * durable with {@link #takePending}. A failed force is never assumed good.
 *
 * <p>Not thread-safe: confined to the writer thread (the force thread runs only
 * {@link ForceBehind.Staged#force()}).
 */
final class GroupCommit {

    private static final long SHUTDOWN_SECONDS = 30;

    private final ChainStore store;
    /** The store's force for another thread, or null: every force runs on the writer thread. */
    private final ForceBehind behind;
    /** The force thread (started with the first batch in flight); null without {@link #behind}. */
    private final ExecutorService forcer;
    private final ChainEncoder chain;
    private final Sealing sealing;
    private final HeadMarks marks;
    private final StatusBoard status;
    private final LongSupplier ticker;
    /** The SLF4J mirror, or null when the trail does not mirror. */
    private final RecordMirror mirror;
    /** The batch records are appended to. */
    private Batch open = new Batch();
    /** The other batch: in flight while {@link #flying}, otherwise empty. */
    private Batch other = new Batch();
    private boolean flying;
    private long durableSeq;
    private String durableHash;

    /**
     * @param behind       the store's force for the force thread (the store itself), or null: every
     *                     force runs on the writer thread and {@link #commitBehind} is {@link #commit}
     * @param forceThreads makes the force thread
     */
    GroupCommit(ChainStore store, ForceBehind behind, ChainEncoder chain, Sealing sealing, HeadMarks marks,
            StatusBoard status, LongSupplier ticker, RecordMirror mirror, ThreadFactory forceThreads) {
        this.mirror = mirror;
        this.store = store;
        this.behind = behind;
        this.forcer = behind == null ? null : Executors.newSingleThreadExecutor(forceThreads);
        this.chain = chain;
        this.sealing = sealing;
        this.marks = marks;
        this.status = status;
        this.ticker = ticker;
        this.durableSeq = chain.lastSeq();
        this.durableHash = chain.lastHash();
        status.durable(durableSeq, durableHash, 0, 0, 0, null);
    }

    /** Chains one of the library's records into the batch; returns its seq. */
    long append(byte[] body, Instant now) {
        return chain.append(open.buffer, body, now);
    }

    /** Chains an application record into the batch; its ack completes when the batch is durable. */
    void appendEvent(QueuedAuditTrail.Pending pending, Instant now) {
        open.add(pending, chain.append(open.buffer, pending.body, now));
    }

    /** Chains a CHECKPOINT record; its anchor is published once the batch is durable. */
    void appendCheckpoint(byte[] body, Anchor anchor, Instant now) {
        long seq = chain.append(open.buffer, body, now);
        open.anchors.add(anchor);
        open.checkpoint = new TrailStatus.Checkpoint(seq, anchor.atSeq(), now);
    }

    /** Marks the head at the next commit whatever the interval (a new segment, the close). */
    void markNext() {
        marks.markNext();
    }

    /** @return bytes chained but not yet written */
    int bufferedBytes() {
        return open.buffer.size();
    }

    /** @return whether a batch was written and its force has not been waited for */
    boolean inFlight() {
        return flying;
    }

    /** @return the seq of the last record chained (durable or not) */
    long lastSeq() {
        return chain.lastSeq();
    }

    /** @return the hash of the last record chained */
    String lastHash() {
        return chain.lastHash();
    }

    /** @return the seq of the last durable record */
    long durableSeq() {
        return durableSeq;
    }

    /** @return the hash of the last durable record */
    String durableHash() {
        return durableHash;
    }

    /**
     * Writes the open batch, waits for the batch in flight (its write overlaps that batch's force),
     * then forces the open batch on this thread; on success the head moves and the acks complete.
     * Afterwards everything appended is durable.
     *
     * @param now the time of the first record, for the store
     * @return null, or why the head mark could not be written (the records are durable all the same)
     * @throws IOException if a write or force failed; the records are kept for a retry or {@link #rewind}
     */
    IOException commit(Instant now) throws IOException {
        long nanos = write(now);
        IOException markFailure = settle();
        if (open.buffer.size() > 0) {
            long start = ticker.getAsLong();
            store.force();
            nanos += ticker.getAsLong() - start;
        }
        open.end(chain.lastSeq(), chain.lastHash(), nanos);
        IOException ownMark = durable(open);
        return markFailure != null ? markFailure : ownMark;
    }

    /**
     * Writes the open batch and leaves its force running on the force thread, after waiting for
     * the batch in flight before it (whose head moves and acks complete here). Without
     * {@link ForceBehind}, or with nothing to write, the same as {@link #commit}.
     *
     * @param now the time of the first record, for the store
     * @return null, or why the head mark could not be written
     * @throws IOException if the write, or the force of the batch in flight, failed; the records are kept
     */
    IOException commitBehind(Instant now) throws IOException {
        if (behind == null || open.buffer.size() == 0) {
            return commit(now);
        }
        long writeNanos = write(now);
        ForceBehind.Staged staged = behind.stage();
        Batch finished = flying ? other : null;
        if (finished != null) {
            await(finished);
        }
        Batch leaving = open;
        leaving.inFlight(chain.lastSeq(), chain.lastHash(), writeNanos, staged, forcer.submit(() -> {
            long forceStart = ticker.getAsLong();
            staged.force();
            return ticker.getAsLong() - forceStart;
        }));
        open = other;
        other = leaving;
        flying = true;
        return finished == null ? null : durable(finished);
    }

    /**
     * Writes the open batch, if it holds anything; the batch in flight, if any, is still being
     * forced meanwhile. If the write fails, the batch in flight is waited for first, so the
     * caller's failure path sees one batch after the last durable record.
     *
     * @return the nanoseconds the write took
     */
    private long write(Instant now) throws IOException {
        if (open.buffer.size() == 0) {
            return 0;
        }
        long start = ticker.getAsLong();
        try {
            store.write(open.buffer.data(), open.buffer.size(), now);
        } catch (IOException e) {
            try {
                settle(); // the batch in flight succeeded: only the open one failed
            } catch (IOException inFlight) {
                inFlight.addSuppressed(e); // both failed: they are one batch again, to write or drop
                throw inFlight;
            }
            throw e;
        }
        return ticker.getAsLong() - start;
    }

    /**
     * Waits for the batch in flight, if any; when its force returned, the head moves and its
     * acks complete.
     *
     * @return null, or why the head mark could not be written
     * @throws IOException if its force failed: its records are then in front of the open batch's
     */
    IOException settle() throws IOException {
        if (!flying) {
            return null;
        }
        Batch finished = other;
        await(finished);
        flying = false;
        return durable(finished);
    }

    /**
     * Waits for the force of {@code finished}, the batch in flight. On failure it is merged back
     * in front of the open batch and nothing is in flight any more.
     */
    private void await(Batch finished) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    finished.nanos += finished.force.get();
                    finished.staged.durable();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the force runs on; its outcome decides, not the interrupt
                } catch (ExecutionException e) {
                    flying = false;
                    mergeBack(finished);
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new UncheckedIOException(new IOException("force failed", cause));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The batch in flight failed: it becomes the front of the open batch again. */
    private void mergeBack(Batch failed) {
        failed.append(open);
        open.clear();
        other = open;
        open = failed;
    }

    /**
     * The batch is durable: the head moves, the status board and the mark follow, the anchors go
     * out, the acks complete; last, the mirror gets a copy of the durable lines.
     */
    private IOException durable(Batch batch) {
        int bytes = batch.buffer.size();
        long firstSeq = durableSeq + 1;
        int written = (int) (batch.lastSeq - durableSeq);
        durableSeq = batch.lastSeq;
        durableHash = batch.lastHash;
        status.durable(durableSeq, durableHash, written, batch.records.size(), batch.nanos, batch.checkpoint);
        status.usedBytes(store.usedBytes()); // before the acks: a caller's status() then counts its record
        IOException markFailure = marks.durable(durableSeq, durableHash, !batch.anchors.isEmpty());
        for (Anchor anchor : batch.anchors) {
            sealing.publish(anchor);
        }
        sealing.recorded(batch.records.size());
        for (int i = 0; i < batch.records.size(); i++) {
            CompletableFuture<Long> ack = batch.records.get(i).ack;
            if (ack != null) {
                ack.complete(batch.seqs[i]);
            }
        }
        if (mirror != null && bytes > 0) {
            mirror.committed(batch.buffer.data(), bytes, firstSeq, durableSeq);
        }
        batch.clear();
        return markFailure;
    }

    /**
     * Drops the records not made durable after a failed commit: the store is cut back to what the
     * last successful force made durable, and the chain goes back to the last durable record.
     *
     * @throws IOException if the store cannot be cut back (its end is then unknown)
     */
    void rewind() throws IOException {
        settleQuietly();
        open.buffer.clear();
        open.anchors.clear();
        open.checkpoint = null;
        store.rewind();
        chain.reset(durableSeq, durableHash);
    }

    /** @return the application records of the dropped batch, whose acks were not completed; cleared */
    List<QueuedAuditTrail.Pending> takePending() {
        settleQuietly();
        List<QueuedAuditTrail.Pending> taken = new ArrayList<>(open.records);
        open.records.clear();
        return taken;
    }

    /**
     * Waits for the batch in flight, if any, and ends the force thread. Called once, when the
     * writer finishes.
     */
    void close() {
        settleQuietly();
        if (forcer != null) {
            forcer.shutdown();
            try {
                forcer.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A failed force leaves its records in the open batch, where the caller's failure path finds them. */
    private void settleQuietly() {
        try {
            settle();
        } catch (IOException | RuntimeException e) {
            // merged back into the open batch: rewind and takePending handle those records
        }
    }

    /** One batch: its bytes, the application records in it and their seqs, its checkpoints. */
    private static final class Batch {
        final LineBuffer buffer = new LineBuffer(64 * 1024);
        /** One entry per application record: its ack, or null in ASYNC mode. */
        final List<QueuedAuditTrail.Pending> records = new ArrayList<>();
        /** The seq of each entry of {@link #records}, unboxed (a {@code Long} per record was garbage). */
        long[] seqs = new long[256];
        /** Anchors of checkpoints in the batch, published once it is durable. */
        final List<Anchor> anchors = new ArrayList<>();
        /** The last checkpoint in the batch, published with the head once it is durable. */
        TrailStatus.Checkpoint checkpoint;
        // set when the batch is written: its last record, the time its write (and force) took
        long lastSeq;
        String lastHash;
        long nanos;
        // set when it goes in flight
        ForceBehind.Staged staged;
        Future<Long> force;

        void add(QueuedAuditTrail.Pending pending, long seq) {
            int index = records.size();
            if (index == seqs.length) {
                seqs = Arrays.copyOf(seqs, index * 2);
            }
            seqs[index] = seq;
            records.add(pending); // with a null ack in ASYNC mode: still counted if the commit fails
        }

        void end(long last, String hash, long commitNanos) {
            lastSeq = last;
            lastHash = hash;
            nanos = commitNanos;
        }

        void inFlight(long last, String hash, long writeNanos, ForceBehind.Staged stagedForce, Future<Long> running) {
            end(last, hash, writeNanos);
            staged = stagedForce;
            force = running;
        }

        /** Appends {@code later}'s bytes, records and checkpoints after this batch's. */
        void append(Batch later) {
            buffer.append(later.buffer.data(), 0, later.buffer.size());
            for (int i = 0; i < later.records.size(); i++) {
                add(later.records.get(i), later.seqs[i]);
            }
            anchors.addAll(later.anchors);
            if (later.checkpoint != null) {
                checkpoint = later.checkpoint;
            }
            staged = null;
            force = null;
        }

        void clear() {
            buffer.clear();
            records.clear();
            anchors.clear();
            checkpoint = null;
            staged = null;
            force = null;
        }
    }
}
