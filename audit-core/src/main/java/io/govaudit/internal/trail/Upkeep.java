package io.govaudit.internal.trail;

import io.govaudit.AuditEvent;
import io.govaudit.EventType;
import io.govaudit.alert.AlertKind;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The writer's timed duties around each batch (docs/format.md sections 3, 4 and 6): before it,
 * the next key epoch when due and a {@code CLOCK_ANOMALY} record when the clock stepped back;
 * after it, the store's housekeeping, the clock check's findings, a re-count of the store about once a second, a purge by age
 * after a roll or every {@link #PURGE_INTERVAL_NANOS}, the capacity warning, and a checkpoint when
 * one is due. Timers run on the injected monotonic ticker, never on the wall clock.
 *
 * <p>Not thread-safe: confined to the writer thread.
 */
final class Upkeep {

    /** How often the store is counted again (and a database store checks its hold). */
    static final long MEASURE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often expired segments are looked for when nothing rolled. */
    static final long PURGE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final String chainId;
    private final ChainWriter writer;
    private final ChainStore store;
    private final Sealing sealing;
    private final RecordingSwitch recording;
    private final LongSupplier ticker;
    private final ClockWatch clockWatch; // null without clockCheck
    private long nextMeasure;
    private long nextPurge;
    private boolean rolled;

    Upkeep(String chainId, ChainWriter writer, ChainStore store, Sealing sealing, RecordingSwitch recording,
            LongSupplier ticker, ClockWatch clockWatch) {
        this.chainId = chainId;
        this.writer = writer;
        this.store = store;
        this.sealing = sealing;
        this.recording = recording;
        this.ticker = ticker;
        this.clockWatch = clockWatch;
        this.nextPurge = ticker.getAsLong() + PURGE_INTERVAL_NANOS;
    }

    /** A segment was closed: expired segments are looked for after this batch. */
    void rolled() {
        rolled = true;
    }

    /** Moves to the next key epoch when due, and records a clock that stepped backwards. */
    void beforeBatch(Instant now, Instant lastTs) {
        try {
            sealing.advanceEpochIfDue();
        } catch (IOException e) {
            writer.raise(AlertKind.STORE_IO_ERROR, now, "chain '" + chainId + "': cannot store the next key epoch ("
                    + e.getMessage() + "); the current epoch key stays in use", Map.of());
        }
        if (lastTs != null && now.isBefore(lastTs)) {
            Map<String, Object> facts = Map.of("previous_ts", lastTs.toString(), "ts", now.toString(),
                    "back_by_ms", Duration.between(now, lastTs).toMillis());
            writer.writeLibrary(RecordingSwitch.withFacts(LibraryEvents.of(EventType.CLOCK_ANOMALY), facts), now);
            writer.raise(AlertKind.CLOCK_ANOMALY, now, "chain '" + chainId + "': the clock stepped back from " + lastTs
                    + " to " + now + "; records keep the clock's time, the verifier reports TIME_REGRESSION", facts);
        }
    }

    /** The duties after a batch (or an idle wake-up) of a trail that has not failed. */
    void afterBatch(Instant now) {
        store.housekeeping(); // e.g. the file store installs the segments it gzipped
        if (ticker.getAsLong() - nextMeasure >= 0) {
            // what others added or removed counts too; a database store also checks here that
            // its hold on the chain still stands
            nextMeasure = ticker.getAsLong() + MEASURE_INTERVAL_NANOS;
            recording.remeasure();
        }
        if (rolled || ticker.getAsLong() - nextPurge >= 0) {
            rolled = false;
            nextPurge = ticker.getAsLong() + PURGE_INTERVAL_NANOS;
            writer.purgeExpired(now);
        }
        recording.checkWarning(now);
        writeClockFindings(now);
        if (!recording.stopped() && sealing.checkpointDue()) {
            writer.writeCheckpoint(now);
        }
    }

    /**
     * Writes what the clock check found since the last batch (it runs on its own thread); alerts
     * on anomalies. Also called before {@code TRAIL_STOP}, so nothing found is lost at close.
     */
    void writeClockFindings(Instant now) {
        if (clockWatch == null || recording.stopped()) {
            return; // while stopped, the findings wait (bounded) for recording to resume
        }
        for (ClockWatch.Finding finding = clockWatch.poll(); finding != null; finding = clockWatch.poll()) {
            AuditEvent.Builder event = LibraryEvents.of(finding.type());
            finding.facts().forEach(event::detail);
            writer.writeLibrary(event, now);
            if (finding.alert() != null) {
                writer.raise(AlertKind.CLOCK_ANOMALY, now, finding.alert(), finding.facts());
            }
        }
    }
}
