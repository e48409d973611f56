package io.govaudit.internal.store;

import io.govaudit.ChainLockedException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The segment files of one chain, opened by its single writer: a coordinator of the classes that
 * each own one job (docs/format.md sections 6, 7 and 9a).
 *
 * <ul>
 * <li>{@link ChainLock}: one writer per chain, in this JVM and across processes;
 * <li>{@link SegmentCompressor#finishInterrupted} and {@link TailRecovery}: what {@link #open}
 * finishes, cuts and reports before anything is written;
 * <li>{@link ActiveSegment}: writes, forces, rewinds and rolls of the appended file;
 * <li>{@link ClosedSegments}: the closed segments, compression's second half and purges;
 * <li>{@link ReserveFile} and {@link UsedBytes}: the space held back and the space used.
 * </ul>
 *
 * <p>Ordering: {@link #open} creates the directories, takes the lock, finishes interrupted
 * compressions, recovers the torn tail, opens or creates the active segment, then measures the
 * directory. Segments are named by the seq of their first record; a new one is created only when
 * the writer rolls, and is always named by the next seq.
 *
 * <p>Durability: {@link #write} only hands bytes to the OS; {@link #force} makes them durable.
 * Creating a segment, closing one and cutting a torn tail each force the directory or file before
 * they are relied on. Any {@link IOException} from a write or force is returned to the caller,
 * which treats it as a failure of the store: a failed force is never retried and assumed good.
 *
 * <p>Failure: after a failed write or force, {@link #rewind} cuts the active segment back to its
 * last durable length, so the chain can go on from its last durable record. A failed open lets go
 * of the lock.
 *
 * <p>Recovery: {@link #open} reads only the tail of the newest segment; bytes after its last
 * complete, hash-valid record are copied to a quarantine file, forced, noted, and only then cut
 * off. {@link #recoveries} reports them until {@link #recoveriesRecorded}.
 *
 * <p>Not thread-safe: owned by the writer thread after {@link #open}; only a staged force
 * ({@link #stage()}) runs on another thread, and touches nothing but the segment's channel.
 */
public final class FileChainStore implements Closeable {

    private final Path chainDir;
    private final String chainId;
    private final ChainLock lock;
    private final long lastSeq;
    private final String lastHash;
    private final List<Recovery> recoveries;
    private final ActiveSegment active;
    private final ClosedSegments closed;
    private final ReserveFile reserve;
    private final UsedBytes used;

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

    private FileChainStore(Path chainDir, String chainId, ChainLock lock, TailRecovery.Found found,
            ActiveSegment active, ClosedSegments closed, UsedBytes used) {
        this.chainDir = chainDir;
        this.chainId = chainId;
        this.lock = lock;
        this.lastSeq = found.lastSeq();
        this.lastHash = found.lastHash();
        this.recoveries = found.recoveries();
        this.active = active;
        this.closed = closed;
        this.reserve = new ReserveFile(chainDir);
        this.used = used;
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
            SegmentCompressor.finishInterrupted(chainDir);
            List<Path> segments = SegmentNames.list(chainDir);
            TailRecovery.Found found = TailRecovery.recover(chainDir, chainId, segments, tailCheck);
            List<Path> closedSegments = new ArrayList<>(segments);
            closedSegments.remove(found.activeSegment());
            ActiveSegment active = found.activeSegment() != null
                    ? ActiveSegment.continueAt(found.activeSegment(), io, modes, segmentMaxBytes, segmentMaxAge)
                    : ActiveSegment.create(chainDir, found.lastSeq() + 1, io, modes, segmentMaxBytes, segmentMaxAge);
            return new FileChainStore(chainDir, chainId, lock, found, active,
                    new ClosedSegments(chainDir, modes, closedSegments), UsedBytes.measure(chainDir));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Forgets the pending cuts once their {@code RECOVERY} records are durable.
     *
     * @throws IOException if the note cannot be deleted; the next open reports the cuts again
     */
    public void recoveriesRecorded() throws IOException {
        TailRecovery.forgetPending(chainDir);
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
        return active.size();
    }

    /** @return the active segment */
    public Path activeSegment() {
        return active.path();
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
        return active.mustRoll(pendingBytes, lineBytes, now);
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
        used.add(length); // counted before the write: a short write leaves bytes that rewind must cut
        active.write(bytes, length, firstRecord);
    }

    /**
     * Forces the active segment's data to the device.
     *
     * @throws IOException if the force fails; the store must then be considered failed
     */
    public void force() throws IOException {
        active.force();
    }

    /**
     * Captures a force of the active segment for another thread (see {@link ForceBehind}).
     *
     * @return the staged force
     */
    public ForceBehind.Staged stage() {
        return active.stage();
    }

    /**
     * Cuts the active segment back to its length at the last successful {@link #force}, after a
     * failed write or force, and forces the cut. Bytes handed to the OS but never forced are
     * thereby dropped, never left as a partial record for a later batch to follow.
     *
     * @throws IOException if the cut fails; the store is then unusable
     */
    public void rewind() throws IOException {
        used.add(-active.rewind());
    }

    /**
     * Closes the active segment (forced, then made read-only) and creates the next one, named by
     * the seq of the record that will open it; the directory is forced after both steps.
     *
     * @param nextSeq the seq of the first record of the new segment
     * @throws IOException if any step fails
     */
    public void roll(long nextSeq) throws IOException {
        Path previous = active.roll(nextSeq);
        if (previous != null) {
            closed.add(previous);
        }
    }

    /** @return the bytes held by the chain directory: segments and quarantine files */
    public long usedBytes() {
        return used.get();
    }

    /**
     * Counts the chain directory's bytes again, for files removed or added by someone else
     * (an operator freeing space).
     *
     * @return the bytes held now
     * @throws IOException if the directory cannot be read
     */
    public long remeasure() throws IOException {
        return used.remeasure();
    }

    /** @return the number of closed segments, which purges may delete */
    public int closedSegments() {
        return closed.count();
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
        return closed.planPurge(count, active.path(), lastSeq, lastHash, now);
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
        return closed.newestBound(index, active.path(), now);
    }

    /**
     * Returns the sizes of the closed segments, oldest first.
     *
     * @return the sizes in bytes
     * @throws IOException if a size cannot be read
     */
    public List<Long> closedSegmentSizes() throws IOException {
        return closed.sizes();
    }

    /** @return the most recently closed segment */
    public Path lastClosedSegment() {
        return closed.newest();
    }

    /** @return the closed segments not yet compressed, oldest first */
    public List<Path> plainClosedSegments() {
        return closed.plain();
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
        closed.installCompressed(done, used);
    }

    /**
     * Deletes the segments of a purge whose attesting record is already durable, then forces the
     * directory.
     *
     * @param purge the plan from {@link #planPurge}
     * @throws IOException if a deletion or the directory force fails
     */
    public void delete(Purge purge) throws IOException {
        closed.delete(purge, used);
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
        return reserve.ensure(bytes);
    }

    /**
     * Deletes the reserve file so the space it held can take the trail's own records.
     *
     * @return true if there was a reserve to release
     * @throws IOException if it cannot be deleted
     */
    public boolean releaseReserve() throws IOException {
        return reserve.release();
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
            active.close();
        } finally {
            lock.close();
        }
    }

    @Override
    public String toString() {
        return "FileChainStore[" + chainDir + ", chain=" + chainId + "]";
    }
}
