package io.govaudit.internal.trail;

import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.AuditUnavailableException;
import io.govaudit.CapacityPolicy;
import io.govaudit.EventType;
import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.alert.AlertKind;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail's recording state under the capacity policy (docs/operations.md, retention and capacity): running, degraded
 * past the warning threshold, stopped while the store is full or failing (counting what is not
 * recorded, probing about once a second, resuming with {@code RECORDING_RESUMED}), failed for
 * good. Every change is a library record and an alert.
 *
 * <p>Thread-safety: changed on the trail's writer thread only; {@link #state()} is read by the
 * front door.
 */
final class RecordingSwitch {

    /** What the switch needs from the chain writer. */
    interface Writer extends RetentionPurger.Journal {

        /** Purges by age if due. */
        void purgeExpired(Instant now);

        /** @return true if a record of {@code line} bytes fits under the capacity bound */
        boolean fits(long line);

        /** @return true if OVERWRITE_OLDEST purged enough for {@code line} bytes */
        boolean makeRoom(long line, Instant now);

        /** @return true if the {@code count} oldest closed segments were purged, attested */
        boolean purge(int count, String reason, Instant now);

        /** @return the failure that ended the trail, or null */
        Throwable failure();

        /** @return true if the last {@link #purge} was refused by the retention floor */
        boolean purgeHeldByFloor();
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordingSwitch.class);
    /** Room a probe asks for before resuming: a record of the default maximum size. */
    private static final long PROBE_ROOM = ChainWriter.CHAIN_OVERHEAD + 16 * 1024;

    private final String chainId;
    private final ChainStore store;
    private final CapacityPolicy capacity;
    private final Unrecorded unrecorded;
    private final LongSupplier ticker;
    private final Writer writer;

    private volatile AuditTrail.State state = AuditTrail.State.RUNNING;
    private String stopReason;
    /** The stop was caused by the device (not the configured bound) being full. */
    private boolean deviceFull;
    private long nextProbe;
    private boolean warned;

    RecordingSwitch(String chainId, ChainStore store, CapacityPolicy capacity, Unrecorded unrecorded,
            LongSupplier ticker, Writer writer) {
        this.chainId = chainId;
        this.store = store;
        this.capacity = capacity;
        this.unrecorded = unrecorded;
        this.ticker = ticker;
        this.writer = writer;
    }

    AuditTrail.State state() {
        return state;
    }

    boolean stopped() {
        return state == AuditTrail.State.STOPPED;
    }

    /** @return true while {@code record} must throw at once (stopped under FAIL_CLOSED) */
    boolean refusing() {
        return stopped() && capacity.onFull() == OnFull.FAIL_CLOSED;
    }

    /** @return why the trail stopped, while it is stopped */
    String stopReason() {
        return stopReason;
    }

    /** The trail failed for good: nothing is recorded until it is reopened. */
    void failed() {
        state = AuditTrail.State.FAILED;
    }

    /** Stops recording: a {@code RECORDING_STOPPED} record (if it can still be written) and an alert. */
    void stop(String reason, Instant now, IOException cause) {
        stop(reason, now, cause, Map.of());
    }

    /** Stops recording, with more facts in the record and alert (e.g. the retention floor's numbers). */
    void stop(String reason, Instant now, IOException cause, Map<String, Object> more) {
        state = AuditTrail.State.STOPPED;
        deviceFull = cause != null && store.isOutOfSpace(cause);
        stopReason = reason;
        nextProbe = ticker.getAsLong() + ChainWriter.PROBE_INTERVAL_NANOS;
        Map<String, Object> facts = new LinkedHashMap<>(more);
        facts.put("reason", reason);
        facts.put("on_full", capacity.onFull().name());
        facts.put("used_bytes", store.usedBytes());
        boolean written = writer.writeLibrary(withFacts(LibraryEvents.of(EventType.RECORDING_STOPPED),
                facts), now);
        String what = capacity.onFull() == OnFull.FAIL_CLOSED
                ? "records are refused (record throws) until space returns"
                : "events are counted but not recorded until space returns";
        writer.raise(capacity.onFull() == OnFull.FAIL_CLOSED ? AlertKind.RECORDS_REFUSED : AlertKind.RECORDING_STOPPED,
                now, "chain '" + chainId + "' stopped recording (" + reason + "); " + what
                        + (written ? "" : "; the RECORDING_STOPPED record could not be written either"), facts);
        if (cause != null) {
            LOG.debug("chain '{}': cause of the stop", chainId, cause);
        }
    }

    /** Counts an event that was not recorded and completes its ack as the policy says. */
    void notRecorded(CompletableFuture<Long> ack, Instant now) {
        unrecorded.add(now);
        if (ack == null) {
            return;
        }
        if (capacity.onFull() == OnFull.FAIL_CLOSED) {
            ack.completeExceptionally(new AuditUnavailableException("audit trail of chain '" + chainId
                    + "' is not recording (" + stopReason + "); refuse the audited operation", writer.failure()));
        } else {
            ack.complete(QueuedAuditTrail.NOT_RECORDED);
        }
    }

    /**
     * Resumes a stopped trail if there is room again (by age purge, by overwriting under
     * OVERWRITE_OLDEST, or because someone freed space); at most once a second unless forced.
     */
    void probe(Instant now, boolean force) {
        if (!force && ticker.getAsLong() - nextProbe < 0) {
            return;
        }
        nextProbe = ticker.getAsLong() + ChainWriter.PROBE_INTERVAL_NANOS;
        if (!remeasure()) {
            return;
        }
        writer.purgeExpired(now);
        if (!writer.fits(PROBE_ROOM) && !writer.makeRoom(PROBE_ROOM, now)) {
            return;
        }
        if (deviceFull && capacity.onFull() == OnFull.OVERWRITE_OLDEST && store.closedSegments() > 0
                && !writer.purge(1, "device full", now) && !writer.purgeHeldByFloor()) {
            return;
        }
        resume(now); // when the floor kept the segment, a plain try: its record fails while the device is full
    }

    /**
     * Counts the store again; a database store also checks its hold on the chain here.
     *
     * @return false if it cannot be counted
     */
    boolean remeasure() {
        try {
            store.remeasure();
            return true;
        } catch (IOException e) {
            LOG.warn("chain '{}': cannot measure the store: {}", chainId, e.toString());
            return false;
        }
    }

    private void resume(Instant now) {
        Unrecorded.Snapshot gap = unrecorded.take();
        Map<String, Object> facts = new LinkedHashMap<>(gap.facts());
        facts.put("stopped", stopReason);
        if (!writer.writeLibrary(withFacts(LibraryEvents.of(EventType.RECORDING_RESUMED), facts), now)) {
            unrecorded.restore(gap); // still failing: stay stopped, keep counting
            return;
        }
        state = AuditTrail.State.RUNNING;
        store.ensureReserve(capacity.reserveBytes());
        writer.raise(AlertKind.RECORDING_RESUMED, now, "chain '" + chainId + "' records again; " + gap.count()
                + " event(s) were not recorded while it was stopped (" + stopReason + ")", facts);
    }

    /**
     * Degrades the trail past the warning threshold, with one {@code CAPACITY_WARNING} record and
     * alert per crossing; back to running below it.
     */
    void checkWarning(Instant now) {
        long used = store.usedBytes();
        if (used < capacity.warnBytes()) {
            warned = false;
            if (state == AuditTrail.State.DEGRADED) {
                state = AuditTrail.State.RUNNING;
            }
            return;
        }
        if (state == AuditTrail.State.RUNNING) {
            state = AuditTrail.State.DEGRADED;
        }
        if (warned) {
            return;
        }
        warned = true;
        Map<String, Object> facts = Map.of("used_bytes", used, "max_bytes", capacity.maxBytes(),
                "warn_at_percent", capacity.warnAt());
        writer.writeLibrary(withFacts(LibraryEvents.of(EventType.CAPACITY_WARNING), facts), now);
        writer.raise(AlertKind.CAPACITY_WARNING, now, "chain '" + chainId + "' uses " + used + " of "
                + capacity.maxBytes() + " bytes (warning at " + capacity.warnAt()
                + " %); plan more space or a shorter retention", facts);
    }

    static AuditEvent.Builder withFacts(AuditEvent.Builder event, Map<String, Object> facts) {
        new java.util.TreeMap<>(facts).forEach(event::detail); // a fixed member order, whatever map was given
        return event;
    }

    @Override
    public String toString() {
        return "RecordingSwitch[" + chainId + ", " + state + (stopped() ? " (" + stopReason + ")" : "") + "]";
    }
}
