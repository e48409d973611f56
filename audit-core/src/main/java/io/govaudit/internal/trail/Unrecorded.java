package io.govaudit.internal.trail;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the events a stopped trail did not record: those the writer dropped under
 * {@code STOP_RECORDING} or refused under {@code FAIL_CLOSED}, and those refused at the front
 * door, so that {@code RECORDING_RESUMED} (or {@code TRAIL_STOP}) can say how many and when; and
 * the total since the trail opened, never reset, for {@code AuditTrail.status()}.
 * Thread-safe: producers and the writer add, the writer takes, anyone reads the total (lock-free).
 */
final class Unrecorded {

    /** What was not recorded since the last {@link #take}. */
    record Snapshot(long count, Instant first, Instant last) {

        /** @return the detail members of the record that accounts for them */
        Map<String, Object> facts() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("not_recorded", count);
            if (first != null) {
                facts.put("first_not_recorded", first.toString());
                facts.put("last_not_recorded", last.toString());
            }
            return facts;
        }
    }

    /** Every event added since the trail opened; atomic so that status readers take no lock. */
    private final AtomicLong total = new AtomicLong();
    private long count; // guarded by this
    private Instant first; // guarded by this
    private Instant last; // guarded by this

    synchronized void add(Instant when) {
        total.incrementAndGet();
        count++;
        widen(when, when);
    }

    /** @return every event not recorded since the trail opened */
    long total() {
        return total.get();
    }

    synchronized Snapshot peek() {
        return new Snapshot(count, first, last);
    }

    synchronized Snapshot take() {
        Snapshot snapshot = peek();
        count = 0;
        first = null;
        last = null;
        return snapshot;
    }

    /** Puts back what {@link #take} returned, when the record accounting for it was not written. */
    synchronized void restore(Snapshot snapshot) {
        count += snapshot.count();
        if (snapshot.first() != null) {
            widen(snapshot.first(), snapshot.last());
        }
    }

    private void widen(Instant from, Instant to) { // guarded by this
        if (first == null || from.isBefore(first)) {
            first = from;
        }
        if (last == null || to.isAfter(last)) {
            last = to;
        }
    }
}
