package io.govaudit;

import io.govaudit.internal.store.SegmentIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A {@link SegmentIo} with instance knobs for fault injection (STYLE.md S35): fail a write after
 * N more bytes (writing those bytes first, like a short write that then hits ENOSPC), or fail the
 * next forces. Writes come from the writer thread, forces from it or from the force thread, one
 * at a time; knobs are volatile so tests may set them.
 */
class FaultyIo implements SegmentIo {

    static final String ENOSPC = "No space left on device";

    private volatile long failWriteAfterBytes = -1;
    private volatile String writeError = ENOSPC;
    private volatile int failForces;
    private volatile long forces;

    /** The next write writes {@code bytes} bytes, then throws with {@code message}; once. */
    void failNextWriteAfter(long bytes, String message) {
        writeError = message;
        failWriteAfterBytes = bytes;
    }

    /** The next {@code count} forces throw EIO. */
    void failForces(int count) {
        failForces = count;
    }

    long forces() {
        return forces;
    }

    @Override
    public void write(FileChannel channel, ByteBuffer buffer) throws IOException {
        long limit = failWriteAfterBytes;
        if (limit < 0) {
            SegmentIo.super.write(channel, buffer);
            return;
        }
        failWriteAfterBytes = -1;
        ByteBuffer part = buffer.duplicate();
        part.limit((int) Math.min(buffer.limit(), buffer.position() + limit));
        SegmentIo.super.write(channel, part);
        throw new IOException(writeError);
    }

    @Override
    public void force(FileChannel channel) throws IOException {
        forces++;
        if (failForces > 0) {
            failForces--;
            throw new IOException("Input/output error");
        }
        SegmentIo.super.force(channel);
    }
}
