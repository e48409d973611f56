package io.govaudit.verify;

import io.govaudit.internal.format.RecordFormat;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rounds of one chain for {@link IncrementalVerifier}.
 *
 * <p>State: one {@link ChainVerifier} kept from round to round, fed each closed segment once and
 * the active segment's complete lines as they come, so links, seq order, keys and seals are
 * checked across round boundaries exactly as in one pass. Beside it, what was read: per closed
 * segment its first seq, a change stamp (size, modification time, file identity) and the SHA-256
 * of its records' bytes; for the active segment the length read and the SHA-256 of those bytes.
 *
 * <p>Each round: (1) the chain's state (head mark) is read before the segments, since a mark only
 * names records already durable; (2) the closed segments read before must still be there in the
 * same order, each with its stamp, or else with its SHA-256 (a gzipped segment has the same
 * records); (3) the active segment's part read before must hash the same; (4) new lines and
 * segments are fed. When (2) or (3) fails, the chain is read again from its start with a new
 * {@link ChainVerifier}, which reports the change where it is. Problems already reported are not
 * reported again.
 *
 * <p>Not thread-safe: confined to the thread running the rounds.
 */
final class ChainRounds {

    /** How many reported problems are remembered so that later rounds do not repeat them. */
    private static final int MAX_REMEMBERED = 10_000;
    private static final int BUFFER = 64 * 1024;

    private final String chain;
    private final RecordSource source;
    private final VerifyKeys.Loaded keys;
    private final Clock clock;
    private final List<Seen> closed = new ArrayList<>();
    private final Set<String> reported = new LinkedHashSet<>();
    private ChainVerifier verifier;
    private Seen active;
    private long highWater;
    private long bytesRead;

    /** A segment read: its first seq, change stamp (null when the source has none), length and hash read. */
    private record Seen(long firstSeq, String stamp, long length, byte[] digest) {
    }

    /** One round's result for this chain. */
    record Result(List<Problem> problems, long bytesRead) {
    }

    ChainRounds(String chain, RecordSource source, VerifyKeys.Loaded keys, Clock clock) {
        this.chain = chain;
        this.clock = clock;
        this.source = source;
        this.keys = keys;
        restart();
    }

    String chain() {
        return chain;
    }

    long lastSeq() {
        return verifier.lastSeq();
    }

    Result round() {
        bytesRead = 0;
        List<Problem> found = new ArrayList<>();
        RecordSource.ChainState state = RecordSource.ChainState.NONE;
        try {
            state = source.state(chain);
        } catch (IOException e) {
            found.add(problem(ProblemKind.IO_ERROR, 0, null, "cannot read the chain's state: " + e.getMessage()));
        }
        try {
            List<RecordSource.Part> parts = source.parts(chain);
            if (!closedUnchanged(parts) || !readNew(parts)) {
                found.addAll(verifier.takeProblems());
                restart();
                readNew(parts);
            }
        } catch (NoSuchFileException e) {
            // gzipped or purged between listing and reading: what was read stands, the rest waits a round
        } catch (IOException | RuntimeException e) {
            found.addAll(verifier.takeProblems());
            found.add(problem(ProblemKind.IO_ERROR, 0, null, "cannot read the chain: " + e));
            restart(); // the verifier may have read half a part: read the chain again next round
            return new Result(unreported(found), bytesRead);
        }
        found.addAll(verifier.takeProblems());
        checkHead(state, found);
        return new Result(unreported(found), bytesRead);
    }

    private void restart() {
        verifier = new ChainVerifier(chain, new AuditVerifier.ProgressCounter(AuditVerifier.ProgressListener.NONE, 0),
                keys);
        closed.clear();
        active = null;
    }

    /** Whether the closed segments read before are all still there, in order, with the same records. */
    private boolean closedUnchanged(List<RecordSource.Part> parts) throws IOException {
        if (parts.size() < closed.size() + (active == null ? 0 : 1)) {
            return false;
        }
        for (int i = 0; i < closed.size(); i++) {
            Seen seen = closed.get(i);
            RecordSource.Part part = parts.get(i);
            if (part.namedFirstSeq() != seen.firstSeq()) {
                return false;
            }
            String stamp = stamp(part);
            if (stamp == null || !stamp.equals(seen.stamp())) {
                MessageDigest md = RecordFormat.sha256();
                long length = digest(part, md, Long.MAX_VALUE);
                if (length != seen.length() || !Arrays.equals(md.digest(), seen.digest())) {
                    return false;
                }
                closed.set(i, new Seen(seen.firstSeq(), stamp, seen.length(), seen.digest()));
            }
        }
        return active == null || parts.get(closed.size()).namedFirstSeq() == active.firstSeq();
    }

    /**
     * Feeds what was not read yet: the rest of the active segment, then newer segments.
     *
     * @return false if the part of the active segment read before changed (nothing was fed then)
     */
    private boolean readNew(List<RecordSource.Part> parts) throws IOException {
        for (int i = closed.size(); i < parts.size(); i++) {
            RecordSource.Part part = parts.get(i);
            boolean closing = i < parts.size() - 1;
            String stamp = closing ? stamp(part) : null; // before reading: a change after it is seen next round
            Seen before = active;
            active = null;
            MessageDigest md = RecordFormat.sha256();
            long length;
            try (InputStream in = part.open(verifier.sink())) {
                long from = before == null ? 0 : before.length();
                if (before != null && !prefixUnchanged(in, md, before)) {
                    active = before;
                    return false;
                }
                LineDigest digesting = new LineDigest(in, md);
                length = from + verifier.feed(part, digesting, before == null, closing);
                bytesRead += digesting.count;
                if (closing) {
                    digesting.digestPending();
                }
            }
            Seen seen = new Seen(part.namedFirstSeq(), stamp, length, md.digest());
            if (closing) {
                closed.add(seen);
            } else {
                active = seen;
            }
        }
        return true;
    }

    private boolean prefixUnchanged(InputStream in, MessageDigest md, Seen before) throws IOException {
        long length = digest(in, md, before.length());
        return length == before.length() && Arrays.equals(((MessageDigest) clone(md)).digest(), before.digest());
    }

    private static Object clone(MessageDigest md) {
        try {
            return md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    private long digest(RecordSource.Part part, MessageDigest md, long max) throws IOException {
        try (InputStream in = part.open(verifier.sink())) {
            return digest(in, md, max);
        }
    }

    /** Hashes up to {@code max} bytes of {@code in}; returns how many there were. */
    private long digest(InputStream in, MessageDigest md, long max) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        while (total < max) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, max - total));
            if (n < 0) {
                break;
            }
            md.update(buf, 0, n);
            total += n;
        }
        bytesRead += total;
        return total;
    }

    private String stamp(RecordSource.Part part) throws IOException {
        return part instanceof DirectorySource.Segment segment ? segment.stamp(clock.millis()) : null;
    }

    /** A chain ending before the evidence of its head, or before what an earlier round read, was cut. */
    private void checkHead(RecordSource.ChainState state, List<Problem> found) {
        long last = verifier.lastSeq();
        if (state.minimumHead() > last) {
            found.add(problem(ProblemKind.TRUNCATED, last + 1, null, "the chain ends at seq " + last + " but "
                    + state.evidence() + " says it reached seq " + state.minimumHead() + ": records were cut from the end"));
        }
        if (highWater > last) {
            found.add(problem(ProblemKind.TRUNCATED, last + 1, null, "the chain ends at seq " + last + " but an "
                    + "earlier round verified it up to seq " + highWater + ": records were cut from the end"));
        }
        highWater = Math.max(highWater, last);
        Problem prefix = verifier.unattestedPrefix();
        if (prefix != null) {
            found.add(prefix);
        }
    }

    private Problem problem(ProblemKind kind, long seq, String file, String message) {
        return new Problem(kind, chain, seq, file, 0, message);
    }

    /** Drops problems reported by an earlier round (the same kind at the same seq and place). */
    private List<Problem> unreported(List<Problem> found) {
        List<Problem> fresh = new ArrayList<>();
        for (Problem p : found) {
            if (reported.add(p.kind() + "|" + p.seq() + "|" + p.location())) {
                fresh.add(p);
            }
        }
        for (Iterator<String> it = reported.iterator(); reported.size() > MAX_REMEMBERED; ) {
            it.next();
            it.remove();
        }
        return fresh;
    }

    /**
     * Hashes the bytes read through it up to the last line end seen; the bytes of an incomplete
     * last line are hashed only once their line end comes (or {@link #digestPending} is called),
     * so the hash covers exactly the complete lines the verifier accepted as read.
     */
    private static final class LineDigest extends FilterInputStream {
        private final MessageDigest md;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        long count;

        LineDigest(InputStream in, MessageDigest md) {
            super(in);
            this.md = md;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                int lastEnd = -1;
                for (int i = off + n - 1; i >= off; i--) {
                    if (b[i] == '\n') {
                        lastEnd = i;
                        break;
                    }
                }
                if (lastEnd < 0) {
                    pending.write(b, off, n);
                } else {
                    digestPending();
                    md.update(b, off, lastEnd + 1 - off);
                    pending.write(b, lastEnd + 1, off + n - lastEnd - 1);
                }
            }
            return n;
        }

        void digestPending() {
            md.update(pending.toByteArray());
            pending.reset();
        }

        @Override
        public void close() {
            // the caller closes the part's stream
        }
    }
}
