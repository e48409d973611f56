package io.govaudit;

import java.time.Instant;

/**
 * Counts the records refused at the front door while a trail is stopped under
 * {@code FAIL_CLOSED}, so that {@code RECORDING_RESUMED} can say how many events and which span
 * were not recorded. Thread-safe: producers add, the writer takes.
 */
final class Refusals {

    /** What was refused since the last {@link #take}. */
    record Snapshot(long count, Instant first, Instant last) {
    }

    private long count; // guarded by this
    private Instant first; // guarded by this
    private Instant last; // guarded by this

    synchronized void add(Instant when) {
        count++;
        if (first == null) {
            first = when;
        }
        last = when;
    }

    synchronized Snapshot take() {
        Snapshot snapshot = new Snapshot(count, first, last);
        count = 0;
        first = null;
        last = null;
        return snapshot;
    }
}
