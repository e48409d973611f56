package io.govaudit.internal.query;

import io.govaudit.internal.format.RecordView;
import io.govaudit.query.RecordIntegrityException;
import io.govaudit.verify.RecordSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The record lines of one segment, in order, each checked before it is exposed: it parses as a
 * record of this chain, its seq follows (the first one is the segment's named seq), its
 * {@code prev} is the hash of the line before it, and its public hash is right. Bytes after the
 * last line feed are a torn tail in the chain's newest segment (the writer stopped mid-write: they
 * are not a record) and a {@link RecordIntegrityException} anywhere else. Not thread-safe.
 */
final class PartLines implements Closeable {

    /** The longest line read: twice the largest record the writer accepts. */
    static final int MAX_LINE = 2 * 1024 * 1024;

    private final String chain;
    private final byte[] chainBytes;
    private final RecordSource.Part part;
    private final boolean newest;
    private final InputStream in;
    private final RecordView view = new RecordView();
    private final MessageDigest sha256;
    private final byte[] lastHash = new byte[64];

    private byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;
    private boolean eof;
    private long lastSeq = -1;
    private int lineStart;
    private int lineLength;

    PartLines(String chain, RecordSource.Part part, boolean newest) {
        this.chain = chain;
        this.chainBytes = chain.getBytes(StandardCharsets.US_ASCII);
        this.part = part;
        this.newest = newest;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.in = part.open((kind, seq, line, message) -> {
                throw new RecordIntegrityException(chain, seq, part.name() + ": " + message);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + part.name() + " of chain " + chain, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * Moves to the next line.
     *
     * @return false at the end of the segment
     * @throws RecordIntegrityException if the line is not the next record of the chain
     */
    boolean next() {
        try {
            while (true) {
                int nl = RecordView.indexOfNewline(buf, start, end);
                if (nl >= 0) {
                    lineStart = start;
                    lineLength = nl - start;
                    start = nl + 1;
                    check();
                    return true;
                }
                if (eof) {
                    if (start < end && !newest) {
                        throw broken("bytes after the last line feed of a segment that is not the newest");
                    }
                    return false;
                }
                fill();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + part.name() + " of chain " + chain, e);
        }
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw broken("a line longer than " + MAX_LINE + " bytes");
            }
            buf = Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private void check() {
        if (!view.parse(buf, lineStart, lineLength)) {
            throw broken("a line that is not a record (" + view.error() + ")");
        }
        if (!view.chainEquals(chainBytes)) {
            throw broken("a record of another chain");
        }
        long expected = lastSeq < 0 ? part.namedFirstSeq() : lastSeq + 1;
        if (view.seq() != expected) {
            throw broken("seq " + view.seq() + " where " + expected + " belongs");
        }
        if (lastSeq >= 0 && !view.prevEquals(lastHash)) {
            throw broken("record " + view.seq() + " does not link to the record before it");
        }
        if (view.hashIsPublic() && !view.hashValid(sha256)) {
            throw broken("record " + view.seq() + " does not match its hash");
        }
        lastSeq = view.seq();
        view.copyHash(lastHash);
    }

    private RecordIntegrityException broken(String what) {
        long seq = lastSeq < 0 ? part.namedFirstSeq() : lastSeq + 1;
        return new RecordIntegrityException(chain, seq, "chain " + chain + ", segment " + part.name() + ": " + what
                + "; verify the store (audit-cli verify)");
    }

    RecordView view() {
        return view;
    }

    byte[] buffer() {
        return buf;
    }

    int lineStart() {
        return lineStart;
    }

    int lineLength() {
        return lineLength;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + part.name() + " of chain " + chain, e);
        }
    }
}
