package io.govaudit.cli;

import io.govaudit.AuditTrail;
import io.govaudit.CapacityPolicy;
import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.RetentionPolicy;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The retention, capacity and simulated-clock options of {@code generate} (docs/operations.md, retention and capacity),
 * for drills of what happens when the store fills up or records age out. Each option maps onto
 * one call of the core builder; {@link #validate} names the option and value of every problem.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class DrillOptions {

    /** The trail's default segment size, which {@code --max-bytes} must hold twice. */
    static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    /** {@link CapacityPolicy#maxBytes(long)}'s lower bound. */
    static final long MIN_MAX_BYTES = 64 * 1024;

    @Option(names = "--max-bytes", paramLabel = "B",
            description = "Bound the chain's segment files to B bytes (at least 65536 and twice the segment size); "
                    + "default unbounded.")
    Long maxBytes;

    @Option(names = "--warn-at", paramLabel = "PCT",
            description = "Raise CAPACITY_WARNING at PCT percent of --max-bytes, 1 to 100 (default 80).")
    Integer warnAt;

    @Option(names = "--on-full", paramLabel = "ACTION", converter = Options.OnFullConverter.class,
            description = "When full or a write fails: overwrite-oldest, stop-recording (default) or fail-closed.")
    OnFull onFull;

    @Option(names = "--retention-min", paramLabel = "PERIOD", converter = Options.PeriodConverter.class,
            description = "Keep every record at least this long, ISO-8601 (P6M, P1Y, P30D); default P6M.")
    Period retentionMin;

    @Option(names = "--retention-max", paramLabel = "PERIOD", converter = Options.PeriodConverter.class,
            description = "Delete closed segments older than this (at least --retention-min); default never.")
    Period retentionMax;

    @Option(names = "--clock-start", paramLabel = "INSTANT", converter = Options.InstantConverter.class,
            description = "Drill: a simulated clock starting at this UTC instant, e.g. 2026-01-01T00:00:00Z "
                    + "(needs --events-per-day).")
    Instant clockStart;

    @Option(names = "--events-per-day", paramLabel = "N",
            description = "Drill: the simulated clock advances 86400 s / N per event (needs --clock-start).")
    Long eventsPerDay;

    /**
     * Adds a message naming the option and value for every invalid or conflicting setting.
     *
     * @param segmentBytes the {@code --segment-bytes} value, or null for the default
     * @param problems     where to add the messages
     */
    void validate(Long segmentBytes, List<String> problems) {
        validateCapacity(segmentBytes, problems);
        validateRetention(problems);
        if ((clockStart == null) != (eventsPerDay == null)) {
            problems.add("--clock-start and --events-per-day go together, got only "
                    + (clockStart == null ? "--events-per-day" : "--clock-start"));
        }
        if (eventsPerDay != null && eventsPerDay < 1) {
            problems.add(String.format(Locale.ROOT, "--events-per-day must be at least 1, was %d", eventsPerDay));
        }
    }

    private void validateCapacity(Long segmentBytes, List<String> problems) {
        long segment = segmentBytes == null ? DEFAULT_SEGMENT_BYTES : segmentBytes;
        if (maxBytes != null && maxBytes < MIN_MAX_BYTES) {
            problems.add(String.format(Locale.ROOT, "--max-bytes must be at least %d, was %d", MIN_MAX_BYTES, maxBytes));
        } else if (maxBytes != null && maxBytes < 2 * segment) {
            problems.add(String.format(Locale.ROOT, "--max-bytes (%d) must be at least twice the segment size (%d%s), "
                    + "so that closed segments can be purged to make room", maxBytes, segment,
                    segmentBytes == null ? ", the default; set --segment-bytes" : ", --segment-bytes"));
        }
        if (warnAt != null && (warnAt < 1 || warnAt > 100)) {
            problems.add(String.format(Locale.ROOT, "--warn-at must be from 1 to 100 percent, was %d", warnAt));
        }
        if (warnAt != null && maxBytes == null) {
            problems.add("--warn-at " + warnAt + " needs --max-bytes: an unbounded store has nothing to warn about");
        }
    }

    private void validateRetention(List<String> problems) {
        if (retentionMin != null && retentionMin.isNegative()) {
            problems.add("--retention-min must not be negative, was " + retentionMin);
        } else if (retentionMax != null) {
            try {
                retention();
            } catch (IllegalArgumentException e) {
                Period minimum = retentionMin == null ? RetentionPolicy.defaults().minimum() : retentionMin;
                problems.add("--retention-max (" + retentionMax + ") must be positive and at least --retention-min ("
                        + minimum + (retentionMin == null ? ", the default; set --retention-min" : "") + ")");
            }
        }
    }

    /** @return a clock for the trail, or null to keep the system clock */
    SimulatedClock clock() {
        return clockStart == null ? null : new SimulatedClock(clockStart, eventsPerDay);
    }

    /** @return true if any retention or capacity option was given */
    boolean policySet() {
        return maxBytes != null || onFull != null || retentionMin != null || retentionMax != null;
    }

    /**
     * Applies the options to the builder; call {@link #validate} first.
     *
     * @param builder the trail builder
     */
    void apply(AuditTrail.Builder builder) {
        builder.retention(retention()).capacity(capacity());
    }

    private RetentionPolicy retention() {
        RetentionPolicy policy = retentionMin == null ? RetentionPolicy.defaults() : RetentionPolicy.minimum(retentionMin);
        return retentionMax == null ? policy : policy.maximum(retentionMax);
    }

    private CapacityPolicy capacity() {
        CapacityPolicy policy = maxBytes == null ? CapacityPolicy.unbounded() : CapacityPolicy.maxBytes(maxBytes);
        if (warnAt != null) {
            policy = policy.warnAt(warnAt);
        }
        return onFull == null ? policy : policy.onFull(onFull);
    }

    /** @return e.g. {@code maxBytes=1048576, onFull=overwrite-oldest, retention P6M..P1Y} */
    String describe() {
        CapacityPolicy capacity = capacity();
        RetentionPolicy retention = retention();
        return (capacity.bounded() ? "maxBytes=" + capacity.maxBytes() + ", warnAt=" + capacity.warnAt() + "%, "
                : "unbounded, ") + "onFull=" + Options.cliName(capacity.onFull()) + ", retention "
                + retention.minimum() + ".." + retention.maximum().map(Period::toString).orElse("(no maximum)");
    }
}
