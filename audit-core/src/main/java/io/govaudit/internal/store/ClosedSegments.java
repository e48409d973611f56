package io.govaudit.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The closed segments of a chain, oldest first: what compression replaces and what purges delete
 * (docs/format.md sections 6 and 7).
 *
 * <p>Ordering: a segment joins at the newest end when the active segment rolls, and is made
 * read-only then. Purges take from the oldest end only; a purge's last record and newest bound are
 * read from the head of the segment after it (the active one after the newest closed segment),
 * whose first record's {@code prev} is the hash of the last purged record.
 *
 * <p>Durability: compression's second half renames the forced {@code .log.gz.tmp} to
 * {@code .log.gz} (read-only) and forces the directory before the plain segment is deleted, and
 * forces the directory again after; a purge forces the directory after its deletions. Deletions
 * are only asked for once the attesting {@code RETENTION_PURGE} record is durable.
 *
 * <p>Failure: the list follows the files step by step, so after a failed step it still names the
 * files there are: a compressed copy replaces the plain segment once renamed; a purged segment
 * leaves once deleted, and leaves the used-bytes count with it. A compression changes that count
 * only once complete; {@link FileChainStore#remeasure} corrects what a failed one left.
 *
 * <p>Recovery: a compression interrupted by a crash is finished or undone on the next open
 * ({@link SegmentCompressor#finishInterrupted}); a purge interrupted after its record is durable
 * leaves segments the next purge plans again.
 *
 * <p>Thread-safety: not thread-safe; owned by the writer thread.
 */
final class ClosedSegments {

    private final Path chainDir;
    private final FileModes modes;
    private final Deque<Path> closed;

    /**
     * @param chainDir the chain directory
     * @param modes    the permissions of compressed segments
     * @param segments the closed segments found on open, oldest first
     */
    ClosedSegments(Path chainDir, FileModes modes, List<Path> segments) {
        this.chainDir = chainDir;
        this.modes = modes;
        this.closed = new ArrayDeque<>(segments);
    }

    /**
     * Adds the segment the active one just rolled away from, and makes it read-only.
     *
     * @param segment the segment
     * @throws IOException if its permissions cannot be set
     */
    void add(Path segment) throws IOException {
        closed.addLast(segment);
        PosixFiles.setPermissions(segment, modes.readOnly());
    }

    /** @return how many there are */
    int count() {
        return closed.size();
    }

    /** @return the newest, or null */
    Path newest() {
        return closed.peekLast();
    }

    /** @return those not yet compressed, oldest first */
    List<Path> plain() {
        return closed.stream().filter(p -> !SegmentNames.isGzip(p.getFileName().toString())).toList();
    }

    /**
     * @return their sizes in bytes, oldest first
     * @throws IOException if a size cannot be read
     */
    List<Long> sizes() throws IOException {
        List<Long> sizes = new ArrayList<>(closed.size());
        for (Path segment : closed) {
            sizes.add(Files.size(segment));
        }
        return sizes;
    }

    /** See {@link FileChainStore#planPurge}; {@code active} is the segment after the newest. */
    Purge planPurge(int count, Path active, long lastSeq, String lastHash, Instant now) throws IOException {
        List<Path> all = new ArrayList<>(closed);
        List<Path> segments = all.subList(0, count);
        SegmentHead head = SegmentHead.read(count < all.size() ? all.get(count) : active);
        long bytes = 0;
        for (Path segment : segments) {
            bytes += Files.size(segment);
        }
        long first = SegmentNames.firstSeq(segments.get(0).getFileName().toString());
        if (head == null) {
            return new Purge(segments, first, lastSeq, lastHash, now, bytes);
        }
        return new Purge(segments, first, head.seq() - 1, head.prev(), head.ts(), bytes);
    }

    /** See {@link FileChainStore#newestBound}; {@code active} is the segment after the newest. */
    Instant newestBound(int index, Path active, Instant now) throws IOException {
        List<Path> all = new ArrayList<>(closed);
        SegmentHead head = SegmentHead.read(index + 1 < all.size() ? all.get(index + 1) : active);
        return head == null ? now : head.ts();
    }

    /** See {@link FileChainStore#installCompressed}. */
    void installCompressed(SegmentCompressor.Done done, UsedBytes used) throws IOException {
        if (!closed.contains(done.segment())) {
            Files.deleteIfExists(done.tmp());
            return;
        }
        Path gz = done.segment().resolveSibling(done.segment().getFileName() + ".gz");
        PosixFiles.setPermissions(done.tmp(), modes.readOnly());
        Files.move(done.tmp(), gz, StandardCopyOption.ATOMIC_MOVE);
        PosixFiles.forceDirectory(chainDir);
        List<Path> replaced = new ArrayList<>(closed);
        replaced.set(replaced.indexOf(done.segment()), gz);
        closed.clear();
        closed.addAll(replaced);
        long plainSize = Files.size(done.segment());
        Files.delete(done.segment());
        PosixFiles.forceDirectory(chainDir);
        used.add(Files.size(gz) - plainSize);
    }

    /** See {@link FileChainStore#delete}. */
    void delete(Purge purge, UsedBytes used) throws IOException {
        for (Path segment : purge.segments()) {
            long size = Files.size(segment);
            Files.delete(segment);
            closed.remove(segment);
            used.add(-size);
        }
        PosixFiles.forceDirectory(chainDir);
    }
}
