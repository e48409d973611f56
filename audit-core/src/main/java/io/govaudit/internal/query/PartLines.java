package io.govaudit.internal.query;

import io.govaudit.internal.format.ChainLines;
import io.govaudit.internal.format.RecordView;
import io.govaudit.query.RecordIntegrityException;
import io.govaudit.verify.RecordSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The record lines of one segment, in order, each checked before it is exposed: it parses as a
 * record of this chain, its seq follows (the first one is the segment's named seq), its
 * {@code prev} is the hash of the line before it, and its public hash is right. Bytes after the
 * last line feed are a torn tail in the chain's newest segment (the writer stopped mid-write: they
 * are not a record) and a {@link RecordIntegrityException} anywhere else ({@link ChainLines} reads
 * and checks them). Not thread-safe.
 */
final class PartLines implements Closeable {

    private final String chain;
    private final RecordSource.Part part;
    private final boolean newest;
    private final InputStream in;
    private final ChainLines lines;

    PartLines(String chain, RecordSource.Part part, boolean newest) {
        this.chain = chain;
        this.part = part;
        this.newest = newest;
        try {
            this.in = part.open((kind, seq, line, message) -> {
                throw new RecordIntegrityException(chain, seq, part.name() + ": " + message);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + part.name() + " of chain " + chain, e);
        }
        this.lines = new ChainLines(chain, in, part.namedFirstSeq(), null);
    }

    /**
     * Moves to the next line.
     *
     * @return false at the end of the segment
     * @throws RecordIntegrityException if the line is not the next record of the chain
     */
    boolean next() {
        try {
            if (!lines.nextLine()) {
                if (lines.hasPartialLine() && !newest) {
                    throw broken("bytes after the last line feed of a segment that is not the newest");
                }
                return false;
            }
        } catch (ChainLines.LineTooLongException e) {
            throw broken(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + part.name() + " of chain " + chain, e);
        }
        String problem = lines.check();
        if (problem != null) {
            throw broken(problem);
        }
        lines.consume();
        return true;
    }

    private RecordIntegrityException broken(String what) {
        long seq = lines.nextSeq();
        return new RecordIntegrityException(chain, seq, "chain " + chain + ", segment " + part.name() + ": " + what
                + "; verify the store (audit-cli verify)");
    }

    RecordView view() {
        return lines.view();
    }

    byte[] buffer() {
        return lines.buffer();
    }

    int lineStart() {
        return lines.lineStart();
    }

    int lineLength() {
        return lines.lineLength();
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
