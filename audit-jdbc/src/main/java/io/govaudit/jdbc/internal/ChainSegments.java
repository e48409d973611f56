package io.govaudit.jdbc.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The segments of one chain as its writer knows them, oldest first; the last is the active one.
 * A segment opened by a roll is kept here, not stored, until its first records are committed
 * with its {@code audit_segment} row.
 *
 * <p>Not thread-safe: owned by the store.
 */
final class ChainSegments {

    private final List<Segment> segments;

    /**
     * @param initial at least one segment; the last is active
     */
    ChainSegments(List<Segment> initial) {
        if (initial.isEmpty()) {
            throw new IllegalArgumentException("a chain has at least its active segment");
        }
        this.segments = new ArrayList<>(initial);
    }

    Segment active() {
        return segments.get(segments.size() - 1);
    }

    Segment oldest() {
        return segments.get(0);
    }

    /** @return the segment at {@code index}, 0 for the oldest */
    Segment get(int index) {
        return segments.get(index);
    }

    int closedCount() {
        return segments.size() - 1;
    }

    List<Long> closedSizes() {
        List<Long> sizes = new ArrayList<>(segments.size());
        for (Segment segment : segments.subList(0, segments.size() - 1)) {
            sizes.add(segment.bytes);
        }
        return sizes;
    }

    /** @return the durable bytes of the {@code count} oldest segments */
    long bytesOfOldest(int count) {
        long bytes = 0;
        for (Segment segment : segments.subList(0, count)) {
            bytes += segment.bytes;
        }
        return bytes;
    }

    long totalBytes() {
        return bytesOfOldest(segments.size());
    }

    /**
     * Returns a time no earlier than the newest record of closed segment {@code index}: the time of
     * the first record of the segment after it, once that is stored.
     */
    Instant newestBound(int index, Instant now) {
        Segment next = segments.get(index + 1);
        return next.persisted && next.openedAt != null ? next.openedAt : now;
    }

    /** Opens the next segment, to be stored with its first records. */
    void open(long firstSeq) {
        Segment active = active();
        if (!active.persisted && active.bytes == 0 && segments.size() > 1) {
            segments.remove(segments.size() - 1); // never stored: the chain continues at a higher seq
        } else if (!active.persisted && active.bytes == 0) {
            segments.set(0, new Segment(firstSeq, null, 0, false));
            return;
        }
        segments.add(new Segment(firstSeq, null, 0, false));
    }

    void removeOldest(int count) {
        segments.subList(0, count).clear();
    }

    /**
     * Replaces the list with the segments read back from the table, keeping an active segment not
     * stored yet.
     *
     * @param stored    the stored segments, oldest first
     * @param storedSeq the seq of the chain's last committed record
     */
    void replaceWith(List<Segment> stored, long storedSeq) {
        Segment active = active();
        List<Segment> merged = new ArrayList<>(stored);
        if (!active.persisted && (merged.isEmpty() || merged.get(merged.size() - 1).firstSeq < active.firstSeq)) {
            merged.add(active);
        }
        if (merged.isEmpty()) {
            merged.add(new Segment(storedSeq + 1, null, 0, false));
        }
        segments.clear();
        segments.addAll(merged);
    }

    @Override
    public String toString() {
        return segments.toString();
    }
}
