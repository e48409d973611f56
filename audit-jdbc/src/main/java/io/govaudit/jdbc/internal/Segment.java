package io.govaudit.jdbc.internal;

import java.time.Instant;

/**
 * One segment of a chain as the store knows it: a row of {@code audit_segment} and the bytes of
 * the durable records in it. Not thread-safe: owned by the store.
 */
final class Segment {

    final long firstSeq;
    /** The time of its first record; null while it holds none. */
    Instant openedAt;
    /** The bytes of its durable records (each line with its newline). */
    long bytes;
    /** Whether its {@code audit_segment} row is committed. */
    boolean persisted;

    Segment(long firstSeq, Instant openedAt, long bytes, boolean persisted) {
        this.firstSeq = firstSeq;
        this.openedAt = openedAt;
        this.bytes = bytes;
        this.persisted = persisted;
    }

    @Override
    public String toString() {
        return "Segment[" + firstSeq + ", " + bytes + " bytes" + (persisted ? "" : ", not stored yet") + "]";
    }
}
