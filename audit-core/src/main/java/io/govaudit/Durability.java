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
     * {@code record} returns after the record is queued. The writer writes it with the next batch
     * and forces that batch (on govaudit's file and JDBC stores, while it writes the batch after
     * it), normally within two device flushes; a crash can lose what was queued but not yet
     * forced: at most the queue and two batches. {@link AuditTrail#flush()} returns once everything queued before it is
     * forced. The queue is bounded: when it is full, {@code record} waits.
     */
    ASYNC
}
