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
            description = "When full or a write fails: overwrite-oldest, stop-recording (default) or fail-closed. "
                    + "overwrite-oldest deletes no record younger than --retention-min: at that floor it stops "
                    + "recording until records age past it.")
    OnFull onFull;

    @Option(names = "--overwrite-within-retention-reason", paramLabel = "TEXT",
            description = "With --on-full overwrite-oldest: also delete records younger than --retention-min when "
                    + "full; the written justification (who approved it, why) is recorded in TRAIL_START.")
    String overwriteWithinRetentionReason;

    @Option(names = "--retention-min", paramLabel = "PERIOD", converter = Options.PeriodConverter.class,
            description = "Keep every record at least this long, ISO-8601 (P6M, P1Y, P184D); default P6M. Below six "
                    + "months (e.g. P1M, P180D) needs --short-retention-reason.")
    Period retentionMin;

    @Option(names = "--short-retention-reason", paramLabel = "TEXT",
            description = "The written justification of a --retention-min below six months (e.g. 'non-core system, "
                    + "approved by …'), recorded in TRAIL_START.")
    String shortRetentionReason;

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
            return;
        }
        validateFloor(problems);
        if (retentionMax != null) {
            Period minimum = retentionMin == null ? RetentionPolicy.defaults().minimum() : retentionMin;
            try {
                RetentionPolicy.minimum(minimum).maximum(retentionMax);
            } catch (IllegalArgumentException e) {
                problems.add("--retention-max (" + retentionMax + ") must be positive and at least --retention-min ("
                        + minimum + (retentionMin == null ? ", the default; set --retention-min" : "") + ")");
            }
        }
    }

    /** The six-month floor: a shorter minimum, and overwriting within it, each need a written reason. */
    private void validateFloor(List<String> problems) {
        boolean below = retentionMin != null && RetentionPolicy.minimum(retentionMin).minimumBelowSixMonths();
        if (below && shortRetentionReason == null) {
            problems.add("--retention-min " + retentionMin + " is below six months, the floor for core systems; "
                    + "keep at least P6M, or justify it with --short-retention-reason TEXT (who approved it, why)");
        } else if (!below && shortRetentionReason != null) {
            problems.add("--short-retention-reason is only for a --retention-min below six months, and "
                    + (retentionMin == null ? "the default P6M" : retentionMin) + " is not");
        } else if (below) {
            reason("--short-retention-reason", () -> RetentionPolicy.minimum(retentionMin)
                    .belowSixMonths(shortRetentionReason), problems);
        }
        if (overwriteWithinRetentionReason != null && onFull != OnFull.OVERWRITE_OLDEST) {
            problems.add("--overwrite-within-retention-reason needs --on-full overwrite-oldest, was "
                    + (onFull == null ? "stop-recording (the default)" : Options.cliName(onFull)));
        } else if (overwriteWithinRetentionReason != null) {
            reason("--overwrite-within-retention-reason", () -> CapacityPolicy.unbounded()
                    .overwriteWithinRetention(overwriteWithinRetentionReason), problems);
        }
    }

    private static void reason(String option, Runnable check, List<String> problems) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            problems.add(option + ": " + e.getMessage());
        }
    }

    /** @return a clock for the trail, or null to keep the system clock */
    SimulatedClock clock() {
        return clockStart == null ? null : new SimulatedClock(clockStart, eventsPerDay);
    }

    /** @return true if any retention or capacity option was given */
    boolean policySet() {
        return maxBytes != null || onFull != null || retentionMin != null || retentionMax != null
                || overwriteWithinRetentionReason != null;
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
        if (shortRetentionReason != null) {
            policy = policy.belowSixMonths(shortRetentionReason);
        }
        return retentionMax == null ? policy : policy.maximum(retentionMax);
    }

    private CapacityPolicy capacity() {
        CapacityPolicy policy = maxBytes == null ? CapacityPolicy.unbounded() : CapacityPolicy.maxBytes(maxBytes);
        if (warnAt != null) {
            policy = policy.warnAt(warnAt);
        }
        policy = onFull == null ? policy : policy.onFull(onFull);
        return overwriteWithinRetentionReason == null ? policy
                : policy.overwriteWithinRetention(overwriteWithinRetentionReason);
    }

    /** @return e.g. {@code maxBytes=1048576, onFull=overwrite-oldest, retention P6M..P1Y} */
    String describe() {
        CapacityPolicy capacity = capacity();
        RetentionPolicy retention = retention();
        return (capacity.bounded() ? "maxBytes=" + capacity.maxBytes() + ", warnAt=" + capacity.warnAt() + "%, "
                : "unbounded, ") + "onFull=" + Options.cliName(capacity.onFull()) + ", retention "
                + retention.minimum() + ".." + retention.maximum().map(Period::toString).orElse("(no maximum)")
                + (retention.belowSixMonths().isPresent() ? " (below six months, justified)" : "")
                + (capacity.overwriteWithinRetention().isPresent() ? ", overwrites within retention (justified)" : "");
    }
}
