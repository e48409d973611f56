package io.govaudit.internal.trail;

import io.govaudit.AuditUnavailableException;
import io.govaudit.CapacityPolicy;
import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.alert.AlertKind;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What happens when a write or force of the chain fails (docs/format.md section 6, capacity and
 * failures).
 *
 * <p>Failure: a failed write or force is never retried and assumed good. The store is cut back to
 * its last durable length and the chain to its last durable record; under
 * {@code OVERWRITE_OLDEST} on a full device the oldest closed segment is purged (attested first;
 * not when it holds records younger than the retention minimum and overwriting within retention
 * is not allowed) and the records of the failed commit are written once more; otherwise they are counted as not
 * recorded and the trail stops under its {@code onFull} action ({@link RecordingSwitch}). Only a
 * failed cut (the segment's end is then unknown) or an unexpected error fails the trail for good:
 * every waiting caller is failed, and nothing more is written until the trail is reopened.
 *
 * <p>Thread-safety: confined to the writer thread, except {@link #failure()}, which the front
 * door reads (volatile).
 */
final class WriteFailures {

    private final String chainId;
    private final ChainWriter writer;
    private final GroupCommit batch;
    private final RecordingSwitch recording;
    private final CapacityPolicy capacity;
    private final ChainStore store;
    private final Clock clock;
    private volatile Throwable failure;
    private boolean retrying;

    WriteFailures(String chainId, ChainWriter writer, GroupCommit batch, RecordingSwitch recording,
            CapacityPolicy capacity, ChainStore store, Clock clock) {
        this.chainId = chainId;
        this.writer = writer;
        this.batch = batch;
        this.recording = recording;
        this.capacity = capacity;
        this.store = store;
        this.clock = clock;
    }

    /** @return why the trail failed for good, or null */
    Throwable failure() {
        return failure;
    }

    /** Raises the alert for a head mark that could not be written; the records are durable anyway. */
    void markFailed(IOException markFailure, Instant lastTs) {
        if (markFailure != null) {
            writer.raise(AlertKind.STORE_IO_ERROR, safeNow(lastTs), "chain '" + chainId + "': cannot write the head "
                    + "mark (" + markFailure.getMessage() + "); records are written, but a deletion of the newest ones "
                    + "would not be noticed when the trail reopens",
                    Map.of("error", String.valueOf(markFailure.getMessage())));
        }
    }

    /** A commit failed: rewind, then overwrite-and-retry or stop and count what was lost. */
    void writeFailed(IOException cause, Instant now) {
        writer.raise(AlertKind.STORE_IO_ERROR, now, "writing chain '" + chainId + "' failed: " + cause.getMessage(),
                Map.of("error", String.valueOf(cause.getMessage())));
        if (!rewind(cause, now)) {
            return;
        }
        List<QueuedAuditTrail.Pending> lost = batch.takePending();
        if (overwriteAndRetry(cause, lost, now)) {
            return;
        }
        if (!recording.stopped()) {
            recording.stop("write failed: " + cause.getMessage(), now, cause);
        }
        for (QueuedAuditTrail.Pending pending : lost) {
            recording.notRecorded(pending.ack, now);
        }
    }

    /**
     * OVERWRITE_OLDEST on a full device: purges the oldest closed segment (attested, its record
     * written into the reserve) and writes the records of the failed commit again, once.
     *
     * @return true if they are now durable, or their second failure was handled
     */
    private boolean overwriteAndRetry(IOException cause, List<QueuedAuditTrail.Pending> lost, Instant now) {
        if (retrying || recording.stopped() || capacity.onFull() != OnFull.OVERWRITE_OLDEST
                || !store.isOutOfSpace(cause) || store.closedSegments() == 0) {
            return false;
        }
        retrying = true;
        try {
            if (!writer.purge(1, "device full", now) || recording.stopped()) {
                return false;
            }
            for (QueuedAuditTrail.Pending pending : lost) {
                writer.rollIfDue(pending.body.length + ChainWriter.CHAIN_OVERHEAD, now);
                batch.appendEvent(pending, now);
            }
            if (!writer.commit()) {
                return true; // the second failure went through writeFailed: counted and stopped there
            }
            store.ensureReserve(capacity.reserveBytes());
            return true;
        } finally {
            retrying = false;
        }
    }

    /** Cuts the segment back to its durable length; false (and failed for good) if that fails. */
    private boolean rewind(IOException cause, Instant now) {
        try {
            batch.rewind();
            return true;
        } catch (IOException e) {
            e.addSuppressed(cause);
            failForGood(e, now);
            return false;
        }
    }

    /**
     * Fails the trail for good after an unexpected error on the writer thread: the callers of the
     * batch being written fail first, so nothing below can leave one waiting.
     */
    void crash(Throwable cause, List<QueuedAuditTrail.Pending> queued, Instant lastTs) {
        failure = cause;
        recording.failed();
        for (QueuedAuditTrail.Pending pending : queued) {
            failAck(pending.ack);
        }
        failForGood(cause, lastTs);
    }

    /** Fails the trail for good: every waiting caller fails, nothing more is written. */
    void failForGood(Throwable cause, Instant lastTs) {
        failure = cause;
        recording.failed();
        for (QueuedAuditTrail.Pending pending : batch.takePending()) {
            failAck(pending.ack);
        }
        writer.raise(AlertKind.TRAIL_FAILED, safeNow(lastTs), "audit trail of chain '" + chainId
                + "' failed and records nothing more until it is reopened: " + cause, Map.of());
    }

    /** Completes a caller's ack with the failure that ended the trail. */
    void failAck(CompletableFuture<Long> ack) {
        if (ack != null) {
            ack.completeExceptionally(new AuditUnavailableException("audit store of chain '" + chainId
                    + "' failed (" + failure + "); the record was not written", failure));
        }
    }

    /** The clock's time for an alert about a failure, which may be the clock's own. */
    private Instant safeNow(Instant lastTs) {
        try {
            return clock.instant();
        } catch (RuntimeException | Error e) { // the clock's failure may be the one being reported
            return lastTs == null ? Instant.EPOCH : lastTs;
        }
    }
}
