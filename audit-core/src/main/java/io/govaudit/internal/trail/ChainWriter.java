package io.govaudit.internal.trail;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.AuditUnavailableException;
import io.govaudit.CapacityPolicy;
import io.govaudit.Durability;
import io.govaudit.EventType;
import io.govaudit.Location;
import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.internal.format.BodyEncoder;
import io.govaudit.internal.format.ChainEncoder;
import io.govaudit.internal.format.LineBuffer;
import io.govaudit.internal.store.FileModes;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer side of a {@link QueuedAuditTrail}: gives queued bodies their place in the chain,
 * commits them, and applies the retention and capacity policies (DESIGN.md sections 5 and 6).
 *
 * <p>Ordering: records are appended to one buffer in queue order; {@link #commit} writes the
 * buffer with one write and makes it durable with one force (group commit). Rolling, purging
 * and the library's own records commit what precedes them first, so the order on disk is the
 * order of the chain.
 *
 * <p>Durability: a caller's ack completes only after the commit holding its record returned.
 * The last durable seq and hash are remembered after every commit.
 *
 * <p>Failure: a failed write or force is never retried and assumed good. The store cuts the
 * active segment back to its last durable length, the chain goes back to its last durable
 * record, the records of the failed commit are counted as not recorded, and the trail stops
 * under the capacity policy's {@code onFull} action: {@code STOP_RECORDING} acks them with
 * a not-recorded receipt, {@code FAIL_CLOSED} fails them with
 * {@link AuditUnavailableException}. The same happens when the next record would pass
 * {@code maxBytes}, except that {@code OVERWRITE_OLDEST} first purges the oldest closed
 * segments. A stopped trail probes at most once per {@link #PROBE_INTERVAL_NANOS} (and on every
 * {@code flush}) and resumes by itself with a {@code RECORDING_RESUMED} record carrying the count
 * and span of what was not recorded; that state machine is {@link RecordingSwitch}. Only a failed
 * cut (the segment's end is then unknown) fails the trail for good.
 *
 * <p>Capacity: the library's own records may use the reserve beyond {@code maxBytes}; when the
 * device itself is full, the reserve file is deleted to make room for them. Every purge first
 * commits a {@code RETENTION_PURGE} record naming the first and last purged seq and the hash of
 * the last purged record, and deletes the files only once that record is durable.
 *
 * <p>Thread-safety: confined to the writer thread, except the fields the front door reads,
 * which are volatile.
 */
final class ChainWriter {

    static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long PURGE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(10);
    /**
     * Bytes a record takes at most beyond its body (docs/format.md): {@code {"v":2,"chain":"}
     * 16, the chain id 64, {@code ","seq":} 8 and 19 digits, {@code ,"ts":"} 7, the time 27,
     * {@code ",} 2, {@code ,"ep":} 6 and 19 digits, prev 74, mac 73, hash 75 and the line end:
     * 391. A keyed record of format version 2 carries the mac, so the 256 that sufficed before
     * would let a batch pass the capacity bound.
     */
    static final int CHAIN_OVERHEAD = 400;

    private static final Logger LOG = LoggerFactory.getLogger(ChainWriter.class);

    private final String chainId;
    private final Location libraryWhere;
    private final Clock clock;
    private final BodyEncoder bodies;
    private final ChainStore store;
    private final ChainEncoder chain;
    private final CapacityPolicy capacity;
    private final AuditAlertListener alerts;
    private final Unrecorded unrecorded;
    private final Sealing sealing;
    private final RetentionPurger purger;
    private final HeadMarks marks;
    private final java.util.function.LongSupplier ticker;
    /** Anchors of checkpoints in the buffer, published once the buffer is durable. */
    private final List<io.govaudit.spi.Anchor> pendingAnchors = new ArrayList<>();
    private Instant lastTs;
    private final LineBuffer buffer = new LineBuffer(64 * 1024);
    /** One entry per application record in the buffer: its ack, or null in ASYNC mode. */
    private final List<QueuedAuditTrail.Pending> pendingRecords = new ArrayList<>();
    private final List<Long> pendingSeqs = new ArrayList<>();

    private long durableSeq;
    private String durableHash;
    private long nextMeasure;
    private long nextPurge;
    private boolean rolledSincePurge;
    private boolean retrying;

    /** Read by the front door. */
    private final RecordingSwitch recording;
    private volatile Throwable failure;

    ChainWriter(TrailConfig config, ChainStore store, BodyEncoder bodies, Unrecorded unrecorded,
            Sealing sealing, ChainContinuity start, java.nio.file.Path stateDir) {
        this.marks = new HeadMarks(stateDir, config.groupReadable() ? FileModes.GROUP_READABLE : FileModes.OWNER_ONLY,
                config.ticker());
        this.unrecorded = unrecorded;
        this.sealing = sealing;
        this.ticker = config.ticker();
        this.chainId = config.chainId();
        this.libraryWhere = Location.defaults().withDefaults(config.system(), config.host());
        this.clock = config.clock();
        this.bodies = bodies;
        this.store = store;
        this.capacity = config.capacity();
        this.alerts = AuditAlertListener.guarded(config.alertListener());
        this.chain = new ChainEncoder(config.chainId(), start.startSeq(), start.startHash(), sealing.hasher());
        RecordingSwitch.Writer journal = new RecordingSwitch.Writer() {
            @Override
            public boolean writeLibrary(AuditEvent.Builder event, Instant now) {
                return ChainWriter.this.writeLibrary(event, now);
            }

            @Override
            public long durableSeq() {
                return durableSeq;
            }

            @Override
            public String durableHash() {
                return durableHash;
            }

            @Override
            public void raise(AlertKind kind, Instant now, String message, Map<String, Object> facts) {
                ChainWriter.this.raise(kind, now, message, facts);
            }

            @Override
            public void purgeExpired(Instant now) {
                ChainWriter.this.purgeExpired(now);
            }

            @Override
            public boolean fits(long line) {
                return ChainWriter.this.fits(line, false);
            }

            @Override
            public boolean makeRoom(long line, Instant now) {
                return ChainWriter.this.makeRoom(line, now);
            }

            @Override
            public boolean purge(int count, String reason, Instant now) {
                return ChainWriter.this.purge(count, reason, now);
            }

            @Override
            public Throwable failure() {
                return failure;
            }
        };
        this.purger = new RetentionPurger(chainId, store, config.retention(), capacity, journal);
        this.recording = new RecordingSwitch(chainId, store, capacity, unrecorded, ticker, journal);
        this.durableSeq = start.startSeq();
        this.durableHash = start.startHash();
    }

    // ---- front door view ----

    AuditTrail.State state() {
        return recording.state();
    }

    Throwable failure() {
        return failure;
    }

    /** @return true while {@code record} must throw at once (stopped under FAIL_CLOSED) */
    boolean refusing() {
        return recording.refusing();
    }

    // ---- writer thread ----

    /**
     * Writes the opening records; on failure the trail is not opened.
     *
     * @param opening the library records that open this trail
     * @throws IOException if they cannot be made durable
     */
    void open(List<AuditEvent.Builder> opening) throws IOException {
        IOException reserve = store.ensureReserve(capacity.reserveBytes());
        if (reserve != null) {
            LOG.warn("chain '{}': cannot hold back {} bytes for the trail's own records: {}", chainId,
                    capacity.reserveBytes(), reserve.toString());
        }
        Instant now = clock.instant();
        AuditEvent.Builder rotation = sealing.rotation(chain.lastSeq(), now);
        if (rotation != null) {
            // first, and without a roll check: a roll would close the segment with a checkpoint
            // signed by the new key before the record that introduces it
            chain.append(buffer, bodies.encode(rotation.build(), libraryWhere), now);
            lastTs = now;
        }
        for (AuditEvent.Builder event : opening) {
            appendLibrary(event, now);
        }
        if (sealing.signing()) {
            appendCheckpoint(now);
        }
        store.write(buffer.data(), buffer.size(), now);
        store.force();
        markDurable();
        sealing.markSigner(); // after the KEY_ROTATION, if any, is durable
        recording.checkWarning(now);
        purgeExpired(now);
        nextPurge = ticker.getAsLong() + PURGE_INTERVAL_NANOS;
    }

    /** Writes one batch taken from the queue; completes every ack in it. Never throws. */
    void process(List<QueuedAuditTrail.Pending> batch) {
        Instant now = clock.instant();
        beforeBatch(now);
        boolean flushRequested = false;
        for (QueuedAuditTrail.Pending pending : batch) {
            if (pending.body == null) {
                flushRequested |= !pending.stop;
                continue;
            }
            if (failure != null) {
                failAck(pending.ack);
            } else {
                if (recording.stopped()) {
                    recording.probe(now, false);
                }
                appendEvent(pending, now);
            }
        }
        if (recording.stopped() && flushRequested) {
            recording.probe(now, true);
        }
        commit();
        for (QueuedAuditTrail.Pending pending : batch) {
            if (pending.body == null && pending.ack != null) {
                pending.ack.complete(durableSeq);
            }
        }
        afterCommit(now);
    }

    /** Moves to the next key epoch when due, and records a clock that stepped backwards. */
    private void beforeBatch(Instant now) {
        if (failure != null) {
            return;
        }
        try {
            sealing.advanceEpochIfDue();
        } catch (IOException e) {
            raise(AlertKind.STORE_IO_ERROR, now, "chain '" + chainId + "': cannot store the next key epoch ("
                    + e.getMessage() + "); the current epoch key stays in use", Map.of());
        }
        if (lastTs != null && now.isBefore(lastTs)) {
            Instant previous = lastTs; // writing the record below moves lastTs
            Map<String, Object> facts = Map.of("previous_ts", previous.toString(), "ts", now.toString(),
                    "back_by_ms", java.time.Duration.between(now, previous).toMillis());
            writeLibrary(RecordingSwitch.withFacts(LibraryEvents.of(EventType.CLOCK_ANOMALY), facts), now);
            raise(AlertKind.CLOCK_ANOMALY, now, "chain '" + chainId + "': the clock stepped back from " + previous
                    + " to " + now + "; records keep the clock's time, the verifier reports TIME_REGRESSION", facts);
        }
    }

    /** Called when the queue stayed empty for a while: probe a stopped trail, purge by age. */
    void idle() {
        if (failure != null) {
            return;
        }
        Instant now = clock.instant();
        if (recording.stopped()) {
            recording.probe(now, false);
            commit();
        }
        afterCommit(now);
    }

    /** Writes {@code TRAIL_STOP} (with what was not recorded, if stopped) and closes the store. */
    void finish() {
        marks.markNext();
        try {
            writeClosingRecords();
        } finally {
            sealing.close();
            try {
                store.close();
            } catch (IOException e) {
                LOG.warn("closing the store of chain '{}' failed", chainId, e);
            }
        }
    }

    private void writeClosingRecords() {
        if (failure == null) {
            AuditEvent.Builder stop = LibraryEvents.of(EventType.TRAIL_STOP);
            if (recording.stopped()) {
                stop.detail("stopped", recording.stopReason());
                unrecorded.peek().facts().forEach(stop::detail);
            }
            if (!writeLibrary(stop, clock.instant())) {
                LOG.warn("chain '{}': TRAIL_STOP could not be written; the next open will show an unclosed trail",
                        chainId);
            } else if (sealing.signing() && !writeCheckpoint(clock.instant())) {
                LOG.warn("chain '{}': the closing checkpoint could not be written", chainId);
            }
        }
    }

    /** Fails the trail for good after an unexpected error on the writer thread. */
    void crash(Throwable cause, List<QueuedAuditTrail.Pending> batch) {
        failure = cause;
        recording.failed();
        for (QueuedAuditTrail.Pending pending : batch) {
            failAck(pending.ack); // first: nothing below may leave a caller waiting
        }
        LOG.error("audit writer of chain '{}' failed unexpectedly", chainId, cause);
        failForGood(cause);
    }

    // ---- appending ----

    private void appendEvent(QueuedAuditTrail.Pending pending, Instant now) {
        if (!recording.stopped()) {
            long line = (long) pending.body.length + CHAIN_OVERHEAD;
            if (!fits(line, false) && !makeRoom(line, now)) {
                recording.stop("capacity: the chain holds " + store.usedBytes() + " bytes of at most " + capacity.maxBytes(),
                        now, null);
            }
        }
        if (recording.stopped()) {
            recording.notRecorded(pending.ack, now);
            return;
        }
        rollIfDue(pending.body.length + CHAIN_OVERHEAD, now);
        long seq = chain.append(buffer, pending.body, now);
        lastTs = now;
        pendingRecords.add(pending); // with a null ack in ASYNC mode: still counted if the commit fails
        pendingSeqs.add(seq);
    }

    private void appendLibrary(AuditEvent.Builder event, Instant now) {
        byte[] body = bodies.encode(event.build(), libraryWhere);
        rollIfDue(body.length + CHAIN_OVERHEAD, now);
        chain.append(buffer, body, now);
        lastTs = now;
    }

    /**
     * Appends a signed CHECKPOINT over the last record, without a roll check: it closes a
     * segment or a stretch of records, so it may take a segment past its size by one record.
     */
    private void appendCheckpoint(Instant now) {
        Sealing.Signed signed = sealing.checkpoint(chain.lastSeq(), chain.lastHash(), now);
        chain.append(buffer, bodies.encode(signed.record().build(), libraryWhere), now);
        lastTs = now;
        pendingAnchors.add(signed.anchor());
    }

    private boolean fits(long line, boolean library) {
        long limit = capacity.maxBytes() + (library ? capacity.reserveBytes() : 0);
        return store.usedBytes() + buffer.size() + line <= limit || !capacity.bounded();
    }

    private void rollIfDue(long line, Instant now) {
        if (!store.mustRoll(buffer.size(), line, now)) {
            return;
        }
        if (sealing.signing() && failure == null) {
            // every closed segment ends with a signed checkpoint, also one closed by a library
            // record while recording is stopped (it may use the reserve like that record)
            appendCheckpoint(now);
        }
        if (!commit()) {
            return; // stopped: the record goes nowhere; the roll is tried again later
        }
        try {
            store.roll(chain.lastSeq() + 1);
            marks.markNext(); // the new segment's first record: deleting the active segment is then noticed
            rolledSincePurge = true;
        } catch (IOException e) {
            writeFailed(e, now);
        }
    }

    // ---- committing ----

    /**
     * Writes and forces the buffer.
     *
     * @return true if everything appended so far is durable
     */
    private boolean commit() {
        if (buffer.size() == 0) {
            completeAcks();
            return failure == null;
        }
        try {
            store.write(buffer.data(), buffer.size(), clock.instant());
            store.force();
        } catch (IOException e) {
            writeFailed(e, clock.instant());
            return false;
        }
        markDurable();
        completeAcks();
        return true;
    }

    /**
     * Appends and commits one library record, starting from an empty buffer so that its bytes
     * follow the last durable record directly. If the device is full, the reserve file is
     * released and the same bytes are written once more: they are still the right next record.
     *
     * @return true if the record is durable
     */
    private boolean writeLibrary(AuditEvent.Builder event, Instant now) {
        if (buffer.size() > 0 && !commit()) {
            return false;
        }
        if (failure != null) {
            return false;
        }
        appendLibrary(event, now);
        return commitOwn(now);
    }

    private boolean writeCheckpoint(Instant now) {
        if (buffer.size() > 0 && !commit()) {
            return false;
        }
        if (failure != null) {
            return false;
        }
        appendCheckpoint(now);
        return commitOwn(now);
    }

    /** Commits the trail's own records in the buffer, using the reserve if the device is full. */
    private boolean commitOwn(Instant now) {
        try {
            store.write(buffer.data(), buffer.size(), now);
            store.force();
        } catch (IOException first) {
            if (!store.isOutOfSpace(first)) {
                writeFailed(first, now);
                return false;
            }
            if (!retryWithReserve(first, now)) {
                return false;
            }
        }
        markDurable();
        completeAcks();
        return true;
    }

    private boolean retryWithReserve(IOException first, Instant now) {
        try {
            store.rewind();
            if (!store.releaseReserve()) {
                writeFailed(first, now);
                return false;
            }
            LOG.warn("chain '{}': the device is full; released the reserve to write the trail's own records", chainId);
            store.write(buffer.data(), buffer.size(), now);
            store.force();
            return true;
        } catch (IOException second) {
            second.addSuppressed(first);
            writeFailed(second, now);
            return false;
        }
    }

    /**
     * The buffer is durable: the head moves, the head mark follows (always when checkpoints are
     * in the batch, before their anchors go out, so no anchor ever names a seq beyond the mark
     * and a continuation after lost records never reuses an anchored seq), then the anchors.
     */
    private void markDurable() {
        buffer.clear();
        durableSeq = chain.lastSeq();
        durableHash = chain.lastHash();
        IOException markFailure = marks.durable(durableSeq, durableHash, !pendingAnchors.isEmpty());
        for (io.govaudit.spi.Anchor anchor : pendingAnchors) {
            sealing.publish(anchor);
        }
        pendingAnchors.clear();
        if (markFailure != null) {
            raise(AlertKind.STORE_IO_ERROR, safeNow(), "chain '" + chainId + "': cannot write the head mark ("
                    + markFailure.getMessage() + "); records are written, but a deletion of the newest ones would "
                    + "not be noticed when the trail reopens", Map.of("error", String.valueOf(markFailure.getMessage())));
        }
    }

    private void completeAcks() {
        sealing.recorded(pendingRecords.size());
        for (int i = 0; i < pendingRecords.size(); i++) {
            CompletableFuture<Long> ack = pendingRecords.get(i).ack;
            if (ack != null) {
                ack.complete(pendingSeqs.get(i));
            }
        }
        pendingRecords.clear();
        pendingSeqs.clear();
    }

    private void writeFailed(IOException cause, Instant now) {
        raise(AlertKind.STORE_IO_ERROR, now, "writing chain '" + chainId + "' failed: " + cause.getMessage(),
                Map.of("error", String.valueOf(cause.getMessage())));
        if (!rewind(cause)) {
            return;
        }
        List<QueuedAuditTrail.Pending> lost = new ArrayList<>(pendingRecords);
        pendingRecords.clear();
        pendingSeqs.clear();
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
     * @return true if they are now durable
     */
    private boolean overwriteAndRetry(IOException cause, List<QueuedAuditTrail.Pending> lost, Instant now) {
        if (retrying || recording.stopped() || capacity.onFull() != OnFull.OVERWRITE_OLDEST
                || !store.isOutOfSpace(cause) || store.closedSegments() == 0) {
            return false;
        }
        retrying = true;
        try {
            if (!purge(1, "device full", now) || recording.stopped()) {
                return false;
            }
            for (QueuedAuditTrail.Pending pending : lost) {
                rollIfDue(pending.body.length + CHAIN_OVERHEAD, now);
                pendingRecords.add(pending);
                pendingSeqs.add(chain.append(buffer, pending.body, now));
            }
            if (!commit()) {
                return true; // the second failure went through writeFailed: counted and stopped there
            }
            store.ensureReserve(capacity.reserveBytes());
            return true;
        } finally {
            retrying = false;
        }
    }

    /** Cuts the segment back to its durable length; false (and failed for good) if that fails. */
    private boolean rewind(IOException cause) {
        buffer.clear();
        pendingAnchors.clear();
        try {
            store.rewind();
            chain.reset(durableSeq, durableHash);
            return true;
        } catch (IOException e) {
            e.addSuppressed(cause);
            failForGood(e);
            return false;
        }
    }

    private void failForGood(Throwable cause) {
        failure = cause;
        recording.failed();
        for (QueuedAuditTrail.Pending pending : pendingRecords) {
            failAck(pending.ack);
        }
        pendingRecords.clear();
        pendingSeqs.clear();
        raise(AlertKind.TRAIL_FAILED, safeNow(), "audit trail of chain '" + chainId
                + "' failed and records nothing more until it is reopened: " + cause, Map.of());
    }

    /** The clock's time for an alert about a failure, which may be the clock's own. */
    private Instant safeNow() {
        try {
            return clock.instant();
        } catch (RuntimeException | Error e) { // the clock's failure may be the one being reported
            return lastTs == null ? Instant.EPOCH : lastTs;
        }
    }

    private void failAck(CompletableFuture<Long> ack) {
        if (ack != null) {
            ack.completeExceptionally(new AuditUnavailableException("audit store of chain '" + chainId
                    + "' failed (" + failure + "); the record was not written", failure));
        }
    }

    // ---- capacity ----

    /** OVERWRITE_OLDEST: purges the oldest closed segments until {@code line} fits. */
    private boolean makeRoom(long line, Instant now) {
        return capacity.onFull() == OnFull.OVERWRITE_OLDEST && commit() && purger.makeRoom(line, now)
                && fits(line, false);
    }

    private boolean purge(int count, String reason, Instant now) {
        return purger.purge(count, reason, now);
    }

    private void purgeExpired(Instant now) {
        if (failure == null && commit()) {
            purger.purgeExpired(now);
        }
    }

    private void afterCommit(Instant now) {
        if (failure != null) {
            return;
        }
        store.housekeeping(); // e.g. the file store installs the segments it gzipped
        if (ticker.getAsLong() - nextMeasure >= 0) {
            // what others added or removed counts too; a database store also checks here that
            // its hold on the chain still stands
            nextMeasure = ticker.getAsLong() + PROBE_INTERVAL_NANOS;
            recording.remeasure();
        }
        if (rolledSincePurge || ticker.getAsLong() - nextPurge >= 0) {
            rolledSincePurge = false;
            nextPurge = ticker.getAsLong() + PURGE_INTERVAL_NANOS;
            purgeExpired(now);
        }
        recording.checkWarning(now);
        if (!recording.stopped() && sealing.checkpointDue()) {
            writeCheckpoint(now);
        }
    }

    // ---- helpers ----


    private void raise(AlertKind kind, Instant now, String message, Map<String, Object> facts) {
        alerts.onAlert(new AuditAlert(kind, chainId, now, message, facts));
    }

    @Override
    public String toString() {
        return "ChainWriter[" + chainId + ", state=" + recording.state() + ", durableSeq=" + durableSeq + "]";
    }

}
