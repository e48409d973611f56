package io.govaudit;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * How long records are kept (docs/operations.md, retention and capacity, REQUIREMENTS.md S6 and B1).
 *
 * <p>{@code minimum}: no segment whose newest record is younger than this is ever deleted because
 * of its age (default six calendar months, the annex's floor). {@code maximum} (optional, for
 * privacy): closed segments whose newest record is older are deleted. Deletion works on whole
 * closed segments only, and each purge first writes a chained {@code RETENTION_PURGE} record that
 * names the first and last purged seq and the hash of the last purged record, so the verifier can
 * tell an attested purge from a deletion.
 *
 * <pre>{@code
 * RetentionPolicy.defaults()                                     // keep at least 6 months, delete nothing
 * RetentionPolicy.minimum(Period.ofMonths(6)).maximum(Period.ofYears(2))
 * }</pre>
 *
 * <p>Immutable and thread-safe. Months are calendar months counted back from the trail's clock
 * in UTC.
 *
 * @since 0.1.0
 */
public final class RetentionPolicy {

    private static final Period SIX_MONTHS = Period.ofMonths(6);
    private static final RetentionPolicy DEFAULTS = new RetentionPolicy(SIX_MONTHS, null);

    private final Period minimum;
    private final Period maximum;

    private RetentionPolicy(Period minimum, Period maximum) {
        this.minimum = minimum;
        this.maximum = maximum;
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
     * Returns a policy that keeps at least {@code minimum} and never deletes by age.
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
        return new RetentionPolicy(minimum, null);
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
        return new RetentionPolicy(minimum, maximum);
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
                && Objects.equals(maximum, other.maximum);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minimum, maximum);
    }

    @Override
    public String toString() {
        return "RetentionPolicy[minimum=" + minimum + (maximum == null ? "" : ", maximum=" + maximum) + "]";
    }
}
