package io.govaudit.internal.trail;

import io.govaudit.TrailStatus;
import io.govaudit.internal.format.ChainEncoder;
import io.govaudit.internal.format.LineBuffer;
import io.govaudit.spi.Anchor;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The sequencer and group commit of one chain: records get their seq, ts, prev and hash here, in
 * the order their bytes are appended to one buffer, and one write plus one force makes the whole
 * buffer durable (docs/format.md sections 1-2; STYLE.md S19-S20).
 *
 * <p>Ordering: {@link #append} encodes straight into the batch buffer, so the order in the store
 * is the order of the chain; a record is never chained first and written later elsewhere.
 *
 * <p>Durability: after a {@link #commit} returns, the batch is durable; only then does the head
 * move, the head mark follow (before any checkpoint's anchor is published, so an anchor never
 * names a seq beyond the mark), the anchors go out and the callers' acks complete.
 *
 * <p>Failure: a failed write or force throws and leaves the batch as it was, acks not completed.
 * The caller either writes the same bytes again after the store rewound (they are still the right
 * next records), or calls {@link #rewind}, which cuts the store back to its durable length and the
 * chain back to its durable record, and then takes the records that were not made durable with
 * {@link #takePending}. A failed force is never assumed good.
 *
 * <p>Not thread-safe: confined to the writer thread.
 */
final class GroupCommit {

    private final ChainStore store;
    private final ChainEncoder chain;
    private final Sealing sealing;
    private final HeadMarks marks;
    private final StatusBoard status;
    private final LongSupplier ticker;
    /** The SLF4J mirror, or null when the trail does not mirror. */
    private final RecordMirror mirror;
    private final LineBuffer buffer = new LineBuffer(64 * 1024);
    /** One entry per application record in the buffer: its ack, or null in ASYNC mode. */
    private final List<QueuedAuditTrail.Pending> pendingRecords = new ArrayList<>();
    /** The seq of each entry of {@link #pendingRecords}, unboxed (a {@code Long} per record was garbage). */
    private long[] pendingSeqs = new long[256];
    /** Anchors of checkpoints in the buffer, published once the buffer is durable. */
    private final List<Anchor> pendingAnchors = new ArrayList<>();
    /** The last checkpoint in the buffer, published with the head once the buffer is durable. */
    private TrailStatus.Checkpoint pendingCheckpoint;
    private long durableSeq;
    private String durableHash;

    GroupCommit(ChainStore store, ChainEncoder chain, Sealing sealing, HeadMarks marks, StatusBoard status,
            LongSupplier ticker, RecordMirror mirror) {
        this.mirror = mirror;
        this.store = store;
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
        return chain.append(buffer, body, now);
    }

    /** Chains an application record into the batch; its ack completes when the batch is durable. */
    void appendEvent(QueuedAuditTrail.Pending pending, Instant now) {
        long seq = chain.append(buffer, pending.body, now);
        int index = pendingRecords.size();
        if (index == pendingSeqs.length) {
            pendingSeqs = Arrays.copyOf(pendingSeqs, index * 2);
        }
        pendingSeqs[index] = seq;
        pendingRecords.add(pending); // with a null ack in ASYNC mode: still counted if the commit fails
    }

    /** Chains a CHECKPOINT record; its anchor is published once the batch is durable. */
    void appendCheckpoint(byte[] body, Anchor anchor, Instant now) {
        long seq = chain.append(buffer, body, now);
        pendingAnchors.add(anchor);
        pendingCheckpoint = new TrailStatus.Checkpoint(seq, anchor.atSeq(), now);
    }

    /** Marks the head at the next commit whatever the interval (a new segment, the close). */
    void markNext() {
        marks.markNext();
    }

    /** @return bytes chained but not yet written */
    int bufferedBytes() {
        return buffer.size();
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
     * Writes and forces the batch; on success the head moves and the acks complete.
     *
     * @param now the time of the first record, for the store
     * @return null, or why the head mark could not be written (the records are durable all the same)
     * @throws IOException if the write or force failed; the batch is kept for a retry or {@link #rewind}
     */
    IOException commit(Instant now) throws IOException {
        long nanos = 0;
        if (buffer.size() > 0) {
            long start = ticker.getAsLong();
            store.write(buffer.data(), buffer.size(), now);
            store.force();
            nanos = ticker.getAsLong() - start;
        }
        return durable(nanos);
    }

    /**
     * Completes the acks of an empty batch (a flush with nothing to write).
     *
     * @return null, or why the head mark could not be written
     * @throws IllegalStateException if records are buffered: those need {@link #commit}
     */
    IOException commitEmpty() {
        if (buffer.size() > 0) {
            throw new IllegalStateException(buffer.size() + " buffered bytes are not durable yet");
        }
        return durable(0);
    }

    /**
     * The batch is durable: the head moves, the status board and the mark follow, the anchors go
     * out, the acks complete; last, the mirror gets a copy of the durable lines.
     */
    private IOException durable(long nanos) {
        int bytes = buffer.size();
        long firstSeq = durableSeq + 1;
        buffer.clear();
        int written = (int) (chain.lastSeq() - durableSeq);
        durableSeq = chain.lastSeq();
        durableHash = chain.lastHash();
        status.durable(durableSeq, durableHash, written, pendingRecords.size(), nanos, pendingCheckpoint);
        status.usedBytes(store.usedBytes()); // before the acks: a caller's status() then counts its record
        pendingCheckpoint = null;
        IOException markFailure = marks.durable(durableSeq, durableHash, !pendingAnchors.isEmpty());
        for (Anchor anchor : pendingAnchors) {
            sealing.publish(anchor);
        }
        pendingAnchors.clear();
        completeAcks();
        if (mirror != null && bytes > 0) {
            mirror.committed(buffer.data(), bytes, firstSeq, durableSeq); // clear() kept the bytes
        }
        return markFailure;
    }

    private void completeAcks() {
        sealing.recorded(pendingRecords.size());
        for (int i = 0; i < pendingRecords.size(); i++) {
            CompletableFuture<Long> ack = pendingRecords.get(i).ack;
            if (ack != null) {
                ack.complete(pendingSeqs[i]);
            }
        }
        pendingRecords.clear();
    }

    /**
     * Drops the batch after a failed commit: the store is cut back to what the last successful
     * force made durable, and the chain goes back to the last durable record.
     *
     * @throws IOException if the store cannot be cut back (its end is then unknown)
     */
    void rewind() throws IOException {
        buffer.clear();
        pendingAnchors.clear();
        pendingCheckpoint = null;
        store.rewind();
        chain.reset(durableSeq, durableHash);
    }

    /** @return the application records of the dropped batch, whose acks were not completed; cleared */
    List<QueuedAuditTrail.Pending> takePending() {
        List<QueuedAuditTrail.Pending> taken = new ArrayList<>(pendingRecords);
        pendingRecords.clear();
        return taken;
    }
}
