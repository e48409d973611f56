package io.govaudit.internal.trail;

import io.govaudit.internal.store.FileModes;
import io.govaudit.internal.store.HeadMark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Decides when the writer updates its head mark ({@link HeadMark}): after the opening records,
 * after the first commit of each new segment, after every commit holding a checkpoint (before
 * its anchor is published), at close, and otherwise at most once per {@link #INTERVAL_NANOS}
 * while the chain grows. Each update is one small file written and forced; never per commit, so
 * group commit keeps one force per batch.
 *
 * <p>Why those moments: the mark is evidence that records up to its seq existed. Marking the
 * first record of each segment means a deleted active segment is always noticed; the interval
 * bounds how many trailing records could be cut from the active segment unnoticed (anchors
 * catch those).
 *
 * <p>Not thread-safe: confined to the writer thread.
 */
final class HeadMarks {

    /** At most one update per minute between the moments that always update. */
    static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Path dir; // null: the chain has no state directory, no mark is kept
    private final FileModes modes;
    private final LongSupplier ticker;
    private boolean markNext = true; // the opening records are marked
    private long markedSeq;
    private long nextDue;

    HeadMarks(Path dir, FileModes modes, LongSupplier ticker) {
        this.dir = dir;
        this.modes = modes;
        this.ticker = ticker;
    }

    /** Marks the next durable head whatever the interval. */
    void markNext() {
        markNext = true;
    }

    /**
     * Called after every commit with the durable head.
     *
     * @param seq  the durable head's seq
     * @param hash its hash
     * @param now  true to mark whatever the interval (the commit held checkpoints, whose anchors
     *             must never run ahead of the mark)
     * @return null, or why the mark could not be written (the old mark then stays)
     */
    IOException durable(long seq, String hash, boolean now) {
        if (dir == null || seq <= markedSeq || seq == 0 || !(now || markNext || ticker.getAsLong() - nextDue >= 0)) {
            return null;
        }
        markNext = false;
        nextDue = ticker.getAsLong() + INTERVAL_NANOS;
        try {
            HeadMark.write(dir, seq, hash, modes);
            markedSeq = seq;
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
