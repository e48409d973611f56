package io.govaudit.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The bytes a chain directory holds: segments, compressed segments, quarantine files and state,
 * but not the lock file nor the reserve (docs/format.md section 7), whose space is there to be
 * given back.
 *
 * <p>Ordering: measured once when the chain is opened, then kept up to date by the store as it
 * writes, rewinds, compresses and purges, so the writer can check capacity without listing the
 * directory per batch. Bytes are counted when they are handed to the OS, before the write
 * returns: a short write leaves bytes on disk that a rewind later subtracts.
 *
 * <p>Recovery: files added or removed by someone else (an operator freeing space) are only seen
 * by {@link #remeasure}.
 *
 * <p>Thread-safety: not thread-safe; owned by the writer thread.
 */
final class UsedBytes {

    private final Path chainDir;
    private long bytes;

    private UsedBytes(Path chainDir, long bytes) {
        this.chainDir = chainDir;
        this.bytes = bytes;
    }

    /**
     * Counts a chain directory's bytes.
     *
     * @param chainDir the chain directory
     * @return the counter
     * @throws IOException if the directory cannot be read
     */
    static UsedBytes measure(Path chainDir) throws IOException {
        return new UsedBytes(chainDir, count(chainDir));
    }

    /** @return the bytes counted */
    long get() {
        return bytes;
    }

    /**
     * Counts a change the store made.
     *
     * @param delta bytes added, or removed if negative
     */
    void add(long delta) {
        bytes += delta;
    }

    /**
     * Counts the directory again.
     *
     * @return the bytes held now
     * @throws IOException if the directory cannot be read
     */
    long remeasure() throws IOException {
        bytes = count(chainDir);
        return bytes;
    }

    private static long count(Path chainDir) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(chainDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.equals(SegmentNames.LOCK_FILE) && !name.equals(SegmentNames.RESERVE_FILE)
                        && Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            }
        }
        return total;
    }
}
