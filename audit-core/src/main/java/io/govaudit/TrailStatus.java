package io.govaudit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A read-only snapshot of an {@link AuditTrail}: its state, how far the chain is durable, how
 * full the store is, the last checkpoint, what was not recorded, and cumulative counters for
 * monitoring (health checks, metrics). Taken with {@link AuditTrail#status()}.
 *
 * <pre>{@code
 * TrailStatus status = trail.status();
 * if (status.state() == AuditTrail.State.STOPPED) {
 *     alarm(status.notRecorded() + " events not recorded on chain " + status.chainId());
 * }
 * status.capacityUse().ifPresent(use -> gauge.set(use)); // 0.0 to 1.0 (or a little more)
 * }</pre>
 *
 * <p>Consistency: the head, the last checkpoint and the counters are published together by the
 * writer after each durable batch, so they agree with each other. The state, the bytes used, the
 * not-recorded count and the queue depth are read one after another while the trail keeps working,
 * so the snapshot as a whole is not one consistent cut. Fine for monitoring; a verifier, not a
 * status, proves what the chain holds.
 *
 * <p>Immutable and thread-safe.
 *
 * @param chainId        the chain the trail writes
 * @param state          the trail's state when the snapshot was taken
 * @param headSeq        the seq of the chain's last durable record (library records included)
 * @param headHash       that record's {@code hash} member, as written in the chain (empty only
 *                       before the first record)
 * @param usedBytes      the bytes the chain holds in its store, as last counted by the writer
 *                       (segments and state, not the lock file nor the reserve)
 * @param maxBytes       the capacity bound, or empty when the store is unbounded
 * @param onFull         what the trail does when the store is full or failing (the capacity
 *                       policy's action; also in force for an unbounded store whose device fails)
 * @param lastCheckpoint the last durable signed {@code CHECKPOINT} written since the trail opened,
 *                       or empty (no signing key, or none written yet)
 * @param notRecorded    events counted but not recorded since the trail opened (stopped under
 *                       {@code STOP_RECORDING}, refused under {@code FAIL_CLOSED}); never reset
 * @param queueDepth     records waiting for the writer
 * @param counters       cumulative counters since the trail opened
 * @param replicas       each replica of {@code AuditTrail.Builder.replicateTo}, in the order given;
 *                       empty without replicas
 * @since 0.1.0
 */
public record TrailStatus(String chainId, AuditTrail.State state, long headSeq, String headHash, long usedBytes,
        OptionalLong maxBytes, CapacityPolicy.OnFull onFull, Optional<Checkpoint> lastCheckpoint, long notRecorded,
        int queueDepth, Counters counters, List<Replica> replicas) {

    /**
     * Checks the members.
     *
     * @throws NullPointerException     if a member is null
     * @throws IllegalArgumentException if a number is negative
     */
    public TrailStatus {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(headHash, "headHash");
        Objects.requireNonNull(maxBytes, "maxBytes");
        Objects.requireNonNull(onFull, "onFull");
        Objects.requireNonNull(lastCheckpoint, "lastCheckpoint");
        Objects.requireNonNull(counters, "counters");
        replicas = List.copyOf(replicas);
        if (headSeq < 0 || usedBytes < 0 || notRecorded < 0 || queueDepth < 0) {
            throw new IllegalArgumentException("headSeq, usedBytes, notRecorded and queueDepth must not be negative, were "
                    + headSeq + ", " + usedBytes + ", " + notRecorded + ", " + queueDepth);
        }
    }

    /**
     * Returns how full the store is: {@link #usedBytes()} divided by {@link #maxBytes()}. The
     * trail's own records may use the reserve beyond the bound, so this can pass 1.0 a little.
     *
     * @return the fraction used, or empty when the store is unbounded
     */
    public OptionalDouble capacityUse() {
        return maxBytes.isPresent() ? OptionalDouble.of((double) usedBytes / maxBytes.getAsLong()) : OptionalDouble.empty();
    }

    /**
     * Tells whether {@link AuditTrail#record} currently writes events: {@code RUNNING} or
     * {@code DEGRADED}.
     *
     * @return true if events are being recorded
     */
    public boolean recording() {
        return state == AuditTrail.State.RUNNING || state == AuditTrail.State.DEGRADED;
    }

    /**
     * Tells whether {@link AuditTrail#record} currently throws {@link AuditUnavailableException}:
     * the trail failed or was closed, or it is stopped under
     * {@link CapacityPolicy.OnFull#FAIL_CLOSED}. An application that must not act unaudited is
     * then refusing its own operations.
     *
     * @return true if records are refused
     */
    public boolean refusing() {
        return state == AuditTrail.State.FAILED || state == AuditTrail.State.CLOSED
                || state == AuditTrail.State.STOPPED && onFull == CapacityPolicy.OnFull.FAIL_CLOSED;
    }

    /**
     * Where one replica stands ({@code AuditTrail.Builder.replicateTo}; docs/operations.md,
     * replication).
     *
     * @param location      where the replica is (a directory, or the store's description; never
     *                      credentials)
     * @param replicatedSeq the seq of the last record durable in the replica, 0 before it was
     *                      opened
     * @param failure       why the replica is failing now ({@code REPLICA_FAILED}), or empty while
     *                      it works
     * @since 0.1.0
     */
    public record Replica(String location, long replicatedSeq, Optional<String> failure) {

        /**
         * Checks the members.
         *
         * @throws NullPointerException     if a member is null
         * @throws IllegalArgumentException if the seq is negative
         */
        public Replica {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(failure, "failure");
            if (replicatedSeq < 0) {
                throw new IllegalArgumentException("replicatedSeq must not be negative, was " + replicatedSeq);
            }
        }
    }

    /**
     * A durable signed checkpoint.
     *
     * @param seq    the seq of the {@code CHECKPOINT} record
     * @param atSeq  the seq of the record it covers (the one before it)
     * @param time   its {@code ts}
     * @since 0.1.0
     */
    public record Checkpoint(long seq, long atSeq, Instant time) {

        /**
         * Checks the members.
         *
         * @throws NullPointerException if {@code time} is null
         */
        public Checkpoint {
            Objects.requireNonNull(time, "time");
        }
    }

    /**
     * Cumulative counters since the trail opened, for rates and averages: they only grow. Each is
     * counted when its batch is durable, by the writer thread.
     *
     * @param records      application records made durable (what {@link AuditTrail#record} wrote)
     * @param written      all records made durable, the library's own ({@code CHECKPOINT},
     *                     {@code TRAIL_START} …) included
     * @param batches      group commits that wrote at least one record (one write and one device
     *                     flush each)
     * @param commitNanos  total time spent writing and forcing those batches, in nanoseconds on
     *                     the trail's monotonic ticker
     * @since 0.1.0
     */
    public record Counters(long records, long written, long batches, long commitNanos) {

        /** No counts: a trail that has written nothing yet. */
        public static final Counters NONE = new Counters(0, 0, 0, 0);

        /**
         * Checks the members.
         *
         * @throws IllegalArgumentException if a counter is negative
         */
        public Counters {
            if (records < 0 || written < 0 || batches < 0 || commitNanos < 0) {
                throw new IllegalArgumentException("counters must not be negative, were records " + records
                        + ", written " + written + ", batches " + batches + ", commitNanos " + commitNanos);
            }
        }

        /**
         * Returns the total commit time.
         *
         * @return {@link #commitNanos()} as a duration
         */
        public Duration commitTime() {
            return Duration.ofNanos(commitNanos);
        }

        /**
         * Returns the mean number of records per batch.
         *
         * @return {@link #written()} divided by {@link #batches()}, or 0 before the first batch
         */
        public double meanBatchSize() {
            return batches == 0 ? 0 : (double) written / batches;
        }
    }
}
