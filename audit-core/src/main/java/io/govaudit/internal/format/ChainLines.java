package io.govaudit.internal.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The record lines of one segment of one chain, read from a stream into one growing buffer, each
 * checked before it is exposed: it parses as a record of the chain, its seq follows (the first is
 * the seq the segment is named for), its {@code prev} is the hash of the line before it, and its
 * public hash is right (docs/format.md section 9). What a failed check or the stream's end means is
 * the caller's: the query API raises a {@code RecordIntegrityException}, the replication stops
 * before the line.
 *
 * <p>The stream may grow while it is read (the active segment being appended to): a line without
 * its line feed yet stays in the buffer, and a later {@link #nextLine()} reads on.
 *
 * <p>Not thread-safe.
 */
public final class ChainLines {

    /** The longest line read: twice the largest record the writer accepts. */
    public static final int MAX_LINE = 2 * 1024 * 1024;

    private final byte[] chainBytes;
    private final RecordView view = new RecordView();
    private final MessageDigest sha256;
    private final InputStream in;
    /** Also fed every byte read, or null. */
    private final MessageDigest content;

    private byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;
    private int lineStart;
    private int lineLength;
    private long nextSeq;
    /** The hash (hex) of the line before {@link #nextSeq}, or null at the segment's start. */
    private byte[] lastHash;

    /**
     * @param chain    the chain every line must name
     * @param in       the segment's bytes (record lines)
     * @param firstSeq the seq the segment is named for
     * @param content  a digest to feed every byte read (the segment's content hash), or null
     */
    public ChainLines(String chain, InputStream in, long firstSeq, MessageDigest content) {
        this.chainBytes = chain.getBytes(StandardCharsets.US_ASCII);
        this.in = in;
        this.nextSeq = firstSeq;
        this.content = content;
        this.sha256 = sha256();
    }

    /**
     * Finds the next complete line, reading more bytes as needed, without checking or consuming
     * it.
     *
     * @return true if a complete line is in the buffer ({@link #lineStart()}, {@link #lineLength()});
     *         false if the stream has no more complete line for now
     * @throws IOException          if the stream fails
     * @throws LineTooLongException if a line is longer than {@link #MAX_LINE}
     */
    public boolean nextLine() throws IOException {
        while (true) {
            int nl = RecordView.indexOfNewline(buf, start, end);
            if (nl >= 0) {
                lineStart = start;
                lineLength = nl - start;
                return true;
            }
            if (fill() <= 0) {
                return false;
            }
        }
    }

    /**
     * Checks the line found by {@link #nextLine()}.
     *
     * @return null if it is the next record of the chain, else what is wrong with it
     */
    public String check() {
        if (!view.parse(buf, lineStart, lineLength)) {
            return "a line that is not a record (" + view.error() + ")";
        }
        if (!view.chainEquals(chainBytes)) {
            return "a record of another chain";
        }
        if (view.seq() != nextSeq) {
            return "seq " + view.seq() + " where " + nextSeq + " belongs";
        }
        if (lastHash != null && !view.prevEquals(lastHash)) {
            return "record " + view.seq() + " does not link to the record before it";
        }
        if (view.hashIsPublic() && !view.hashValid(sha256)) {
            return "record " + view.seq() + " does not match its hash";
        }
        return null;
    }

    /** Moves past the checked line: its hash is the link the next line must carry. */
    public void consume() {
        if (lastHash == null) {
            lastHash = new byte[64];
        }
        view.copyHash(lastHash);
        nextSeq++;
        start = lineStart + lineLength + 1;
    }

    /**
     * Sets the hash the segment's first line must link to (the last record of the segment
     * before it), where the caller knows it.
     *
     * @param hashHex the hash, 64 hex characters
     */
    public void expectPrev(byte[] hashHex) {
        lastHash = hashHex.clone();
    }

    /** @return true if bytes after the last line feed are in the buffer (a torn or growing tail) */
    public boolean hasPartialLine() {
        return start < end;
    }

    /** @return the view of the line found by {@link #nextLine()}, valid after {@link #check()} */
    public RecordView view() {
        return view;
    }

    /** @return the buffer holding the line; valid until the next {@link #nextLine()} */
    public byte[] buffer() {
        return buf;
    }

    /** @return where the line starts in {@link #buffer()} */
    public int lineStart() {
        return lineStart;
    }

    /** @return the line's length, without its line feed */
    public int lineLength() {
        return lineLength;
    }

    /** @return the seq the next line must have */
    public long nextSeq() {
        return nextSeq;
    }

    /** @return the hash (hex) of the last consumed line, or null before the first */
    public byte[] lastHash() {
        return lastHash == null ? null : lastHash.clone();
    }

    /**
     * Reads more bytes after {@link #end}, first moving the unread bytes to the buffer's start,
     * growing it for a long line.
     *
     * @return the count read, or 0 or -1 when the stream has none for now
     * @throws IOException if the stream fails
     */
    public int fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            lineStart -= start;
            start = 0;
        }
        if (end == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw new LineTooLongException("a line longer than " + MAX_LINE + " bytes");
            }
            buf = Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n > 0) {
            if (content != null) {
                content.update(buf, end, n);
            }
            end += n;
        }
        return n;
    }

    /** A line longer than {@link #MAX_LINE}: not a record this library wrote. */
    public static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(String message) {
            super(message);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
