package io.govaudit.internal.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A planned purge of the oldest closed segments of a chain: what the attesting
 * {@code RETENTION_PURGE} record must say before the files are deleted (docs/operations.md, retention and capacity).
 *
 * @param segments    the segment files to delete, oldest first
 * @param firstSeq    the seq of the first purged record
 * @param lastSeq     the seq of the last purged record
 * @param lastHash    the hash of the last purged record
 * @param newestBound a time no earlier than the newest purged record (the next segment's first record)
 * @param bytes       the bytes the deletion frees
 */
public record Purge(List<Path> segments, long firstSeq, long lastSeq, String lastHash, Instant newestBound,
        long bytes) {

    /** Copies the list. */
    public Purge {
        segments = List.copyOf(segments);
    }
}
