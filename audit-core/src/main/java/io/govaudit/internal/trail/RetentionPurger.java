package io.govaudit.internal.trail;

import io.govaudit.AuditEvent;
import io.govaudit.CapacityPolicy;
import io.govaudit.EventType;
import io.govaudit.RetentionPolicy;
import io.govaudit.alert.AlertKind;
import io.govaudit.spi.ChainStore;
import io.govaudit.spi.PurgePlan;
import java.io.IOException;
import java.time.Instant;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the oldest closed segments of a chain: past the retention maximum (by age), to make
 * room under {@code OVERWRITE_OLDEST} (by capacity), or when the device is full (docs/operations.md,
 * retention and capacity).
 *
 * <p>Ordering: every purge first makes a {@code RETENTION_PURGE} record durable, naming the first
 * and last purged seq and the hash of the last purged record, and only then deletes the files;
 * a crash in between leaves segments the record already attests, never a gap it does not.
 *
 * <p>Retention floor: no segment holding a record younger than the retention minimum is deleted,
 * for capacity or a full device alike, unless {@code overwriteWithinRetention} allows it; such a
 * purge raises {@code RETENTION_VIOLATION}. When the floor keeps {@link #makeRoom} from making
 * room, {@link #floor()} says what the chain holds within the minimum and how much it lacks.
 *
 * <p>Not thread-safe: used by the {@link ChainWriter} on the writer thread.
 */
final class RetentionPurger {

    /** What the purger needs from the writer. */
    interface Journal {
        /**
         * Writes one of the trail's own records and makes it durable.
         *
         * @return true if it is durable
         */
        boolean writeLibrary(AuditEvent.Builder event, Instant now);

        /** @return the seq of the last durable record */
        long durableSeq();

        /** @return its hash */
        String durableHash();

        /** Raises an alert. */
        void raise(AlertKind kind, Instant now, String message, Map<String, Object> facts);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurger.class);

    private final String chainId;
    private final ChainStore store;
    private final RetentionPolicy retention;
    private final CapacityPolicy capacity;
    private final Journal journal;
    /** Why the last {@link #makeRoom} made no room, if the retention floor held; else null. */
    private Floor floor;
    /** Whether the retention floor refused the last {@link #purge}. */
    private boolean heldByFloor;

    /**
     * The retention floor held: the bytes of records younger than the retention minimum (closed
     * segments and the active one), and how many more bytes the store needs for the next record.
     */
    record Floor(Period minimum, long withinRetentionBytes, long maxBytes, long neededBytes) {

        /** @return the stop reason: the floor was reached, and the storage it lacks */
        String reason() {
            return "retention floor reached: " + withinRetentionBytes + " bytes of records are younger than the "
                    + "retention minimum (" + minimum + ") and the chain may hold at most " + maxBytes
                    + "; OVERWRITE_OLDEST deletes none of them, so the store needs at least " + neededBytes
                    + " more bytes (plan capacity for the minimum)";
        }

        /** @return the facts of the RECORDING_STOPPED record and alert */
        Map<String, Object> facts() {
            return Map.of("retention_floor", true, "retention_minimum", minimum.toString(),
                    "within_retention_bytes", withinRetentionBytes, "max_bytes", maxBytes, "needed_bytes", neededBytes);
        }
    }

    RetentionPurger(String chainId, ChainStore store, RetentionPolicy retention, CapacityPolicy capacity,
            Journal journal) {
        this.chainId = chainId;
        this.store = store;
        this.retention = retention;
        this.capacity = capacity;
        this.journal = journal;
    }

    /** Purges the closed segments past the retention maximum, oldest first, in one attested purge. */
    void purgeExpired(Instant now) {
        if (retention.maximum().isEmpty()) {
            return;
        }
        int count = 0;
        try {
            while (count < store.closedSegments() && retention.expired(store.newestBound(count, now), now)) {
                count++;
            }
        } catch (IOException e) {
            LOG.warn("chain '{}': cannot read segment times for the retention purge: {}", chainId, e.toString());
            return;
        }
        if (count > 0) {
            purge(count, "age", now);
        }
    }

    /**
     * Purges as few of the oldest closed segments as make room for {@code line} bytes under
     * {@code maxBytes}. The caller has committed everything before.
     *
     * @return true if they were purged; false if the closed segments cannot free enough
     */
    boolean makeRoom(long line, Instant now) {
        List<Long> sizes;
        try {
            sizes = store.closedSegmentSizes();
        } catch (IOException e) {
            LOG.warn("chain '{}': cannot size the closed segments: {}", chainId, e.toString());
            return false;
        }
        floor = null;
        int count = 0;
        long freed = 0;
        try {
            while (count < sizes.size() && store.usedBytes() - freed + line > capacity.maxBytes()) {
                if (floorHolds(count, now)) {
                    long within = store.usedBytes() - freed;
                    floor = new Floor(retention.minimum(), within, capacity.maxBytes(),
                            within + line - capacity.maxBytes());
                    return false;
                }
                freed += sizes.get(count++);
            }
        } catch (IOException e) {
            LOG.warn("chain '{}': cannot read segment times to make room: {}", chainId, e.toString());
            return false;
        }
        if (count == 0 || store.usedBytes() - freed + line > capacity.maxBytes()) {
            return false;
        }
        return purge(count, "capacity", now);
    }

    /** @return true if the retention floor refused the last {@link #purge} */
    boolean heldByFloor() {
        return heldByFloor;
    }

    /** @return the retention floor that kept the last {@link #makeRoom} from making room, or null */
    Floor floor() {
        return floor;
    }

    /** @return true if closed segment {@code index} must stay: it is within the minimum and nothing allows overwriting */
    private boolean floorHolds(int index, Instant now) throws IOException {
        return capacity.overwriteWithinRetention().isEmpty() && retention.protects(store.newestBound(index, now), now);
    }

    /**
     * Purges the {@code count} oldest closed segments, attested.
     *
     * @return true if the attesting record is durable and the files are deleted
     */
    boolean purge(int count, String reason, Instant now) {
        PurgePlan plan;
        heldByFloor = false;
        try {
            if (floorHolds(count - 1, now)) {
                heldByFloor = true;
                LOG.warn("chain '{}': not purging {} segment(s) for {}: they hold records younger than the retention "
                        + "minimum ({})", chainId, count, reason, retention.minimum());
                return false;
            }
            plan = store.planPurge(count, journal.durableSeq(), journal.durableHash(), now);
        } catch (IOException e) {
            LOG.warn("chain '{}': cannot plan a purge: {}", chainId, e.toString());
            return false;
        }
        boolean violation = retention.protects(plan.newestBound(), now);
        Map<String, Object> facts = facts(plan, reason, violation);
        AuditEvent.Builder record = LibraryEvents.of(EventType.RETENTION_PURGE);
        facts.forEach(record::detail);
        if (!journal.writeLibrary(record, now)) {
            return false;
        }
        try {
            store.delete(plan);
        } catch (IOException e) {
            journal.raise(AlertKind.STORE_IO_ERROR, now, "chain '" + chainId + "': deleting purged segments failed: "
                    + e.getMessage(), facts);
            return false;
        }
        journal.raise(AlertKind.RETENTION_PURGE, now, "chain '" + chainId + "': purged seq " + plan.firstSeq() + ".."
                + plan.lastSeq() + " (" + plan.bytes() + " bytes, " + reason + ")", facts);
        if (violation) {
            journal.raise(AlertKind.RETENTION_VIOLATION, now, "chain '" + chainId + "': the store was full and "
                    + "records younger than the retention minimum (" + retention.minimum() + ") were overwritten, as "
                    + "overwriteWithinRetention allows (" + capacity.overwriteWithinRetention().orElse("") + "); "
                    + "give the store more space", facts);
        }
        return true;
    }

    private static Map<String, Object> facts(PurgePlan plan, String reason, boolean violation) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("first_seq", plan.firstSeq());
        facts.put("last_seq", plan.lastSeq());
        facts.put("last_hash", plan.lastHash());
        facts.put("segments", plan.segments());
        facts.put("bytes_freed", plan.bytes());
        facts.put("newest_before", plan.newestBound().toString());
        facts.put("reason", reason);
        if (violation) {
            facts.put("retention_violation", true);
        }
        return facts;
    }
}
