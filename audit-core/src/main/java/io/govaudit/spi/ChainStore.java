package io.govaudit.spi;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * One writer's handle on one chain of a store: where the writer thread appends the record lines
 * it encoded and chained (docs/format.md sections 1-2, 6-7). The file store and the JDBC stores of
 * {@code audit-jdbc} implement it; applications never call it.
 *
 * <p>The contract every implementation keeps (checked by the store contract tests in
 * {@code audit-core}'s test jar):
 * <ul>
 *   <li>{@link #write} stages whole lines; only {@link #force} makes them durable, all of a
 *       batch or none of it. After a failed {@code write} or {@code force} the writer calls
 *       {@link #rewind}, after which the store holds exactly what the last successful
 *       {@code force} made durable.</li>
 *   <li>A store is opened for one writer: a second writer on the same chain, in this process or
 *       another, is refused when it opens, with a message naming the holder where known.</li>
 *   <li>{@link #lastSeq()} and {@link #lastHash()} are the chain's head when the store opened,
 *       so a reopened trail continues the chain.</li>
 *   <li>Storage is divided into segments, ranges of consecutive records; retention and
 *       capacity purges remove whole closed segments, oldest first, after the writer made the
 *       attesting {@code RETENTION_PURGE} record durable.</li>
 * </ul>
 * Called only from the trail's writer thread, except {@link #close}, called once after it.
 *
 * @since 0.1.0
 */
public interface ChainStore extends Closeable {

    /** @return the seq of the chain's last durable record when the store opened, 0 for a new chain */
    long lastSeq();

    /** @return that record's hash, or the genesis {@code prev} (64 zeros) for a new chain */
    String lastHash();

    /**
     * Returns the lowest head the store's own bookkeeping proves the chain reached, beyond the
     * records it holds: for a database store, the first seq of its newest segment row, which is
     * written with that segment's first record. The trail refuses to continue a chain whose
     * {@link #lastSeq()} is below it (records were deleted), unless told to record the loss.
     *
     * @return at least {@link #lastSeq()}; the default is {@link #lastSeq()} (no other evidence)
     * @since 0.1.0
     */
    default long knownHead() {
        return lastSeq();
    }

    /**
     * Tells whether the active segment must be closed before a record of {@code lineBytes} is
     * appended after {@code pendingBytes} staged but not yet written. An empty segment never
     * rolls.
     *
     * @param pendingBytes bytes encoded for this segment but not yet written
     * @param lineBytes    the size of the next record line
     * @param now          the current time
     * @return true if the writer must {@link #roll} first
     */
    boolean mustRoll(long pendingBytes, long lineBytes, Instant now);

    /**
     * Makes everything written durable, closes the active segment and opens the next one. An
     * active segment that holds no record is dropped rather than closed: that happens only when
     * the writer continues a chain after lost records at a higher seq.
     *
     * @param nextSeq the seq of the first record of the new segment
     * @throws IOException if a step fails
     */
    void roll(long nextSeq) throws IOException;

    /**
     * Stages complete record lines (each ending in {@code \n}) at the end of the chain.
     *
     * @param lines       the buffer
     * @param length      how many bytes from its start
     * @param firstRecord the time of the first record in these bytes
     * @throws IOException if they cannot be staged
     */
    void write(byte[] lines, int length, Instant firstRecord) throws IOException;

    /**
     * Makes everything staged since the last force durable, atomically.
     *
     * @throws IOException if that fails; the writer then calls {@link #rewind}
     */
    void force() throws IOException;

    /**
     * Drops everything staged but not made durable, after a failed {@link #write} or
     * {@link #force}.
     *
     * @throws IOException if the store cannot be brought back to its durable state; it is then
     *                     unusable
     */
    void rewind() throws IOException;

    /**
     * Tells whether a failure means the storage is full (a full disk, a database out of space),
     * which the capacity policy handles, rather than another fault.
     *
     * @param failure a failure thrown by this store
     * @return true if the store ran out of space
     */
    boolean isOutOfSpace(Throwable failure);

    /** @return the bytes this chain holds in the store, as last counted */
    long usedBytes();

    /**
     * Counts the chain's bytes again, for changes made by someone else (an operator freeing space).
     * The writer calls it about once a second, so it must be cheap; a store may also check here
     * that its hold on the chain still stands.
     *
     * @return the bytes held now
     * @throws IOException if they cannot be counted
     */
    long remeasure() throws IOException;

    /** @return the number of closed segments, which purges may remove */
    int closedSegments();

    /**
     * @return the sizes of the closed segments in bytes, oldest first
     * @throws IOException if they cannot be read
     */
    List<Long> closedSegmentSizes() throws IOException;

    /**
     * Returns a time no earlier than the newest record of a closed segment: the time of the first
     * record after it.
     *
     * @param index the closed segment, 0 for the oldest
     * @param now   returned when no record follows it yet
     * @return the bound
     * @throws IOException if the store cannot be read
     */
    Instant newestBound(int index, Instant now) throws IOException;

    /**
     * Plans the purge of the {@code count} oldest closed segments. The caller has made durable
     * everything it wrote.
     *
     * @param count    how many closed segments, from 1 to {@link #closedSegments()}
     * @param lastSeq  the chain's last durable seq, used when no record follows the segments
     * @param lastHash its hash
     * @param now      the current time
     * @return what the attesting record must say
     * @throws IOException if the store cannot be read
     */
    PurgePlan planPurge(int count, long lastSeq, String lastHash, Instant now) throws IOException;

    /**
     * Removes the segments of a purge whose attesting record is already durable.
     *
     * @param plan the plan from {@link #planPurge}
     * @throws IOException if they cannot be removed
     */
    void delete(PurgePlan plan) throws IOException;

    /**
     * Holds back space for the trail's own records, where the store can (the file store keeps a
     * reserve file). A failure is returned, not thrown: a store that cannot hold back space is
     * still usable.
     *
     * @param bytes the space to hold back
     * @return null, or the failure
     */
    default IOException ensureReserve(long bytes) {
        return null;
    }

    /**
     * Gives back the space held by {@link #ensureReserve}, so the trail's own records fit.
     *
     * @return true if there was space to give back
     * @throws IOException if it cannot be given back
     */
    default boolean releaseReserve() throws IOException {
        return false;
    }

    /**
     * A torn tail the store cut from its newest segment when it opened: bytes after the last
     * complete record, never acknowledged, kept in a quarantine file or place.
     *
     * @param part       the segment (or other part) that was cut
     * @param cutBytes   how many bytes were cut
     * @param keptBytes  the part's length after the cut
     * @param quarantine where the cut bytes are kept
     * @since 0.1.0
     */
    record TailCut(String part, long cutBytes, long keptBytes, String quarantine) {
    }

    /**
     * Returns the torn tails this store cut when it opened, for the writer's {@code RECOVERY}
     * records. Reported again by every open until {@link #tailCutsRecorded()} is called.
     *
     * @return the cuts, oldest first; empty for a store that never cuts (a database commits whole
     *         transactions)
     * @since 0.1.0
     */
    default List<TailCut> tailCuts() {
        return List.of();
    }

    /**
     * Tells the store that the {@code RECOVERY} records of {@link #tailCuts()} are durable, so
     * its next open need not report them again.
     *
     * @throws IOException if the note of pending cuts cannot be removed (the next open then
     *                     reports them again, which is safe)
     * @since 0.1.0
     */
    default void tailCutsRecorded() throws IOException {
    }

    /**
     * Called by the writer thread after each commit and when idle, for work a store finishes on
     * that thread (the file store installs segments it gzipped in the background). Must be quick
     * and must not throw; failures are the store's to log.
     *
     * @since 0.1.0
     */
    default void housekeeping() {
    }

    /**
     * Ends this writer's hold on the chain. Idempotent.
     *
     * @throws IOException if closing fails
     */
    @Override
    void close() throws IOException;
}
