package io.govaudit.verify;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Inflates exactly one gzip member (RFC 1952) and counts what follows it. The JDK's
 * {@code GZIPInputStream} silently ignores bytes after the last member that do not form another
 * member; a verifier must not, because bytes appended to a compressed segment are exactly what
 * an intruder would add (DESIGN.md section 7). The CRC-32 and length in the trailer are checked.
 *
 * <p>Not thread-safe.
 */
final class GzipMemberInputStream extends InputStream {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[64 * 1024];
    private long inflated;
    private boolean finished;
    private long trailingBytes = -1;
    private int lastInputLength;

    GzipMemberInputStream(InputStream in) throws IOException {
        this.in = in;
        readHeader();
    }

    /** @return bytes after the gzip member, known once the stream was read to its end; -1 before */
    long trailingBytes() {
        return trailingBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (finished) {
            return -1;
        }
        try {
            while (true) {
                int n = inflater.inflate(b, off, len);
                if (n > 0) {
                    crc.update(b, off, n);
                    inflated += n;
                    return n;
                }
                if (inflater.finished()) {
                    finish();
                    return -1;
                }
                if (inflater.needsDictionary()) {
                    throw new ZipException("gzip member needs a preset dictionary");
                }
                int read = in.read(input);
                if (read < 0) {
                    throw new EOFException("gzip member ends before its deflate stream");
                }
                lastInputLength = read;
                inflater.setInput(input, 0, read);
            }
        } catch (DataFormatException e) {
            throw new ZipException("corrupt deflate stream: " + e.getMessage());
        }
    }

    private void finish() throws IOException {
        finished = true;
        int left = inflater.getRemaining();
        byte[] rest = new byte[left];
        System.arraycopy(input, inflaterOffset(left), rest, 0, left);
        InputStream tail = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(rest), in);
        long storedCrc = readLe(tail, 4);
        long storedSize = readLe(tail, 4);
        if (storedCrc != crc.getValue()) {
            throw new ZipException("gzip trailer CRC-32 does not match the inflated data");
        }
        if (storedSize != (inflated & 0xffffffffL)) {
            throw new ZipException("gzip trailer length does not match the inflated data");
        }
        long extra = 0;
        byte[] skip = new byte[8192];
        for (int n; (n = tail.read(skip)) > 0; ) {
            extra += n;
        }
        trailingBytes = extra;
    }

    /** The remaining input sits at the end of the last chunk handed to the inflater. */
    private int inflaterOffset(int remaining) {
        return lastInputLength - remaining;
    }

    private void readHeader() throws IOException {
        if (readLe(in, 2) != 0x8b1f) {
            throw new ZipException("not in gzip format");
        }
        if (in.read() != 8) {
            throw new ZipException("unsupported gzip compression method");
        }
        int flags = in.read();
        in.skipNBytes(6); // mtime, xfl, os
        if ((flags & FEXTRA) != 0) {
            in.skipNBytes(readLe(in, 2));
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FHCRC) != 0) {
            in.skipNBytes(2);
        }
    }

    private void skipZeroTerminated() throws IOException {
        int b;
        while ((b = in.read()) > 0) {
            // skip
        }
        if (b < 0) {
            throw new EOFException("gzip header ends early");
        }
    }

    private static long readLe(InputStream from, int bytes) throws IOException {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            int b = from.read();
            if (b < 0) {
                throw new EOFException("gzip member ends early");
            }
            value |= (long) b << (8 * i);
        }
        return value;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
