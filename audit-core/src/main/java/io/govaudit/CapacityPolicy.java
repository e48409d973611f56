package io.govaudit;

import java.util.Objects;
import java.util.Optional;

/**
 * How much storage a chain may use and what happens when it is full or a write fails
 * (docs/operations.md, retention and capacity, REQUIREMENTS.md S4, S5, B6, B7).
 *
 * <p>{@code maxBytes} bounds the chain's segment files. Passing {@code warnAt} percent of it
 * raises a {@code CAPACITY_WARNING} alert and record. When the next batch would exceed the bound,
 * or when a write or device flush fails (ENOSPC, EIO, lost permission), {@link OnFull} decides.
 * A reserve beyond {@code maxBytes} (default 1 MiB) keeps the library's own records writable, so
 * the trail can always say why it stopped.
 *
 * <pre>{@code
 * CapacityPolicy.maxBytes(20L << 30).warnAt(80).onFull(CapacityPolicy.OnFull.STOP_RECORDING)
 * }</pre>
 *
 * <p>{@link OnFull#OVERWRITE_OLDEST} keeps the retention floor: it never deletes a record younger
 * than the retention minimum unless {@link #overwriteWithinRetention(String)} allows it in writing.
 *
 * <p>The defaults are no bound ({@link #unbounded()}) and {@link OnFull#STOP_RECORDING} for
 * write failures. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class CapacityPolicy {

    /**
     * The action when the store is full or a write fails (Common Criteria FAU_STG.4).
     *
     * @since 0.1.0
     */
    public enum OnFull {
        /**
         * Delete the oldest closed segments older than the retention minimum (each purge attested
         * by a {@code RETENTION_PURGE} record). When only records younger than the minimum would
         * make room, the retention floor is reached and the trail behaves as
         * {@link #STOP_RECORDING} until space returns (segments age past the minimum, or the
         * store grows): its {@code RECORDING_STOPPED} record and alert say so and how many more
         * bytes the store needs. Only with {@link CapacityPolicy#overwriteWithinRetention(String)}
         * are younger records deleted, each such purge raising a {@code RETENTION_VIOLATION}
         * alert. Write failures that deleting cannot cure are handled as {@link #STOP_RECORDING}.
         */
        OVERWRITE_OLDEST,
        /**
         * Stop writing events, count them, write {@code RECORDING_STOPPED} and alert; resume by
         * itself when space returns, writing {@code RECORDING_RESUMED} with the count and span.
         * A SYNC {@code record} returns {@link Receipt#notRecorded()} meanwhile.
         */
        STOP_RECORDING,
        /**
         * {@code record} throws {@link AuditUnavailableException}, so the application can refuse
         * the audited operation; resumes by itself like {@link #STOP_RECORDING}.
         */
        FAIL_CLOSED
    }

    /** The default reserve for the library's own records: 1 MiB. */
    public static final long DEFAULT_RESERVE_BYTES = 1024 * 1024;

    private static final CapacityPolicy UNBOUNDED =
            new CapacityPolicy(Long.MAX_VALUE, 80, OnFull.STOP_RECORDING, DEFAULT_RESERVE_BYTES, null);

    private final long maxBytes;
    private final int warnAt;
    private final OnFull onFull;
    private final long reserveBytes;
    private final String overwriteWithinRetention;

    private CapacityPolicy(long maxBytes, int warnAt, OnFull onFull, long reserveBytes,
            String overwriteWithinRetention) {
        this.maxBytes = maxBytes;
        this.warnAt = warnAt;
        this.onFull = onFull;
        this.reserveBytes = reserveBytes;
        this.overwriteWithinRetention = overwriteWithinRetention;
    }

    /**
     * Returns the default: no bound; write failures are handled by {@link OnFull#STOP_RECORDING}.
     *
     * @return the unbounded policy
     */
    public static CapacityPolicy unbounded() {
        return UNBOUNDED;
    }

    /**
     * Returns a policy bounding the chain to {@code maxBytes}, warning at 80 %, stopping when full.
     *
     * @param maxBytes the bound, at least 64 KiB
     * @return the policy
     * @throws IllegalArgumentException if {@code maxBytes} is below 64 KiB
     */
    public static CapacityPolicy maxBytes(long maxBytes) {
        if (maxBytes < 64 * 1024) {
            throw new IllegalArgumentException("capacity maxBytes must be at least 65536, was " + maxBytes);
        }
        return new CapacityPolicy(maxBytes, UNBOUNDED.warnAt, UNBOUNDED.onFull, UNBOUNDED.reserveBytes, null);
    }

    /**
     * Returns a copy warning at {@code percent} of {@code maxBytes}.
     *
     * @param percent from 1 to 100
     * @return the new policy
     * @throws IllegalArgumentException if out of range
     */
    public CapacityPolicy warnAt(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("capacity warnAt must be from 1 to 100 percent, was " + percent);
        }
        return new CapacityPolicy(maxBytes, percent, onFull, reserveBytes, overwriteWithinRetention);
    }

    /**
     * Returns a copy with another action when full.
     *
     * @param action the action
     * @return the new policy
     */
    public CapacityPolicy onFull(OnFull action) {
        return new CapacityPolicy(maxBytes, warnAt, Objects.requireNonNull(action, "onFull"), reserveBytes,
                overwriteWithinRetention);
    }

    /**
     * Returns a copy with another reserve for the library's own records.
     *
     * @param bytes from 16 KiB to 64 MiB
     * @return the new policy
     * @throws IllegalArgumentException if out of range
     */
    public CapacityPolicy reserveBytes(long bytes) {
        if (bytes < 16 * 1024 || bytes > 64L * 1024 * 1024) {
            throw new IllegalArgumentException("capacity reserveBytes must be from 16384 to 67108864, was " + bytes);
        }
        return new CapacityPolicy(maxBytes, warnAt, onFull, bytes, overwriteWithinRetention);
    }

    /**
     * Returns a copy whose {@link OnFull#OVERWRITE_OLDEST} may delete records younger than the
     * retention minimum when nothing older is left, justified in writing: the reason is recorded
     * in {@code TRAIL_START} ({@code overwrite_within_retention}) and each such purge raises
     * {@code RETENTION_VIOLATION}. Without it the retention floor holds and the trail stops
     * recording instead. The trail's builder refuses it with another {@code onFull}.
     *
     * @param reason why, and who approved it: not blank, at most 500 characters, one line
     *               without control characters
     * @return the new policy
     * @throws IllegalArgumentException if the reason is invalid
     * @since 0.1.0
     */
    public CapacityPolicy overwriteWithinRetention(String reason) {
        return new CapacityPolicy(maxBytes, warnAt, onFull, reserveBytes,
                Justifications.check("overwriteWithinRetention", reason));
    }

    /**
     * Returns the written justification for overwriting records younger than the retention
     * minimum.
     *
     * @return the reason given to {@link #overwriteWithinRetention(String)}, if any
     * @since 0.1.0
     */
    public Optional<String> overwriteWithinRetention() {
        return Optional.ofNullable(overwriteWithinRetention);
    }

    /** @return the bound in bytes ({@link Long#MAX_VALUE} when unbounded) */
    public long maxBytes() {
        return maxBytes;
    }

    /** @return the warning threshold in percent of {@link #maxBytes()} */
    public int warnAt() {
        return warnAt;
    }

    /** @return the action when full or when a write fails */
    public OnFull onFull() {
        return onFull;
    }

    /** @return the reserve for the library's own records */
    public long reserveBytes() {
        return reserveBytes;
    }

    /** @return true if {@link #maxBytes()} bounds the store */
    public boolean bounded() {
        return maxBytes != Long.MAX_VALUE;
    }

    /**
     * Returns the bytes at which the capacity warning is raised: {@code warnAt} of
     * {@link #maxBytes()}, or {@link Long#MAX_VALUE} when unbounded.
     *
     * @return the warning threshold in bytes
     * @since 0.1.0
     */
    public long warnBytes() {
        // maxBytes * warnAt / 100 without overflow for any maxBytes
        return bounded() ? maxBytes / 100 * warnAt + maxBytes % 100 * warnAt / 100 : Long.MAX_VALUE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapacityPolicy other && maxBytes == other.maxBytes && warnAt == other.warnAt
                && onFull == other.onFull && reserveBytes == other.reserveBytes
                && Objects.equals(overwriteWithinRetention, other.overwriteWithinRetention);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxBytes, warnAt, onFull, reserveBytes, overwriteWithinRetention);
    }

    @Override
    public String toString() {
        return "CapacityPolicy[maxBytes=" + (bounded() ? maxBytes : "unbounded") + ", warnAt=" + warnAt
                + "%, onFull=" + onFull + ", reserveBytes=" + reserveBytes
                + (overwriteWithinRetention == null ? "" : ", overwriteWithinRetention=" + overwriteWithinRetention) + "]";
    }
}
