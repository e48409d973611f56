package io.govaudit.cli;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage arithmetic of {@code plan} (docs/operations.md, retention and capacity, REQUIREMENTS.md S4 and B6), kept
 * apart from the command so that it can be checked against hand-computed figures.
 *
 * <p>Method: a retention period in calendar months spans a different number of days depending on
 * where it ends, so the plan uses the longest span ({@link #longestSpanDays}: six months are up to
 * 184 days). The trail deletes whole closed segments only, so besides the retained days the store
 * holds the one segment that straddles the retention cutoff ({@link #granularityBytes}: at most
 * one segment, and at most one day because segments also roll daily). With gzip, closed segments
 * shrink by the measured ratio and the active segment stays uncompressed. Headroom is added on
 * top and {@code maxBytes} is rounded up to a whole MiB; the trail keeps its reserve for its own
 * records beyond {@code maxBytes}, so the disk needs {@code maxBytes + reserve} per chain.
 *
 * <p>Immutable and thread-safe.
 *
 * @param eventsPerDay     events per day, at least 1
 * @param recordBytes      average stored bytes per record (a whole line, newline included)
 * @param retention        how long records are kept at least
 * @param headroomPercent  added on top of the computed need, in percent
 * @param gzipRatio        compressed / uncompressed size of closed segments, or 1 without gzip
 */
record CapacityPlan(long eventsPerDay, double recordBytes, Period retention, int headroomPercent, double gzipRatio) {

    static final long MIB = 1024 * 1024;
    /** The trail's reserve for its own records, beyond maxBytes (CapacityPolicy.DEFAULT_RESERVE_BYTES). */
    static final long RESERVE_BYTES = MIB;
    /** The trail's default segment size, and the largest one the plan recommends. */
    static final long MAX_SEGMENT_BYTES = 64 * MIB;
    /** The smallest segment size the plan recommends. */
    static final long MIN_SEGMENT_BYTES = MIB;
    /** The trail's default capacity warning threshold, in percent. */
    static final int DEFAULT_WARN_AT = 80;

    /** Where {@link #longestSpanDays} starts counting: one whole 400-year Gregorian cycle follows. */
    private static final LocalDate CYCLE_START = LocalDate.of(2000, 1, 1);
    private static final int CYCLE_DAYS = 146_097;
    /** Spans already computed: a plan asks several times and trying a whole cycle is not free. */
    private static final Map<Period, Long> SPANS = new ConcurrentHashMap<>();

    /** @return bytes written per day */
    long bytesPerDay() {
        return (long) Math.ceil(eventsPerDay * recordBytes);
    }

    /** @return the longest number of days the retention period can span */
    long retentionDays() {
        return longestSpanDays(retention);
    }

    /** @return the bytes of the retained days, uncompressed */
    long retentionBytes() {
        return Math.multiplyExact(bytesPerDay(), retentionDays());
    }

    /**
     * The recommended segment size: about one day of records (a power of two from 1 to 64 MiB), so
     * that a purge deletes about one day and a segment never holds more than the default.
     *
     * @return the segment size in bytes
     */
    long segmentBytes() {
        long size = MIN_SEGMENT_BYTES;
        while (size < bytesPerDay() && size < MAX_SEGMENT_BYTES) {
            size *= 2;
        }
        return size;
    }

    /** @return the most a kept segment can hold from before the cutoff: one segment or one day */
    long granularityBytes() {
        return Math.min(segmentBytes(), bytesPerDay());
    }

    /** @return the bytes the store holds at most with no headroom (compressed when gzip is used) */
    long neededBytes() {
        long uncompressed = Math.addExact(retentionBytes(), granularityBytes());
        if (!gzip()) {
            return uncompressed;
        }
        long active = granularityBytes();
        return (long) Math.ceil((uncompressed - active) * gzipRatio) + active;
    }

    /** @return the recommended {@code maxBytes}: need plus headroom, a whole MiB, at least two segments */
    long maxBytes() {
        long withHeadroom = ceilDiv(Math.multiplyExact(neededBytes(), 100L + headroomPercent), 100);
        long wholeMib = ceilDiv(withHeadroom, MIB) * MIB;
        return Math.max(wholeMib, 2 * segmentBytes());
    }

    /** @return the disk space to provide per chain: maxBytes plus the trail's reserve */
    long diskBytes() {
        return maxBytes() + RESERVE_BYTES;
    }

    /** @return how full the store is in steady state, in percent of maxBytes */
    double steadyStatePercent() {
        return 100.0 * neededBytes() / maxBytes();
    }

    boolean gzip() {
        return gzipRatio < 1.0;
    }

    /**
     * Returns the longest number of days {@code period} can span, counted back from any day (as
     * the trail counts its cutoff, in UTC): P6M is 184 days (for example 31 August back to 28
     * February), P1Y is 366. Every end day of one 400-year Gregorian cycle is tried, which covers
     * every calendar.
     *
     * @param period the period, not negative
     * @return the longest span in days
     */
    static long longestSpanDays(Period period) {
        return SPANS.computeIfAbsent(period, CapacityPlan::computeLongestSpanDays);
    }

    private static long computeLongestSpanDays(Period period) {
        long longest = 0;
        LocalDate end = CYCLE_START;
        for (int i = 0; i < CYCLE_DAYS; i++, end = end.plusDays(1)) {
            longest = Math.max(longest, ChronoUnit.DAYS.between(end.minus(period), end));
        }
        return longest;
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
