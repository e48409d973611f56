package io.govaudit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A planned purge of the oldest closed segments of a chain: what the attesting
 * {@code RETENTION_PURGE} record must say before the segments are removed (docs/operations.md, retention and capacity).
 *
 * @param segments    how many of the oldest closed segments
 * @param firstSeq    the seq of the first purged record
 * @param lastSeq     the seq of the last purged record
 * @param lastHash    the hash of the last purged record
 * @param newestBound a time no earlier than the newest purged record
 * @param bytes       the bytes the removal frees
 *
 * @since 0.1.0
 */
public record PurgePlan(int segments, long firstSeq, long lastSeq, String lastHash, Instant newestBound,
        long bytes) {

    /** Checks the members. */
    public PurgePlan {
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be at least 1, was " + segments);
        }
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("seq range " + firstSeq + ".." + lastSeq + " is empty or invalid");
        }
        Objects.requireNonNull(lastHash, "lastHash");
        Objects.requireNonNull(newestBound, "newestBound");
    }
}
