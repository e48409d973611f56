package io.govaudit.internal.store;

import io.govaudit.AuditException;
import io.govaudit.ChainLockedException;
import io.govaudit.internal.format.RecordFormat;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>Not thread-safe: owned by the writer thread after {@link #open}.
 */
public final class FileChainStore implements Closeable {

    /**
     * Chain directories (real paths) whose lock this JVM holds. Checked before the lock file is
     * opened, because the lock is a POSIX record lock: closing any descriptor of the lock file
     * drops every lock the process holds on it, so a refused second opener in the same JVM must
     * never open and close the lock file while the first one writes.
     */
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path chainDir;
    private final String chainId;
    private final long segmentMaxBytes;
    private final Duration segmentMaxAge;
    private final Path heldKey;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long lastSeq;
    private final String lastHash;
    private final Recovery recovery;

    private Path activePath;
    private FileChannel active;
    private long activeSize;
    private Instant activeFirstRecord;

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
            Path heldKey, FileChannel lockChannel, FileLock lock, long lastSeq, String lastHash, Recovery recovery) {
        this.chainDir = chainDir;
        this.heldKey = heldKey;
        this.chainId = chainId;
        this.segmentMaxBytes = segmentMaxBytes;
        this.segmentMaxAge = segmentMaxAge;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
        this.recovery = recovery;
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
        PosixFiles.createDirectory(storeDir);
        Path chainDir = storeDir.resolve(chainId);
        PosixFiles.createDirectory(chainDir);
        Path lockFile = chainDir.resolve(SegmentNames.LOCK_FILE);
        Path heldKey = chainDir.toRealPath();
        if (!HELD_IN_THIS_JVM.add(heldKey)) {
            throw new ChainLockedException(chainId, lockFile);
        }
        try {
            return lockAndOpen(chainDir, chainId, segmentMaxBytes, segmentMaxAge, heldKey, lockFile);
        } catch (IOException | RuntimeException e) {
            HELD_IN_THIS_JVM.remove(heldKey);
            throw e;
        }
    }

    private static FileChainStore lockAndOpen(Path chainDir, String chainId, long segmentMaxBytes,
            Duration segmentMaxAge, Path heldKey, Path lockFile) throws IOException {
        FileChannel lockChannel = PosixFiles.openForWrite(lockFile, StandardOpenOption.CREATE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new ChainLockedException(chainId, lockFile);
        }
        try {
            return openLocked(chainDir, chainId, segmentMaxBytes, segmentMaxAge, heldKey, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    private static FileChainStore openLocked(Path chainDir, String chainId, long segmentMaxBytes,
            Duration segmentMaxAge, Path heldKey, FileChannel lockChannel, FileLock lock) throws IOException {
        List<Path> segments = SegmentNames.list(chainDir);
        long lastSeq = 0;
        String lastHash = RecordFormat.GENESIS_PREV;
        Recovery recovery = null;
        Path activePath = null;
        for (int i = segments.size() - 1; i >= 0; i--) {
            Path segment = segments.get(i);
            boolean newest = i == segments.size() - 1;
            boolean writable = newest && !SegmentNames.isGzip(segment.getFileName().toString())
                    && PosixFiles.ownerWritable(segment);
            SegmentTail tail = SegmentTail.read(segment, chainId);
            if (writable) {
                activePath = segment;
                if (tail.validLength < tail.size) {
                    recovery = cutTornTail(segment, tail);
                }
            } else if (tail.lastSeq == 0) {
                throw new AuditException("closed segment " + segment + " does not end with a valid record of chain '"
                        + chainId + "'; the chain cannot be continued safely. Run 'audit-cli verify "
                        + chainDir.getParent() + "' and move the damaged chain aside, or use another chainId");
            }
            if (tail.lastSeq > 0) {
                lastSeq = tail.lastSeq;
                lastHash = tail.lastHash;
                break;
            }
        }
        FileChainStore store = new FileChainStore(chainDir, chainId, segmentMaxBytes, segmentMaxAge,
                heldKey, lockChannel, lock, lastSeq, lastHash, recovery);
        if (activePath != null) {
            store.openActive(activePath);
        } else {
            store.createActive(lastSeq + 1);
        }
        return store;
    }

    private static Recovery cutTornTail(Path segment, SegmentTail tail) throws IOException {
        long cut = tail.size - tail.validLength;
        byte[] torn = new byte[(int) Math.min(cut, Integer.MAX_VALUE - 8)];
        Path quarantine;
        try (FileChannel in = FileChannel.open(segment, StandardOpenOption.READ)) {
            SegmentTail.readFully(in, ByteBuffer.wrap(torn), tail.validLength);
        }
        int n = 1;
        while (Files.exists(quarantine = segment.resolveSibling(
                SegmentNames.quarantineName(segment.getFileName().toString(), n)))) {
            n++;
        }
        try (FileChannel out = PosixFiles.openForWrite(quarantine, StandardOpenOption.CREATE_NEW)) {
            writeFully(out, ByteBuffer.wrap(torn));
            out.force(true);
        }
        PosixFiles.forceDirectory(segment.getParent());
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(tail.validLength);
            channel.force(true);
        }
        return new Recovery(segment, cut, quarantine, tail.validLength);
    }

    private void openActive(Path path) throws IOException {
        active = PosixFiles.openForWrite(path);
        activePath = path;
        activeSize = active.size();
        active.position(activeSize);
        activeFirstRecord = activeSize == 0 ? null : SegmentTail.firstRecordTime(path);
    }

    private void createActive(long firstSeq) throws IOException {
        Path path = chainDir.resolve(SegmentNames.logName(firstSeq));
        active = PosixFiles.openForWrite(path, StandardOpenOption.CREATE_NEW);
        activePath = path;
        activeSize = 0;
        activeFirstRecord = null;
        PosixFiles.forceDirectory(chainDir);
    }

    /** @return the seq of the last valid record found on open, 0 for a new chain */
    public long lastSeq() {
        return lastSeq;
    }

    /** @return the hex hash of that record, or the genesis prev for a new chain */
    public String lastHash() {
        return lastHash;
    }

    /** @return what open cut from a torn tail, or null if the tail was clean */
    public Recovery recovery() {
        return recovery;
    }

    /** @return the chain directory */
    public Path chainDirectory() {
        return chainDir;
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
        writeFully(active, ByteBuffer.wrap(bytes, 0, length));
        activeSize += length;
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
        active.force(false);
    }

    /**
     * Closes the active segment (forced, then made read-only) and creates the next one, named by
     * the seq of the record that will open it; the directory is forced after both steps.
     *
     * @param nextSeq the seq of the first record of the new segment
     * @throws IOException if any step fails
     */
    public void roll(long nextSeq) throws IOException {
        active.force(false);
        active.close();
        PosixFiles.setPermissions(activePath, PosixFiles.READ_ONLY);
        createActive(nextSeq);
    }

    /**
     * Closes the active segment and releases the chain's lock. The active segment stays
     * writable so the next writer continues it. Idempotent.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        if (!lockChannel.isOpen()) {
            return; // closed before: the chain may already belong to another store of this JVM
        }
        try {
            if (active != null && active.isOpen()) {
                active.close();
            }
        } finally {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                try {
                    lockChannel.close();
                } finally {
                    HELD_IN_THIS_JVM.remove(heldKey);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "FileChainStore[" + chainDir + ", chain=" + chainId + "]";
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
