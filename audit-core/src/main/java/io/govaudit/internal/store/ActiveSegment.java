package io.govaudit.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * The newest segment of a chain, the only file records are appended to (docs/format.md
 * section 6).
 *
 * <p>Ordering: bytes are appended at the end only. A segment is created only by a roll (or by an
 * open that found none to continue) and is named by the seq of the record that will open it. A
 * roll creates the next segment, forcing the directory, <em>before</em> it lets go of the current
 * one, so a failed roll leaves the current segment active.
 *
 * <p>Durability: {@link #write} only hands bytes to the OS; {@link #force} makes them durable and
 * records the durable length. A roll forces the segment before closing it. A created segment's
 * directory entry is forced before it is written to.
 *
 * <p>Failure: a write is counted before it is attempted, so a short write leaves bytes that
 * {@link #rewind} cuts. After a failed write or force the caller rewinds to the last durable
 * length (forced), so no partial record is ever left in the middle of a segment and the chain
 * goes on from its last durable record. A failed force is never retried and assumed good.
 *
 * <p>Recovery: an empty segment is never kept as a closed one, nor left behind at close: it would
 * be named for a record that was never written. The next open creates it again when it writes.
 *
 * <p>Thread-safety: not thread-safe; owned by the writer thread. A staged force ({@link #stage()})
 * may run on another thread: it uses the channel captured on the writer thread and nothing else.
 */
final class ActiveSegment {

    private final Path chainDir;
    private final SegmentIo io;
    private final FileModes modes;
    private final long maxBytes;
    private final Duration maxAge;

    private Path path;
    private FileChannel channel;
    /** Bytes handed to the OS, including any of a failed write. */
    private long size;
    /** The length at the last successful force. */
    private long durableSize;
    /** The time of the first record, or null while empty. */
    private Instant firstRecord;

    private ActiveSegment(Path chainDir, SegmentIo io, FileModes modes, long maxBytes, Duration maxAge) {
        this.chainDir = chainDir;
        this.io = io;
        this.modes = modes;
        this.maxBytes = maxBytes;
        this.maxAge = maxAge;
    }

    /**
     * Continues an existing segment at its end; its whole length counts as durable.
     *
     * @return the active segment
     * @throws IOException if it cannot be opened
     */
    static ActiveSegment continueAt(Path segment, SegmentIo io, FileModes modes, long maxBytes, Duration maxAge)
            throws IOException {
        ActiveSegment active = new ActiveSegment(segment.getParent(), io, modes, maxBytes, maxAge);
        active.channel = PosixFiles.openForWrite(segment);
        active.path = segment;
        active.size = active.channel.size();
        active.channel.position(active.size);
        active.firstRecord = active.size == 0 ? null : SegmentTail.firstRecordTime(segment);
        active.durableSize = active.size;
        return active;
    }

    /**
     * Creates the segment that {@code firstSeq} will open.
     *
     * @return the active segment
     * @throws IOException if it exists or cannot be created
     */
    static ActiveSegment create(Path chainDir, long firstSeq, SegmentIo io, FileModes modes, long maxBytes,
            Duration maxAge) throws IOException {
        ActiveSegment active = new ActiveSegment(chainDir, io, modes, maxBytes, maxAge);
        active.channel = active.createFile(firstSeq);
        active.path = chainDir.resolve(SegmentNames.logName(firstSeq));
        return active;
    }

    /** @return the segment file */
    Path path() {
        return path;
    }

    /** @return the bytes handed to the OS */
    long size() {
        return size;
    }

    /** See {@link FileChainStore#mustRoll}. */
    boolean mustRoll(long pendingBytes, long lineBytes, Instant now) {
        long used = size + pendingBytes;
        if (used == 0) {
            return false;
        }
        if (used + lineBytes > maxBytes) {
            return true;
        }
        return firstRecord != null && !now.isBefore(firstRecord.plus(maxAge));
    }

    /** See {@link FileChainStore#write}; the caller skips empty writes. */
    void write(byte[] bytes, int length, Instant firstRecordOfBytes) throws IOException {
        size += length; // counted before the write: a short write leaves bytes that rewind must cut
        io.write(channel, ByteBuffer.wrap(bytes, 0, length));
        if (firstRecord == null) {
            firstRecord = firstRecordOfBytes;
        }
    }

    /** See {@link FileChainStore#force}. */
    void force() throws IOException {
        io.force(channel);
        durableSize = size;
    }

    /**
     * Captures a force of what is written so far, for another thread ({@link ForceBehind}): the
     * channel and the length are taken now, on the writer thread; the force itself touches only
     * the channel, and the durable length is recorded back on the writer thread.
     *
     * @return the staged force
     */
    ForceBehind.Staged stage() {
        FileChannel forced = channel;
        long length = size;
        return new ForceBehind.Staged() {
            @Override
            public void force() throws IOException {
                io.force(forced);
            }

            @Override
            public void durable() {
                if (channel == forced && length > durableSize) { // a roll forces by itself first
                    durableSize = length;
                }
            }
        };
    }

    /**
     * Cuts back to the durable length and forces the cut.
     *
     * @return the bytes cut
     * @throws IOException if the cut or its force fails; the segment is then unusable
     */
    long rewind() throws IOException {
        channel.truncate(durableSize);
        channel.position(durableSize);
        io.force(channel);
        long cut = size - durableSize;
        size = durableSize;
        if (size == 0) {
            firstRecord = null;
        }
        return cut;
    }

    /**
     * Forces this segment, creates the one {@code nextSeq} opens and switches to it. An empty
     * segment is deleted instead of closed (only when the chain continues at a higher seq after
     * lost records).
     *
     * @param nextSeq the seq of the first record of the new segment
     * @return the segment let go of, still writable, or null if it was empty and deleted
     * @throws IOException if any step fails
     */
    Path roll(long nextSeq) throws IOException {
        io.force(channel);
        durableSize = size;
        FileChannel next = createFile(nextSeq);
        Path previous = path;
        channel.close();
        channel = next;
        path = chainDir.resolve(SegmentNames.logName(nextSeq));
        boolean empty = size == 0;
        size = 0;
        durableSize = 0;
        firstRecord = null;
        if (empty) {
            Files.delete(previous);
            PosixFiles.forceDirectory(chainDir);
            return null;
        }
        return previous;
    }

    /**
     * Closes the segment, which stays writable for the next writer; an empty one is deleted.
     * Idempotent.
     *
     * @throws IOException if closing or deleting fails
     */
    void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        boolean empty = channel.size() == 0;
        channel.close();
        if (empty) {
            // named for a record never written (an open that was refused, a roll with nothing
            // after it): the next open creates it again when it writes
            Files.deleteIfExists(path);
            PosixFiles.forceDirectory(chainDir);
        }
    }

    private FileChannel createFile(long firstSeq) throws IOException {
        FileChannel created = PosixFiles.openForWrite(chainDir.resolve(SegmentNames.logName(firstSeq)),
                modes.file(), StandardOpenOption.CREATE_NEW);
        try {
            PosixFiles.forceDirectory(chainDir);
        } catch (IOException e) {
            created.close();
            throw e;
        }
        return created;
    }
}
