package io.govaudit.verify;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Reads a gzipped segment strictly: one or more complete gzip members (RFC 1952), each with its
 * CRC-32 and size checked, and counts any bytes after the last member that do not start another
 * member.
 *
 * <p>Why not {@link java.util.zip.GZIPInputStream}: it silently ignores such trailing bytes, and
 * docs/format.md section 9 makes them a problem (records could be hidden there from readers that stop
 * at the first member, or shown to readers that do not).
 *
 * <p>Not thread-safe.
 */
final class GzipMembers extends InputStream {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final PushbackInputStream in;
    private final byte[] input;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private int inputLength;
    private long memberSize;
    private boolean eof;
    private long trailingBytes;

    /**
     * Opens the stream and reads the first member's header.
     *
     * @param raw        the compressed bytes
     * @param bufferSize the size of the compressed-input buffer
     * @throws IOException if the stream does not start with a gzip header
     */
    GzipMembers(InputStream raw, int bufferSize) throws IOException {
        this.input = new byte[bufferSize];
        this.in = new PushbackInputStream(raw, bufferSize);
        if (in.read() != 0x1f || in.read() != 0x8b) {
            throw new ZipException("not in gzip format");
        }
        readHeaderAfterMagic();
    }

    /** @return bytes found after the last gzip member (0 when there are none); known at end of stream */
    long trailingBytes() {
        return trailingBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!eof) {
            if (inflater.finished()) {
                endMember();
                continue;
            }
            if (inflater.needsInput()) {
                inputLength = in.read(input, 0, input.length);
                if (inputLength < 0) {
                    throw new EOFException("gzip member ends before its compressed data is complete");
                }
                inflater.setInput(input, 0, inputLength);
            }
            int n = inflate(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                memberSize += n;
                return n;
            }
        }
        return -1;
    }

    private int inflate(byte[] b, int off, int len) throws IOException {
        try {
            int n = inflater.inflate(b, off, len);
            if (n == 0 && inflater.needsDictionary()) {
                throw new ZipException("gzip member needs a preset dictionary");
            }
            return n;
        } catch (DataFormatException e) {
            throw new ZipException("corrupt gzip data: " + e.getMessage());
        }
    }

    private void endMember() throws IOException {
        int remaining = inflater.getRemaining();
        if (remaining > 0) {
            in.unread(input, inputLength - remaining, remaining);
        }
        long storedCrc = readInt();
        long storedSize = readInt();
        if (storedCrc != crc.getValue() || storedSize != (memberSize & 0xFFFFFFFFL)) {
            throw new ZipException("gzip member trailer does not match its data (CRC-32 or size)");
        }
        inflater.reset();
        crc.reset();
        memberSize = 0;
        int first = in.read();
        if (first < 0) {
            eof = true;
            return;
        }
        int second = in.read();
        if (first == 0x1f && second == 0x8b) {
            readHeaderAfterMagic();
            return;
        }
        trailingBytes = second < 0 ? 1 : 2 + in.transferTo(OutputStreamNull.INSTANCE);
        eof = true;
    }

    private void readHeaderAfterMagic() throws IOException {
        if (readByte() != 8) {
            throw new ZipException("gzip member uses an unsupported compression method");
        }
        int flags = readByte();
        for (int i = 0; i < 6; i++) {
            readByte(); // MTIME, XFL, OS
        }
        if ((flags & FEXTRA) != 0) {
            int length = readByte() | readByte() << 8;
            for (int i = 0; i < length; i++) {
                readByte();
            }
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FHCRC) != 0) {
            readByte();
            readByte();
        }
    }

    private void skipZeroTerminated() throws IOException {
        while (readByte() != 0) {
            // skip
        }
    }

    private long readInt() throws IOException {
        return readByte() | (long) readByte() << 8 | (long) readByte() << 16 | (long) readByte() << 24;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("gzip member is truncated");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    /** Discards what is written to it, to count trailing bytes. */
    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
