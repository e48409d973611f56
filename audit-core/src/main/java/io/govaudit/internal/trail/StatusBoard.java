package io.govaudit.internal.trail;

import io.govaudit.TrailStatus;
import java.util.Optional;

/**
 * What the writer publishes for {@link io.govaudit.AuditTrail#status()}: after each durable batch
 * the head, the last checkpoint and the counters, as one immutable value; after each batch or idle
 * wake-up the bytes the store holds.
 *
 * <p>Why not counters on the write path: producers never touch this class, and the writer
 * replaces one volatile reference per durable batch (one small allocation), so the write path
 * costs no lock, no CAS and nothing per record. Readers (health checks, metrics scrapes) read two
 * volatiles and never wait for the writer.
 *
 * <p>Thread-safety: written by the trail's writer thread only (before the writer starts, by the
 * thread that opens the trail, which {@code Thread.start} orders before it); read by any thread.
 */
final class StatusBoard {

    /**
     * The head, last checkpoint and counters after the last durable batch; replaced as one, so a
     * reader sees them agree.
     */
    record Published(long headSeq, String headHash, Optional<TrailStatus.Checkpoint> lastCheckpoint,
            TrailStatus.Counters counters) {
    }

    private volatile Published published = new Published(0, "", Optional.empty(), TrailStatus.Counters.NONE);
    private volatile long usedBytes;

    /** @return the head, last checkpoint and counters after the last durable batch */
    Published published() {
        return published;
    }

    /** @return the bytes the store held when the writer last looked */
    long usedBytes() {
        return usedBytes;
    }

    /** Writer thread: the store holds this many bytes now. */
    void usedBytes(long bytes) {
        usedBytes = bytes;
    }

    /**
     * Writer thread: a batch is durable (or, with {@code written} 0, the head is known without a
     * write: at open, or after a flush with nothing to write).
     *
     * @param headSeq    the last durable seq
     * @param headHash   its hash, or null before the chain has a record
     * @param written    records in the batch, library records included
     * @param records    application records in the batch
     * @param nanos      time spent writing and forcing it
     * @param checkpoint the last checkpoint in the batch, or null
     */
    void durable(long headSeq, String headHash, int written, int records, long nanos, TrailStatus.Checkpoint checkpoint) {
        Published last = published; // one writer: this read-modify-write cannot lose an update
        if (written == 0 && checkpoint == null && headSeq == last.headSeq()) {
            return; // nothing new: no allocation for idle flushes
        }
        TrailStatus.Counters counts = last.counters();
        if (written > 0) {
            counts = new TrailStatus.Counters(counts.records() + records, counts.written() + written,
                    counts.batches() + 1, counts.commitNanos() + Math.max(0, nanos));
        }
        published = new Published(headSeq, headHash == null ? "" : headHash,
                checkpoint != null ? Optional.of(checkpoint) : last.lastCheckpoint(), counts);
    }
}
