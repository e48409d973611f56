package io.govaudit.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The I/O seam of the file store: the two calls through which record bytes reach the device.
 * Production uses {@link #SYSTEM}; fault-injection tests (STYLE.md S35) pass an instance whose
 * knobs make a write short, fail at byte N, or make a force fail. Implementations need not be
 * thread-safe: a store writes from the writer thread only, and forces from the writer thread or,
 * in {@code ASYNC} mode, from the trail's force thread ({@link ForceBehind}), one call at a time
 * and each ordered after the previous one.
 */
public interface SegmentIo {

    /** The real thing: writes until the buffer is empty, forces data (not metadata). */
    SegmentIo SYSTEM = new SegmentIo() {
    };

    /**
     * Writes all remaining bytes of {@code buffer} at the channel's position.
     *
     * @param channel the segment
     * @param buffer  the bytes
     * @throws IOException if a write fails
     */
    default void write(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Forces the segment's data to the device.
     *
     * @param channel the segment
     * @throws IOException if the force fails
     */
    default void force(FileChannel channel) throws IOException {
        channel.force(false);
    }
}
