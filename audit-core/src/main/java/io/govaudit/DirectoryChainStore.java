package io.govaudit;

import io.govaudit.internal.store.FileChainStore;
import io.govaudit.internal.store.Purge;
import io.govaudit.internal.store.StoreFailures;
import io.govaudit.spi.ChainStore;
import io.govaudit.spi.PurgePlan;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The file store seen through the {@link ChainStore} contract. The file store itself stays in
 * the internal package, which the SPI must not depend on; this adapter lives between them.
 */
final class DirectoryChainStore implements ChainStore {

    private final FileChainStore files;
    /** The last purge planned, whose segment files {@link #delete} removes. */
    private Purge planned;

    DirectoryChainStore(FileChainStore files) {
        this.files = files;
    }

    /** @return the file store, for what only it does (compression, tail recovery) */
    FileChainStore files() {
        return files;
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
        files.roll(nextSeq);
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
        files.close();
    }

    @Override
    public String toString() {
        return files.toString();
    }
}
