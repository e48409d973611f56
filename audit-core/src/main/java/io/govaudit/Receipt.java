package io.govaudit;

import java.util.OptionalLong;

/**
 * What {@link AuditTrail#record} did with an event: on the storage device with its seq, queued
 * for the writer, or counted but not recorded while the trail is stopped. There are no sentinel
 * numbers to compare against.
 *
 * <pre>{@code
 * Receipt receipt = trail.record(event);
 * if (!receipt.recorded()) {
 *     // STOP_RECORDING: the event is counted in the RECORDING_RESUMED record, not stored
 * }
 * }</pre>
 *
 * <p>In {@link Durability#ASYNC} mode a receipt says {@link Status#QUEUED}; a caller who needs the
 * record on disk calls {@link AuditTrail#flush()}, which returns once everything queued before it
 * is durable.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Receipt {

    /**
     * What happened to the event.
     *
     * @since 0.1.0
     */
    public enum Status {
        /** Written and forced to the storage device ({@link Durability#SYNC}); its seq is known. */
        DURABLE,
        /** Accepted into the queue ({@link Durability#ASYNC}); written within the flush delay. */
        QUEUED,
        /**
         * Not recorded: the trail is stopped under {@link CapacityPolicy.OnFull#STOP_RECORDING}.
         * The event was counted; the count and span appear in the {@code RECORDING_RESUMED}
         * record (or {@code TRAIL_STOP}).
         */
        NOT_RECORDED
    }

    private static final Receipt QUEUED = new Receipt(Status.QUEUED, 0);
    private static final Receipt NOT_RECORDED = new Receipt(Status.NOT_RECORDED, 0);

    private final Status status;
    private final long seq;

    private Receipt(Status status, long seq) {
        this.status = status;
        this.seq = seq;
    }

    /**
     * A record on the storage device.
     *
     * @param seq its seq, 1 or more
     * @return the receipt
     * @throws IllegalArgumentException if {@code seq} is not positive
     */
    public static Receipt durable(long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("a durable record has a seq of 1 or more, was " + seq);
        }
        return new Receipt(Status.DURABLE, seq);
    }

    /** @return the receipt of an event queued in {@code ASYNC} mode */
    public static Receipt queued() {
        return QUEUED;
    }

    /** @return the receipt of an event counted but not recorded while the trail is stopped */
    public static Receipt notRecorded() {
        return NOT_RECORDED;
    }

    /** @return what happened to the event */
    public Status status() {
        return status;
    }

    /** @return true if the record is on the storage device */
    public boolean durable() {
        return status == Status.DURABLE;
    }

    /** @return false only when the event was counted and not recorded (the trail is stopped) */
    public boolean recorded() {
        return status != Status.NOT_RECORDED;
    }

    /** @return the record's seq when it is durable; empty while queued or when not recorded */
    public OptionalLong seq() {
        return status == Status.DURABLE ? OptionalLong.of(seq) : OptionalLong.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Receipt other && status == other.status && seq == other.seq;
    }

    @Override
    public int hashCode() {
        return status.hashCode() * 31 + Long.hashCode(seq);
    }

    @Override
    public String toString() {
        return status == Status.DURABLE ? "Receipt[DURABLE, seq=" + seq + "]" : "Receipt[" + status + "]";
    }
}
