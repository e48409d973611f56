package io.govaudit.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds bursts of failed logins: at least {@code threshold} failures within {@code window} by one
 * key (an account or an address). A burst lasts while every failure in it has at least
 * {@code threshold - 1} others within the window before it; overlapping windows are one burst.
 * Failures must arrive in time order (the reader's order).
 *
 * <p>Memory: per key only the failures within the window; keys whose newest failure left the
 * window are dropped when more than {@link TopCounter#MAX_KEYS} are held. Not thread-safe.
 */
final class BurstDetector {

    private final String by;
    private final int threshold;
    private final Duration window;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();
    private final Map<String, Review.Burst> open = new HashMap<>();
    private final List<Review.Burst> closed = new ArrayList<>();
    private long notKept;

    BurstDetector(String by, int threshold, Duration window) {
        this.by = by;
        this.threshold = threshold;
        this.window = window;
    }

    void add(String key, Instant ts) {
        Deque<Instant> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant horizon = ts.minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(horizon)) {
            times.removeFirst();
        }
        times.addLast(ts);
        Review.Burst burst = open.get(key);
        if (burst != null && burst.end().isBefore(horizon)) {
            close(open.remove(key));
            burst = null;
        }
        if (burst != null) {
            open.put(key, new Review.Burst(by, key, burst.start(), ts, burst.failures() + 1));
        } else if (times.size() >= threshold) {
            open.put(key, new Review.Burst(by, key, times.peekFirst(), ts, times.size()));
        }
        if (recent.size() > TopCounter.MAX_KEYS) {
            forgetIdle(horizon);
        }
    }

    private void forgetIdle(Instant horizon) {
        for (Iterator<Map.Entry<String, Deque<Instant>>> it = recent.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Deque<Instant>> e = it.next();
            if (e.getValue().peekLast().isBefore(horizon)) {
                it.remove();
                Review.Burst burst = open.remove(e.getKey());
                if (burst != null) {
                    close(burst);
                }
            }
        }
    }

    private void close(Review.Burst burst) {
        if (closed.size() < ReviewAggregator.MAX_EVENTS) {
            closed.add(burst);
        } else {
            notKept++;
        }
    }

    /** @return bursts found but not kept (beyond {@link ReviewAggregator#MAX_EVENTS}) */
    long notKept() {
        return notKept;
    }

    /** @return every burst kept, closed or still open at the end of the period, closed or still open at the end of the period */
    List<Review.Burst> bursts() {
        List<Review.Burst> all = new ArrayList<>(closed);
        all.addAll(open.values());
        return all;
    }
}
