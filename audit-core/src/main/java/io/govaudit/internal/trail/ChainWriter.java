package io.govaudit.internal.trail;

import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
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
import io.govaudit.internal.store.FileModes;
import io.govaudit.internal.store.ForceBehind;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread's driver: takes the queued bodies of a {@link QueuedAuditTrail}, applies the
 * capacity and retention policies before each record, and hands it to the sequencer and group
 * commit ({@link GroupCommit}); failures go to {@link WriteFailures}, timed duties to
 * {@link Upkeep}, the stop/resume state machine is {@link RecordingSwitch} (docs/format.md
 * sections 4 and 6).
 *
 * <p>Ordering: rolling, purging and the library's own records commit what precedes them first,
 * so the order on disk is the order of the chain. A CHECKPOINT or KEY_ROTATION is appended without
 * a roll check, so a segment may exceed its size by one record.
 *
 * <p>Durability: a caller's ack completes only after the commit holding its record returned.
 *
 * <p>Capacity: an application record that would pass {@code maxBytes} first makes room under
 * {@code OVERWRITE_OLDEST} (purging the oldest closed segments, each purge attested by a durable
 * {@code RETENTION_PURGE} record before any file goes; none younger than the retention minimum
 * unless {@code overwriteWithinRetention} allows it), or stops the trail, at the retention floor
 * with a reason saying how much storage is missing. The library's own
 * records may use the reserve beyond {@code maxBytes}; when the device itself is full, the
 * reserve file is released and the same bytes written once more.
 *
 * <p>Thread-safety: confined to the writer thread, except what the front door reads
 * ({@link #state()}, {@link #failure()}, {@link #refusing()}), which is volatile underneath.
 */
final class ChainWriter implements RecordingSwitch.Writer {

    static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
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
    private final GroupCommit batch;
    private final CapacityPolicy capacity;
    private final AuditAlertListener alerts;
    private final Unrecorded unrecorded;
    private final Sealing sealing;
    private final RetentionPurger purger;
    private final java.util.function.LongSupplier ticker;
    private final StatusBoard status;
    /** The SLF4J mirror, or null. */
    private final RecordMirror mirror;
    private Instant lastTs;
    /**
     * Whether batches are committed with their force running behind the next one
     * ({@link GroupCommit#commitBehind}): in {@code ASYNC} mode on a store that offers it
     * ({@link ForceBehind}: the file store and the JDBC store). Not in {@code SYNC} mode, where
     * callers wait for their batch: measured, it split the callers into two half-size batches
     * forced one after the other, 17 % fewer records/s at 64 threads (docs/performance.md).
     */
    private final boolean forceBehind;

    /** Read by the front door. */
    private final RecordingSwitch recording;
    private final WriteFailures failures;
    private final Upkeep upkeep;

    ChainWriter(TrailConfig config, ChainStore store, BodyEncoder bodies, Unrecorded unrecorded,
            Sealing sealing, ChainContinuity start, java.nio.file.Path stateDir, StatusBoard status,
            ClockWatch clockWatch) {
        this.unrecorded = unrecorded;
        this.status = status;
        this.sealing = sealing;
        this.ticker = config.ticker();
        this.chainId = config.chainId();
        this.libraryWhere = Location.defaults().withDefaults(config.system(), config.host());
        this.clock = config.clock();
        this.bodies = bodies;
        this.store = store;
        this.forceBehind = config.durability() == Durability.ASYNC && store instanceof ForceBehind;
        this.capacity = config.capacity();
        this.alerts = AuditAlertListener.guarded(config.alertListener());
        HeadMarks marks = new HeadMarks(stateDir,
                config.groupReadable() ? FileModes.GROUP_READABLE : FileModes.OWNER_ONLY, config.ticker());
        this.mirror = RecordMirror.start(config, start.startSeq());
        this.batch = new GroupCommit(store, forceBehind ? (ForceBehind) store : null, new ChainEncoder(config.chainId(),
                start.startSeq(), start.startHash(), sealing.hasher()), sealing, marks, status, config.ticker(), mirror,
                task -> config.newThread("force", task));
        this.purger = new RetentionPurger(chainId, store, config.retention(), capacity, this);
        this.recording = new RecordingSwitch(chainId, store, capacity, unrecorded, ticker, this);
        this.failures = new WriteFailures(chainId, this, batch, recording, capacity, store, clock);
        this.upkeep = new Upkeep(chainId, this, store, sealing, recording, ticker, clockWatch);
    }

    // ---- front door view ----

    AuditTrail.State state() {
        return recording.state();
    }

    @Override
    public Throwable failure() {
        return failures.failure();
    }

    @Override
    public long durableSeq() {
        return batch.durableSeq();
    }

    @Override
    public String durableHash() {
        return batch.durableHash();
    }

    /** @return true while {@code record} must throw at once (stopped under FAIL_CLOSED) */
    boolean refusing() {
        return recording.refusing();
    }

    /** @return whether batches are committed with their force running behind the next one */
    boolean forcesBehind() {
        return forceBehind;
    }

    // ---- writer thread ----

    /**
     * Writes the opening records; on failure the trail is not opened.
     *
     * @param opening the library records that open this trail
     * @throws IOException if they cannot be made durable
     */
    void open(List<AuditEvent.Builder> opening) throws IOException {
        try {
            writeOpening(opening);
        } catch (IOException | RuntimeException | Error e) {
            closeMirror(); // the trail does not open: its mirror thread ends too
            throw e;
        }
    }

    private void writeOpening(List<AuditEvent.Builder> opening) throws IOException {
        IOException reserve = store.ensureReserve(capacity.reserveBytes());
        if (reserve != null) {
            LOG.warn("chain '{}': cannot hold back {} bytes for the trail's own records: {}", chainId,
                    capacity.reserveBytes(), reserve.toString());
        }
        Instant now = clock.instant();
        AuditEvent.Builder rotation = sealing.rotation(batch.lastSeq(), now);
        if (rotation != null) {
            // first, and without a roll check: a roll would close the segment with a checkpoint
            // signed by the new key before the record that introduces it
            batch.append(bodies.encode(rotation.build(), libraryWhere), now);
            lastTs = now;
        }
        for (AuditEvent.Builder event : opening) {
            appendLibrary(event, now);
        }
        if (sealing.signing()) {
            appendCheckpoint(now);
        }
        failures.markFailed(batch.commit(now), lastTs);
        sealing.markSigner(); // after the KEY_ROTATION, if any, is durable
        recording.checkWarning(now);
        purgeExpired(now);
        publishUsedBytes();
    }

    /** Writes one batch taken from the queue; completes every ack in it. Never throws. */
    void process(List<QueuedAuditTrail.Pending> queued) {
        Instant now = clock.instant();
        if (failure() == null) {
            upkeep.beforeBatch(now, lastTs);
        }
        boolean flushRequested = false;
        for (QueuedAuditTrail.Pending pending : queued) {
            if (pending.body == null) {
                flushRequested |= !pending.stop;
                continue;
            }
            if (failure() != null) {
                failures.failAck(pending.ack);
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
        if (flushRequested || queued.get(queued.size() - 1).stop) {
            commit(); // a flush's ack and the close need everything durable now
        } else {
            commitBehind();
        }
        for (QueuedAuditTrail.Pending pending : queued) {
            if (pending.body == null && pending.ack != null) {
                pending.ack.complete(batch.durableSeq());
            }
        }
        if (failure() == null) {
            upkeep.afterBatch(now);
        }
        publishUsedBytes();
    }

    /**
     * Called when the queue ran empty: waits for the batch in flight, so that its acks complete
     * now rather than with the next batch.
     */
    void settle() {
        if (!batch.inFlight()) {
            return;
        }
        try {
            failures.markFailed(batch.settle(), lastTs);
        } catch (IOException e) {
            failures.writeFailed(e, clock.instant());
        }
        publishUsedBytes();
    }

    /** Called when the queue stayed empty for a while: probe a stopped trail, purge by age. */
    void idle() {
        if (failure() != null) {
            return;
        }
        Instant now = clock.instant();
        if (recording.stopped()) {
            recording.probe(now, false);
            commit();
        }
        if (failure() == null) {
            upkeep.afterBatch(now);
        }
        publishUsedBytes();
    }

    /** The store's size for {@link io.govaudit.AuditTrail#status()}: a plain field of the store, read here. */
    private void publishUsedBytes() {
        status.usedBytes(store.usedBytes());
    }

    /** Writes {@code TRAIL_STOP} (with what was not recorded, if stopped) and closes the store. */
    void finish() {
        batch.markNext();
        try {
            writeClosingRecords();
            publishUsedBytes();
        } finally {
            batch.close(); // nothing in flight any more; the force thread ends
            closeMirror(); // after the closing records, so TRAIL_STOP is mirrored too
            sealing.close();
            try {
                store.close();
            } catch (IOException e) {
                LOG.warn("closing the store of chain '{}' failed", chainId, e);
            }
        }
    }

    private void writeClosingRecords() {
        if (failure() == null) {
            upkeep.writeClockFindings(clock.instant());
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
    void crash(Throwable cause, List<QueuedAuditTrail.Pending> queued) {
        LOG.error("audit writer of chain '{}' failed unexpectedly", chainId, cause);
        failures.crash(cause, queued, lastTs);
    }

    // ---- appending ----

    private void appendEvent(QueuedAuditTrail.Pending pending, Instant now) {
        if (!recording.stopped()) {
            long line = (long) pending.body.length + CHAIN_OVERHEAD;
            if (!fits(line) && !makeRoom(line, now)) {
                stopFull(now);
            }
        }
        if (recording.stopped()) {
            recording.notRecorded(pending.ack, now);
            return;
        }
        rollIfDue(pending.body.length + CHAIN_OVERHEAD, now);
        if (failure() != null) { // the commit before the roll failed the trail for good
            failures.failAck(pending.ack);
            return;
        }
        if (recording.stopped()) { // the commit before the roll failed and stopped recording
            recording.notRecorded(pending.ack, now);
            return;
        }
        Instant ts = notBeforeLast(now);
        batch.appendEvent(pending, ts);
        lastTs = ts;
    }

    private void appendLibrary(AuditEvent.Builder event, Instant now) {
        byte[] body = bodies.encode(event.build(), libraryWhere);
        rollIfDue(body.length + CHAIN_OVERHEAD, now);
        Instant ts = notBeforeLast(now);
        batch.append(body, ts);
        lastTs = ts;
    }

    /**
     * The batch's time, read when the batch began, unless a record appended since (a failure's,
     * a roll's) carries a later reading of the clock: then the clock is read again, so records
     * stay in time order. A clock that really went back still shows as a regression.
     */
    private Instant notBeforeLast(Instant now) {
        return lastTs != null && now.isBefore(lastTs) ? clock.instant() : now;
    }

    /**
     * Appends a signed CHECKPOINT over the last record, without a roll check: it closes a
     * segment or a stretch of records, so it may take a segment past its size by one record.
     */
    private void appendCheckpoint(Instant now) {
        Instant ts = notBeforeLast(now);
        Sealing.Signed signed = sealing.checkpoint(batch.lastSeq(), batch.lastHash(), ts);
        batch.appendCheckpoint(bodies.encode(signed.record().build(), libraryWhere), signed.anchor(), ts);
        lastTs = ts;
    }

    @Override
    public boolean fits(long line) {
        return store.usedBytes() + batch.bufferedBytes() + line <= capacity.maxBytes() || !capacity.bounded();
    }

    /** Closes the active segment first when it is due, with its checkpoint in a signed chain. */
    void rollIfDue(long line, Instant now) {
        if (!store.mustRoll(batch.bufferedBytes(), line, now)) {
            return;
        }
        if (sealing.signing() && failure() == null) {
            // every closed segment ends with a signed checkpoint, also one closed by a library
            // record while recording is stopped (it may use the reserve like that record)
            appendCheckpoint(now);
        }
        if (!commit()) {
            return; // stopped: the record goes nowhere; the roll is tried again later
        }
        try {
            store.roll(batch.lastSeq() + 1);
            batch.markNext(); // the new segment's first record: deleting the active segment is then noticed
            upkeep.rolled();
        } catch (IOException e) {
            failures.writeFailed(e, now);
        }
    }

    // ---- committing ----

    /**
     * Writes and forces the buffer.
     *
     * @return true if everything appended so far is durable
     */
    boolean commit() {
        boolean nothingNew = batch.bufferedBytes() == 0 && !batch.inFlight();
        try {
            failures.markFailed(batch.commit(clock.instant()), lastTs);
            return !nothingNew || failure() == null;
        } catch (IOException e) {
            failures.writeFailed(e, clock.instant());
            return false;
        }
    }

    /**
     * Writes the buffer and leaves its force running behind (see {@link GroupCommit}); the batch
     * before it is durable when this returns. Without the force behind, a plain {@link #commit}.
     */
    private void commitBehind() {
        try {
            failures.markFailed(batch.commitBehind(clock.instant()), lastTs);
        } catch (IOException e) {
            failures.writeFailed(e, clock.instant());
        }
    }

    /**
     * Appends and commits one library record, starting from an empty buffer so that its bytes
     * follow the last durable record directly. If the device is full, the reserve file is
     * released and the same bytes are written once more: they are still the right next record.
     *
     * @return true if the record is durable
     */
    @Override
    public boolean writeLibrary(AuditEvent.Builder event, Instant now) {
        if (batch.bufferedBytes() > 0 && !commit()) {
            return false;
        }
        if (failure() != null) {
            return false;
        }
        appendLibrary(event, now);
        return commitOwn(now);
    }

    /** Commits what is buffered, then a signed CHECKPOINT over it. */
    boolean writeCheckpoint(Instant now) {
        if (batch.bufferedBytes() > 0 && !commit()) {
            return false;
        }
        if (failure() != null) {
            return false;
        }
        appendCheckpoint(now);
        return commitOwn(now);
    }

    /** Commits the trail's own records in the buffer, using the reserve if the device is full. */
    private boolean commitOwn(Instant now) {
        try {
            failures.markFailed(batch.commit(now), lastTs);
            return true;
        } catch (IOException first) {
            if (!store.isOutOfSpace(first)) {
                failures.writeFailed(first, now);
                return false;
            }
            return retryWithReserve(first, now);
        }
    }

    private boolean retryWithReserve(IOException first, Instant now) {
        try {
            store.rewind();
            if (!store.releaseReserve()) {
                failures.writeFailed(first, now);
                return false;
            }
            LOG.warn("chain '{}': the device is full; released the reserve to write the trail's own records", chainId);
            failures.markFailed(batch.commit(now), lastTs); // the same bytes: still the right next records
            return true;
        } catch (IOException second) {
            second.addSuppressed(first);
            failures.writeFailed(second, now);
            return false;
        }
    }

    // ---- capacity ----

    /** OVERWRITE_OLDEST: purges the oldest closed segments until {@code line} fits. */
    @Override
    public boolean makeRoom(long line, Instant now) {
        return capacity.onFull() == OnFull.OVERWRITE_OLDEST && commit() && purger.makeRoom(line, now) && fits(line);
    }

    /**
     * Stops a full chain; under OVERWRITE_OLDEST held by the retention floor, the reason says so
     * and how much more storage the chain needs (docs/operations.md, retention and capacity).
     */
    private void stopFull(Instant now) {
        RetentionPurger.Floor floor = capacity.onFull() == OnFull.OVERWRITE_OLDEST ? purger.floor() : null;
        if (floor == null) {
            recording.stop("capacity: the chain holds " + store.usedBytes() + " bytes of at most " + capacity.maxBytes(),
                    now, null);
            return;
        }
        recording.stop(floor.reason(), now, null, floor.facts());
    }

        @Override
    public boolean purge(int count, String reason, Instant now) {
        return purger.purge(count, reason, now);
    }

    @Override
    public boolean purgeHeldByFloor() {
        return purger.heldByFloor();
    }

    @Override
    public void purgeExpired(Instant now) {
        if (failure() == null && commit()) {
            purger.purgeExpired(now);
        }
    }

    // ---- helpers ----

    private void closeMirror() {
        if (mirror != null) {
            mirror.close();
        }
    }


    @Override
    public void raise(AlertKind kind, Instant now, String message, Map<String, Object> facts) {
        alerts.onAlert(new AuditAlert(kind, chainId, now, message, facts));
    }

    @Override
    public String toString() {
        return "ChainWriter[" + chainId + ", state=" + recording.state() + ", durableSeq=" + batch.durableSeq() + "]";
    }

}
