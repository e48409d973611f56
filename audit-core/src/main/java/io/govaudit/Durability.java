package io.govaudit;

/**
 * When {@link AuditTrail#record(AuditEvent)} returns relative to the record reaching the disk.
 *
 * @since 0.1.0
 */
public enum Durability {
    /**
     * {@code record} returns after the batch holding the record has been written and forced to
     * the storage device. A crash after the return never loses the record.
     */
    SYNC,
    /**
     * {@code record} returns after the record is queued. The writer writes and forces it with the
     * next batch, normally within one device flush; a crash can lose what was queued but not yet
     * forced. The queue is bounded: when it is full, {@code record} waits.
     */
    ASYNC
}
