package io.govaudit.internal.store;

import io.govaudit.spi.ChainStore;
import io.govaudit.spi.PurgePlan;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The file store seen through the {@link ChainStore} contract. The file store itself stays in
 * the internal package, which the SPI must not depend on; this adapter lives between them. It
 * also owns what only a directory store does: gzipping closed segments in the background
 * ({@link SegmentCompression}), installed in {@link #housekeeping()} on the writer thread, and the
 * torn tails cut when it opened.
 *
 * <p>Not thread-safe: confined to the trail's writer thread, like the store it wraps, except the
 * staged force of {@link ForceBehind}.
 */
public final class DirectoryChainStore implements ChainStore, ForceBehind {

    private final FileChainStore files;
    private final SegmentCompression compression; // null when closed segments stay plain
    /** The last purge planned, whose segment files {@link #delete} removes. */
    private Purge planned;

    /**
     * Wraps an opened file store.
     *
     * @param files     the file store
     * @param chainId   its chain, for messages
     * @param compress  whether closed segments are gzipped
     * @param threads   makes the compression thread (used only when {@code compress})
     */
    public DirectoryChainStore(FileChainStore files, String chainId, boolean compress, ThreadFactory threads) {
        this.files = files;
        this.compression = compress ? new SegmentCompression(chainId, files, threads) : null;
        if (compression != null) {
            compression.submitPlainSegments(); // left plain by an earlier run
        }
    }

    /** @return the file store */
    public FileChainStore files() {
        return files;
    }

    @Override
    public List<TailCut> tailCuts() {
        List<TailCut> cuts = new ArrayList<>();
        for (FileChainStore.Recovery recovery : files.recoveries()) {
            cuts.add(new TailCut(recovery.segment().getFileName().toString(), recovery.cutBytes(),
                    recovery.keptLength(), recovery.quarantine().getFileName().toString()));
        }
        return cuts;
    }

    @Override
    public void tailCutsRecorded() throws IOException {
        files.recoveriesRecorded();
    }

    @Override
    public void housekeeping() {
        if (compression != null) {
            compression.installFinished();
        }
    }

    @Override
    public long lastSeq() {
        return files.lastSeq();
    }

    @Override
    public String lastHash() {
        return files.lastHash();
    }

    @Override
    public boolean mustRoll(long pendingBytes, long lineBytes, Instant now) {
        return files.mustRoll(pendingBytes, lineBytes, now);
    }

    @Override
    public void roll(long nextSeq) throws IOException {
        int closedBefore = files.closedSegments();
        files.roll(nextSeq);
        if (compression != null && files.closedSegments() > closedBefore) {
            compression.submitLastClosed(); // not when the roll dropped an empty segment
        }
    }

    @Override
    public void write(byte[] lines, int length, Instant firstRecord) throws IOException {
        files.write(lines, length, firstRecord);
    }

    @Override
    public void force() throws IOException {
        files.force();
    }

    @Override
    public Staged stage() {
        return files.stage();
    }

    @Override
    public void rewind() throws IOException {
        files.rewind();
    }

    @Override
    public boolean isOutOfSpace(Throwable failure) {
        return StoreFailures.isNoSpace(failure);
    }

    @Override
    public long usedBytes() {
        return files.usedBytes();
    }

    @Override
    public long remeasure() throws IOException {
        return files.remeasure();
    }

    @Override
    public int closedSegments() {
        return files.closedSegments();
    }

    @Override
    public List<Long> closedSegmentSizes() throws IOException {
        return files.closedSegmentSizes();
    }

    @Override
    public Instant newestBound(int index, Instant now) throws IOException {
        return files.newestBound(index, now);
    }

    @Override
    public PurgePlan planPurge(int count, long lastSeq, String lastHash, Instant now) throws IOException {
        Purge purge = files.planPurge(count, lastSeq, lastHash, now);
        planned = purge;
        return new PurgePlan(purge.segments().size(), purge.firstSeq(), purge.lastSeq(), purge.lastHash(),
                purge.newestBound(), purge.bytes());
    }

    @Override
    public void delete(PurgePlan plan) throws IOException {
        Purge purge = planned;
        if (purge == null || purge.firstSeq() != plan.firstSeq() || purge.lastSeq() != plan.lastSeq()) {
            throw new IOException("purge of seq " + plan.firstSeq() + ".." + plan.lastSeq() + " was not planned here");
        }
        planned = null;
        files.delete(purge);
    }

    @Override
    public IOException ensureReserve(long bytes) {
        return files.ensureReserve(bytes);
    }

    @Override
    public boolean releaseReserve() throws IOException {
        return files.releaseReserve();
    }

    @Override
    public void close() throws IOException {
        try {
            if (compression != null) {
                compression.finish(); // bounded wait; what is left is compressed by the next open
            }
        } finally {
            files.close();
        }
    }

    @Override
    public String toString() {
        return files.toString();
    }
}
