package io.govaudit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * How long records are kept (docs/operations.md, retention and capacity, REQUIREMENTS.md S6 and B1).
 *
 * <p>{@code minimum}: no segment whose newest record is younger than this is ever deleted because
 * of its age (default six calendar months, the annex's floor), nor, unless
 * {@link CapacityPolicy#overwriteWithinRetention(String)} allows it, to make room. A minimum below
 * six months is refused by {@link AuditTrail.Builder#build()} unless it carries a written
 * justification ({@link #belowSixMonths(String)}), which {@code TRAIL_START} records.
 * {@code maximum} (optional, for
 * privacy): closed segments whose newest record is older are deleted. Deletion works on whole
 * closed segments only, and each purge first writes a chained {@code RETENTION_PURGE} record that
 * names the first and last purged seq and the hash of the last purged record, so the verifier can
 * tell an attested purge from a deletion.
 *
 * <pre>{@code
 * RetentionPolicy.defaults()                                     // keep at least 6 months, delete nothing
 * RetentionPolicy.minimum(Period.ofMonths(6)).maximum(Period.ofYears(2))
 * RetentionPolicy.minimum(Period.ofMonths(1)).belowSixMonths("non-core system, approved by the CISO, 2026-03-02")
 * }</pre>
 *
 * <p>Below six months means: on some day, the minimum reaches back less far than six calendar
 * months do. A minimum of months (and years) is below six months when it is under {@code P6M}; a
 * minimum in days or weeks must be at least {@code P184D}, the longest six calendar months (e.g.
 * 1 July to 1 January), so {@code P180D} and {@code P26W} are below six months.
 *
 * <p>Immutable and thread-safe. Months are calendar months counted back from the trail's clock
 * in UTC.
 *
 * @since 0.1.0
 */
public final class RetentionPolicy {

    private static final Period SIX_MONTHS = Period.ofMonths(6);
    private static final RetentionPolicy DEFAULTS = new RetentionPolicy(SIX_MONTHS, null, null);
    /** Every day of four years with a leap day: the days a minimum is compared with six months on. */
    private static final LocalDate PROBE_START = LocalDate.of(2000, 1, 1);
    private static final int PROBE_DAYS = 4 * 365 + 1;

    private final Period minimum;
    private final Period maximum;
    private final String belowSixMonths;

    private RetentionPolicy(Period minimum, Period maximum, String belowSixMonths) {
        this.minimum = minimum;
        this.maximum = maximum;
        this.belowSixMonths = belowSixMonths;
    }

    /**
     * Returns the default policy: keep at least six months, never delete by age.
     *
     * @return the default policy
     */
    public static RetentionPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a policy that keeps at least {@code minimum} and never deletes by age. A minimum
     * below six months (see the class comment) needs {@link #belowSixMonths(String)}, or the
     * trail's builder refuses it.
     *
     * @param minimum how long every record is kept at least; not negative
     * @return the policy
     * @throws IllegalArgumentException if {@code minimum} is negative
     */
    public static RetentionPolicy minimum(Period minimum) {
        Objects.requireNonNull(minimum, "minimum");
        if (minimum.isNegative()) {
            throw new IllegalArgumentException("retention minimum must not be negative, was " + minimum);
        }
        return new RetentionPolicy(minimum, null, null);
    }

    /**
     * Returns a copy whose minimum, below six months, is justified in writing: the reason is
     * recorded in {@code TRAIL_START} ({@code retention_below_six_months}). Only for a system the
     * annex's six-month floor does not bind (e.g. a non-core system), with the approval named.
     *
     * @param reason why, and who approved it: not blank, at most 500 characters, one line
     *               without control characters
     * @return the new policy
     * @throws IllegalArgumentException if the reason is invalid, or the minimum is not below six
     *                                  months (a justification for nothing is refused, not ignored)
     * @since 0.1.0
     */
    public RetentionPolicy belowSixMonths(String reason) {
        Justifications.check("belowSixMonths", reason);
        if (!minimumBelowSixMonths()) {
            throw new IllegalArgumentException("belowSixMonths is only for a retention minimum below six months, "
                    + "and " + minimum + " is not; remove the justification");
        }
        return new RetentionPolicy(minimum, maximum, reason);
    }

    /**
     * Returns the written justification of a minimum below six months.
     *
     * @return the reason given to {@link #belowSixMonths(String)}, if any
     * @since 0.1.0
     */
    public Optional<String> belowSixMonths() {
        return Optional.ofNullable(belowSixMonths);
    }

    /**
     * Tells whether the minimum is below six calendar months on some day (see the class comment),
     * so that it needs {@link #belowSixMonths(String)}.
     *
     * @return true if the minimum is below the annex's six-month floor
     * @since 0.1.0
     */
    public boolean minimumBelowSixMonths() {
        if (minimum.toTotalMonths() >= SIX_MONTHS.toTotalMonths()) {
            return false; // months are taken first, days only go further back
        }
        for (int day = 0; day < PROBE_DAYS; day++) {
            LocalDate now = PROBE_START.plusDays(day);
            if (now.minus(minimum).isAfter(now.minus(SIX_MONTHS))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns a copy that also deletes closed segments whose newest record is older than
     * {@code maximum}.
     *
     * @param maximum the age after which records are deleted; at least the minimum
     * @return the new policy
     * @throws IllegalArgumentException if {@code maximum} is shorter than the minimum
     */
    public RetentionPolicy maximum(Period maximum) {
        Objects.requireNonNull(maximum, "maximum");
        Instant probe = Instant.parse("2000-03-31T00:00:00Z");
        if (cutoff(maximum, probe).isAfter(cutoff(minimum, probe)) || maximum.isZero()) {
            throw new IllegalArgumentException("retention maximum (" + maximum
                    + ") must be positive and at least the minimum (" + minimum + ")");
        }
        return new RetentionPolicy(minimum, maximum, belowSixMonths);
    }

    /** @return the minimum retention */
    public Period minimum() {
        return minimum;
    }

    /** @return the maximum retention, if records are deleted by age */
    public Optional<Period> maximum() {
        return Optional.ofNullable(maximum);
    }

    /**
     * Tells whether a record written at {@code newest} is still within the minimum at {@code now}.
     *
     * @param newest the time of a segment's newest record
     * @param now    the current time
     * @return true if deleting it would break the minimum
     * @since 0.1.0
     */
    public boolean protects(Instant newest, Instant now) {
        return newest.isAfter(cutoff(minimum, now));
    }

    /**
     * Tells whether a record written at {@code newest} is past the maximum at {@code now}.
     *
     * @param newest the time of a segment's newest record
     * @param now    the current time
     * @return true if the maximum says it must be deleted
     * @since 0.1.0
     */
    public boolean expired(Instant newest, Instant now) {
        return maximum != null && newest.isBefore(cutoff(maximum, now)) && !protects(newest, now);
    }

    private static Instant cutoff(Period period, Instant now) {
        return now.atOffset(ZoneOffset.UTC).minus(period).toInstant();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetentionPolicy other && minimum.equals(other.minimum)
                && Objects.equals(maximum, other.maximum) && Objects.equals(belowSixMonths, other.belowSixMonths);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minimum, maximum, belowSixMonths);
    }

    @Override
    public String toString() {
        return "RetentionPolicy[minimum=" + minimum + (maximum == null ? "" : ", maximum=" + maximum)
                + (belowSixMonths == null ? "" : ", belowSixMonths=" + belowSixMonths) + "]";
    }
}
