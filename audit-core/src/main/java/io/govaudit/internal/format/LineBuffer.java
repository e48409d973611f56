package io.govaudit.internal.format;

import java.util.Arrays;

/**
 * A growable byte buffer holding the encoded lines of one batch. Not thread-safe: owned by the
 * writer thread.
 */
public final class LineBuffer {

    private byte[] data;
    private int size;

    /**
     * Creates a buffer.
     *
     * @param initialCapacity initial size in bytes
     */
    public LineBuffer(int initialCapacity) {
        this.data = new byte[initialCapacity];
    }

    /** @return the backing array; valid up to {@link #size()} */
    public byte[] data() {
        return data;
    }

    /** @return the number of bytes held */
    public int size() {
        return size;
    }

    /** Empties the buffer, keeping its capacity. */
    public void clear() {
        size = 0;
    }

    /**
     * Appends bytes of another buffer (a batch whose force failed goes back in front of the next).
     *
     * @param bytes  the source
     * @param offset where to start in it
     * @param length how many bytes
     */
    public void append(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, data, size, length);
        size += length;
    }

    void ensure(int more) {
        if (size + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }

    void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, data, size, bytes.length);
        size += bytes.length;
    }

    void put(byte b) {
        ensure(1);
        data[size++] = b;
    }

    void putLong(long value) {
        ensure(20);
        if (value == 0) {
            data[size++] = '0';
            return;
        }
        int digits = 0;
        for (long v = value; v != 0; v /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            data[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
    }

    void skip(int n) {
        ensure(n);
        size += n;
    }
}
