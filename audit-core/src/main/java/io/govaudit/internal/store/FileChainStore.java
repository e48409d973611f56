package io.govaudit.internal.store;

import io.govaudit.ChainLockedException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * The segment files of one chain, opened by its single writer (DESIGN.md section 5).
 *
 * <p>Ordering: segments are named by the seq of their first record; a new segment is created
 * only when the writer rolls, and is always named by the next seq.
 *
 * <p>Durability: {@link #write} only hands bytes to the OS; {@link #force} makes them durable.
 * Creating a segment, closing one and cutting a torn tail each force the directory or file before
 * they are relied on. Any {@link IOException} from a write or force is returned to the caller,
 * which treats it as a failure of the store: a failed force is never retried and assumed good.
 *
 * <p>Recovery: {@link #open} reads only the tail of the newest segment. Bytes after its last
 * complete, hash-valid record are copied to a quarantine file, forced, and only then cut off.
 *
 * <p>Failure: {@link #force} records the durable length of the active segment. After a failed
 * write or force, {@link #rewind} cuts the segment back to that length, so no partial record is
 * left in the middle of a segment and the chain can go on from its last durable record
 * (DESIGN.md section 6). Rolling creates the next segment before it lets go of the current one,
 * so a failed roll leaves the current segment active.
 *
 * <p>Capacity: the store knows the bytes its chain directory holds ({@link #usedBytes}), the
 * closed segments oldest first, and keeps a reserve file of zeros that {@link #releaseReserve}
 * deletes when the device is full, so the trail's own records can still be written.
 *
 * <p>Not thread-safe: owned by the writer thread after {@link #open}.
 */
public final class FileChainStore implements Closeable {

    private final Path chainDir;
    private final String chainId;
    private final long segmentMaxBytes;
    private final Duration segmentMaxAge;
    private final ChainLock lock;
    private final long lastSeq;
    private final String lastHash;
    private final List<Recovery> recoveries;
    private final SegmentIo io;
    private final Deque<Path> closed;
    private final FileModes modes;

    private Path activePath;
    private FileChannel active;
    private long activeSize;
    private Instant activeFirstRecord;
    private long durableSize;
    private long usedBytes;

    /**
     * What {@link #open} cut from a torn tail.
     *
     * @param segment    the segment that was cut
     * @param cutBytes   how many bytes were cut
     * @param quarantine the file holding the cut bytes
     * @param keptLength the segment's length after the cut
     */
    public record Recovery(Path segment, long cutBytes, Path quarantine, long keptLength) {
    }

    private FileChainStore(Path chainDir, String chainId, long segmentMaxBytes, Duration segmentMaxAge,
            ChainLock lock, long lastSeq, String lastHash, List<Recovery> recoveries,
            SegmentIo io, List<Path> closed, FileModes modes) {
        this.chainDir = chainDir;
        this.modes = modes;
        this.chainId = chainId;
        this.segmentMaxBytes = segmentMaxBytes;
        this.segmentMaxAge = segmentMaxAge;
        this.lock = lock;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
        this.recoveries = List.copyOf(recoveries);
        this.io = io;
        this.closed = new ArrayDeque<>(closed);
    }

    /**
     * Opens a chain for writing: creates the directories, takes the lock, recovers the torn tail
     * and opens (or creates) the active segment.
     *
     * @param storeDir        the store directory
     * @param chainId         the chain id (validated)
     * @param segmentMaxBytes roll size
     * @param segmentMaxAge   roll age
     * @return the open store
     * @throws ChainLockedException if another writer holds the chain
     * @throws IOException          if the files cannot be opened or repaired
     */
    public static FileChainStore open(Path storeDir, String chainId, long segmentMaxBytes,
            Duration segmentMaxAge) throws IOException {
        return open(storeDir, chainId, segmentMaxBytes, segmentMaxAge, SegmentIo.SYSTEM, TailCheck.PLAIN,
                FileModes.OWNER_ONLY);
    }

    /**
     * Opens a chain for writing through the given I/O seam.
     *
     * @param storeDir        the store directory
     * @param chainId         the chain id (validated)
     * @param segmentMaxBytes roll size
     * @param segmentMaxAge   roll age
     * @param io              the seam record bytes go through
     * @param tailCheck       what makes the last line of a segment an intact record
     * @param modes           the permissions of new directories and segments
     * @return the open store
     * @throws ChainLockedException if another writer holds the chain
     * @throws IOException          if the files cannot be opened or repaired
     */
    public static FileChainStore open(Path storeDir, String chainId, long segmentMaxBytes,
            Duration segmentMaxAge, SegmentIo io, TailCheck tailCheck, FileModes modes) throws IOException {
        PosixFiles.createDirectory(storeDir, modes.directory());
        Path chainDir = storeDir.resolve(chainId);
        PosixFiles.createDirectory(chainDir, modes.directory());
        ChainLock lock = ChainLock.acquire(chainDir, chainId);
        try {
            return openLocked(chainDir, chainId, segmentMaxBytes, segmentMaxAge, lock, io, tailCheck, modes);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static FileChainStore openLocked(Path chainDir, String chainId, long segmentMaxBytes,
            Duration segmentMaxAge, ChainLock lock, SegmentIo io, TailCheck tailCheck, FileModes modes)
            throws IOException {
        SegmentCompressor.finishInterrupted(chainDir);
        List<Path> segments = SegmentNames.list(chainDir);
        TailRecovery.Found found = TailRecovery.recover(chainDir, chainId, segments, tailCheck);
        Path activePath = found.activeSegment();
        long lastSeq = found.lastSeq();
        List<Path> closedSegments = new ArrayList<>(segments);
        closedSegments.remove(activePath);
        FileChainStore store = new FileChainStore(chainDir, chainId, segmentMaxBytes, segmentMaxAge,
                lock, lastSeq, found.lastHash(), found.recoveries(), io, closedSegments, modes);
        if (activePath != null) {
            store.openActive(activePath);
        } else {
            store.active = store.createSegment(lastSeq + 1);
            store.activePath = chainDir.resolve(SegmentNames.logName(lastSeq + 1));
        }
        store.usedBytes = store.measureUsedBytes();
        return store;
    }

    /**
     * Forgets the pending cuts once their {@code RECOVERY} records are durable.
     *
     * @throws IOException if the note cannot be deleted; the next open reports the cuts again
     */
    public void recoveriesRecorded() throws IOException {
        TailRecovery.forgetPending(chainDir);
    }

    private void openActive(Path path) throws IOException {
        active = PosixFiles.openForWrite(path);
        activePath = path;
        activeSize = active.size();
        active.position(activeSize);
        activeFirstRecord = activeSize == 0 ? null : SegmentTail.firstRecordTime(path);
        durableSize = activeSize;
    }

    private FileChannel createSegment(long firstSeq) throws IOException {
        FileChannel channel = PosixFiles.openForWrite(chainDir.resolve(SegmentNames.logName(firstSeq)),
                modes.file(), StandardOpenOption.CREATE_NEW);
        try {
            PosixFiles.forceDirectory(chainDir);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    private long measureUsedBytes() throws IOException {
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

    /** @return the seq of the last valid record found on open, 0 for a new chain */
    public long lastSeq() {
        return lastSeq;
    }

    /** @return the hex hash of that record, or the genesis prev for a new chain */
    public String lastHash() {
        return lastHash;
    }

    /**
     * @return the tail cuts to report: the one this open made, after any an earlier open made
     *         but crashed before reporting; empty if the tail was clean
     */
    public List<Recovery> recoveries() {
        return recoveries;
    }

    /** @return the chain directory */
    public Path chainDirectory() {
        return chainDir;
    }

    /** @return the active segment's current length */
    public long activeSize() {
        return activeSize;
    }

    /** @return the active segment */
    public Path activeSegment() {
        return activePath;
    }

    /**
     * Tells whether the active segment must be closed before a record of {@code lineBytes} is
     * appended after {@code pendingBytes} not yet written: it would exceed the size bound, or the
     * segment's first record is older than the age bound. An empty segment never rolls.
     *
     * @param pendingBytes bytes encoded for this segment but not yet written
     * @param lineBytes    the size of the next record
     * @param now          the current time
     * @return true if the writer must roll first
     */
    public boolean mustRoll(long pendingBytes, long lineBytes, Instant now) {
        long used = activeSize + pendingBytes;
        if (used == 0) {
            return false;
        }
        if (used + lineBytes > segmentMaxBytes) {
            return true;
        }
        return activeFirstRecord != null && !now.isBefore(activeFirstRecord.plus(segmentMaxAge));
    }

    /**
     * Writes bytes at the end of the active segment (not yet durable).
     *
     * @param bytes       the buffer
     * @param length      how many bytes from its start
     * @param firstRecord the time of the first record in these bytes, for age-based rolling
     * @throws IOException if the write fails or is short
     */
    public void write(byte[] bytes, int length, Instant firstRecord) throws IOException {
        if (length == 0) {
            return;
        }
        activeSize += length; // counted before the write: a short write leaves bytes that rewind must cut
        usedBytes += length;
        io.write(active, ByteBuffer.wrap(bytes, 0, length));
        if (activeFirstRecord == null) {
            activeFirstRecord = firstRecord;
        }
    }

    /**
     * Forces the active segment's data to the device.
     *
     * @throws IOException if the force fails; the store must then be considered failed
     */
    public void force() throws IOException {
        io.force(active);
        durableSize = activeSize;
    }

    /**
     * Cuts the active segment back to its length at the last successful {@link #force}, after a
     * failed write or force, and forces the cut. Bytes handed to the OS but never forced are
     * thereby dropped, never left as a partial record for a later batch to follow.
     *
     * @throws IOException if the cut fails; the store is then unusable
     */
    public void rewind() throws IOException {
        active.truncate(durableSize);
        active.position(durableSize);
        io.force(active);
        usedBytes -= activeSize - durableSize;
        activeSize = durableSize;
        if (activeSize == 0) {
            activeFirstRecord = null;
        }
    }

    /**
     * Closes the active segment (forced, then made read-only) and creates the next one, named by
     * the seq of the record that will open it; the directory is forced after both steps.
     *
     * @param nextSeq the seq of the first record of the new segment
     * @throws IOException if any step fails
     */
    public void roll(long nextSeq) throws IOException {
        io.force(active);
        durableSize = activeSize;
        FileChannel next = createSegment(nextSeq);
        Path previous = activePath;
        active.close();
        active = next;
        activePath = chainDir.resolve(SegmentNames.logName(nextSeq));
        boolean empty = activeSize == 0;
        activeSize = 0;
        durableSize = 0;
        activeFirstRecord = null;
        if (empty) {
            // only when the chain continues after lost records at a higher seq: an empty closed
            // segment would be named for a record that never existed
            Files.delete(previous);
            PosixFiles.forceDirectory(chainDir);
            return;
        }
        closed.addLast(previous);
        PosixFiles.setPermissions(previous, modes.readOnly());
    }

    /** @return the bytes held by the chain directory: segments and quarantine files */
    public long usedBytes() {
        return usedBytes;
    }

    /**
     * Counts the chain directory's bytes again, for files removed or added by someone else
     * (an operator freeing space).
     *
     * @return the bytes held now
     * @throws IOException if the directory cannot be read
     */
    public long remeasure() throws IOException {
        usedBytes = measureUsedBytes();
        return usedBytes;
    }

    /** @return the number of closed segments, which purges may delete */
    public int closedSegments() {
        return closed.size();
    }

    /**
     * Plans the purge of the {@code count} oldest closed segments. The last purged record is
     * identified from the head of the segment after them; the caller must have forced all it
     * wrote, so that an empty active segment means the chain's last record closes the purge.
     *
     * @param count        how many closed segments, from 1 to {@link #closedSegments()}
     * @param lastSeq      the chain's last durable seq, used when the next segment is still empty
     * @param lastHash     its hash
     * @param now          the current time, used as the newest bound in that case
     * @return the plan
     * @throws IOException if a segment head cannot be read
     */
    public Purge planPurge(int count, long lastSeq, String lastHash, Instant now) throws IOException {
        List<Path> all = new ArrayList<>(closed);
        List<Path> segments = all.subList(0, count);
        Path next = count < all.size() ? all.get(count) : activePath;
        SegmentHead head = SegmentHead.read(next);
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

    /**
     * Returns a time no earlier than the newest record of a closed segment: the time of the
     * first record after it.
     *
     * @param index the closed segment, 0 for the oldest
     * @param now   returned when the next segment holds no record yet
     * @return the bound
     * @throws IOException if the next segment cannot be read
     */
    public Instant newestBound(int index, Instant now) throws IOException {
        List<Path> all = new ArrayList<>(closed);
        SegmentHead head = SegmentHead.read(index + 1 < all.size() ? all.get(index + 1) : activePath);
        return head == null ? now : head.ts();
    }

    /**
     * Returns the sizes of the closed segments, oldest first.
     *
     * @return the sizes in bytes
     * @throws IOException if a size cannot be read
     */
    public List<Long> closedSegmentSizes() throws IOException {
        List<Long> sizes = new ArrayList<>(closed.size());
        for (Path segment : closed) {
            sizes.add(Files.size(segment));
        }
        return sizes;
    }

    /** @return the most recently closed segment */
    public Path lastClosedSegment() {
        return closed.peekLast();
    }

    /** @return the closed segments not yet compressed, oldest first */
    public List<Path> plainClosedSegments() {
        return closed.stream().filter(p -> !SegmentNames.isGzip(p.getFileName().toString())).toList();
    }

    /**
     * Second half of a compression (see {@link SegmentCompressor}): renames the forced
     * {@code .gz.tmp} to {@code .log.gz} (read-only), forces the directory, deletes the plain
     * segment and forces the directory again. If the segment was purged meanwhile, the copy is
     * deleted instead.
     *
     * @param done the finished compression
     * @throws IOException if a step fails; {@link #open} finishes or undoes it later
     */
    public void installCompressed(SegmentCompressor.Done done) throws IOException {
        if (!closed.contains(done.segment())) {
            Files.deleteIfExists(done.tmp());
            return;
        }
        Path gz = done.segment().resolveSibling(done.segment().getFileName() + ".gz");
        PosixFiles.setPermissions(done.tmp(), modes.readOnly());
        Files.move(done.tmp(), gz, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        PosixFiles.forceDirectory(chainDir);
        List<Path> replaced = new ArrayList<>(closed);
        replaced.set(replaced.indexOf(done.segment()), gz);
        closed.clear();
        closed.addAll(replaced);
        long plainSize = Files.size(done.segment());
        Files.delete(done.segment());
        PosixFiles.forceDirectory(chainDir);
        usedBytes += Files.size(gz) - plainSize;
    }

    /**
     * Deletes the segments of a purge whose attesting record is already durable, then forces the
     * directory.
     *
     * @param purge the plan from {@link #planPurge}
     * @throws IOException if a deletion or the directory force fails
     */
    public void delete(Purge purge) throws IOException {
        for (Path segment : purge.segments()) {
            long size = Files.size(segment);
            Files.delete(segment);
            closed.remove(segment);
            usedBytes -= size;
        }
        PosixFiles.forceDirectory(chainDir);
    }

    /**
     * Creates the reserve file of {@code bytes} zeros (forced) unless it exists, so that space is
     * held back for the trail's own records. A failure is returned, not thrown: a store that
     * cannot hold back space is still usable.
     *
     * @param bytes the reserve size
     * @return null, or the failure
     */
    public IOException ensureReserve(long bytes) {
        Path reserve = chainDir.resolve(SegmentNames.RESERVE_FILE);
        if (Files.exists(reserve)) {
            return null;
        }
        Path tmp = chainDir.resolve(SegmentNames.RESERVE_FILE + ".tmp");
        try (FileChannel channel = PosixFiles.openForWrite(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long left = bytes; left > 0; left -= zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), left));
                PosixFiles.writeFully(channel, zeros);
            }
            channel.force(true);
            Files.move(tmp, reserve, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            PosixFiles.forceDirectory(chainDir);
            return null;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            return e;
        }
    }

    /**
     * Deletes the reserve file so the space it held can take the trail's own records.
     *
     * @return true if there was a reserve to release
     * @throws IOException if it cannot be deleted
     */
    public boolean releaseReserve() throws IOException {
        return Files.deleteIfExists(chainDir.resolve(SegmentNames.RESERVE_FILE));
    }

    /**
     * Closes the active segment and releases the chain's lock. The active segment stays
     * writable so the next writer continues it. Idempotent.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        if (!lock.isHeld()) {
            return; // closed before: the chain may already belong to another store of this JVM
        }
        try {
            if (active != null && active.isOpen()) {
                boolean empty = active.size() == 0;
                active.close();
                if (empty) {
                    // named for a record never written (an open that was refused, a roll with
                    // nothing after it): the next open creates it again when it writes
                    Files.deleteIfExists(activePath);
                    PosixFiles.forceDirectory(chainDir);
                }
            }
        } finally {
            lock.close();
        }
    }

    @Override
    public String toString() {
        return "FileChainStore[" + chainDir + ", chain=" + chainId + "]";
    }
}
