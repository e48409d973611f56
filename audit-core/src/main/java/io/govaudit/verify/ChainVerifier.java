package io.govaudit.verify;

import io.govaudit.internal.format.DetailFields;
import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.format.RecordView;
import io.govaudit.internal.format.Timestamps;
import io.govaudit.internal.store.SegmentNames;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifies one chain in a single streaming pass (docs/format.md section 9).
 *
 * <p>Ordering: segments are read in name order; within a segment, lines in file order. The state
 * carried from line to line is constant in size: the next expected seq, the hash and time of the
 * highest record so far, and the last gap reported (so that a record turning up late is reported
 * as out of order rather than as a gap plus a repeat).
 *
 * <p>Purges and stops: a chain that does not start at seq 1 is accepted only if a
 * {@code RETENTION_PURGE} record later in the chain names exactly the missing range's last seq
 * and, as its hash, the {@code prev} of the first record kept (docs/operations.md, retention and capacity); until such
 * a record turns up the missing prefix is pending, and at the end it is {@code UNATTESTED_GAP}.
 * Events the trail did not record while stopped never had a seq, so they leave no gap; the
 * {@code RECORDING_RESUMED} (or {@code TRAIL_STOP}) record that counts them is reported as a
 * {@code RECORDING_GAP} warning.
 *
 * <p>Recovery from problems: after a line that cannot be parsed, the next record may carry the
 * expected seq (the line was inserted) or the one after (the line replaced a record); its link
 * cannot be checked. After a gap, the chain continues from the record that follows it.
 *
 * <p>Not thread-safe; one instance per chain and verification.
 */
final class ChainVerifier {

    private static final int BUFFER_BYTES = 1 << 20;
    private static final int MAX_LINE_BYTES = 4 << 20;

    private final String chain;
    private final byte[] chainBytes;
    private final AuditVerifier.ProgressCounter progress;
    private final RecordView view = new RecordView();
    private final MessageDigest sha256 = RecordFormat.sha256();
    private final List<Problem> problems = new ArrayList<>();
    private long problemsNotListed;

    private long expected = 1;
    private byte[] lastHash = RecordFormat.GENESIS_PREV.getBytes(StandardCharsets.US_ASCII);
    private final byte[] lastTs = new byte[Timestamps.LENGTH];
    private boolean haveTs;
    private boolean afterUnparseable;
    /** Whether the line being checked has the hash of the last accepted record as its prev. */
    private boolean prevMatchesLast;
    private long records;
    private long bytes;
    private long firstSeq;
    private long lastSeq;
    private Instant firstTime;

    /** The last gap reported, so a late record can shrink it. */
    private int gapIndex = -1;
    private long gapFrom;
    private long gapTo;

    private String file;
    private long lineNo;
    /** Incremental reading: bytes after the last line end are left for the next call, not reported. */
    private boolean leaveTail;
    /** Bytes after the last line end of the last stream read. */
    private long tailBytes;

    /** A missing prefix waiting for its attesting purge record: last missing seq, prev of the first kept. */
    private long prefixTo;
    private String prefixPrev;
    private String prefixFile;
    private long prefixLine;
    private long attestedThrough;

    private final SealVerifier seal;

    /** Whether each segment is read and hashed ahead on a second thread ({@link HashAhead}). */
    private final boolean hashAhead;
    /** The segment's hash-ahead stream while one is read with it, else null. */
    private HashAhead ahead;
    /** The stream offset of the line {@link #line} checks, for {@link #ahead}. */
    private long lineStart;

    /** The last type string classified by {@link #libraryRecord}, and whether it is one it reads. */
    private String classifiedType;
    private boolean classifiedLibrary;

    ChainVerifier(String chain, AuditVerifier.ProgressCounter progress, VerifyKeys.Loaded keys) {
        this(chain, progress, keys, false);
    }

    /**
     * @param hashAhead read and hash each segment on a second thread while this one checks
     *                  ({@link HashAhead}); the report is the same either way
     */
    ChainVerifier(String chain, AuditVerifier.ProgressCounter progress, VerifyKeys.Loaded keys, boolean hashAhead) {
        this.hashAhead = hashAhead;
        this.chain = chain;
        this.seal = new SealVerifier(chain, keys, (kind, seq, message) -> report(kind, seq, lineNo, message));
        this.chainBytes = chain.getBytes(StandardCharsets.US_ASCII);
        this.progress = progress;
    }

    /** Reports a chain state that cannot be read (a head mark changed by someone else). */
    void stateUnreadable(IOException e) {
        report(ProblemKind.IO_ERROR, 0, 0, "cannot read the chain's state: " + e.getMessage());
    }

    ChainReport verify(List<RecordSource.Part> segments, List<RecordSource.ChainState> knownHeads) {
        for (int i = 0; i < segments.size(); i++) {
            verifySegment(segments.get(i), i == segments.size() - 1);
            seal.segmentEnd(i < segments.size() - 1);
        }
        file = null;
        lineNo = 0;
        compareHead(knownHeads);
        Instant endTime = records == 0 ? null : Timestamps.parse(new String(lastTs, StandardCharsets.US_ASCII));
        seal.finish(firstSeq, lastSeq, endTime);
        seal.close();
        if (prefixTo > 0) {
            problems.add(0, new Problem(ProblemKind.UNATTESTED_GAP, chain, 1, prefixFile, prefixLine,
                    "chain starts at seq " + (prefixTo + 1) + "; records 1.." + prefixTo
                            + " are missing and no RETENTION_PURGE record attests them"));
        }
        List<Problem> listed = new ArrayList<>();
        for (Problem p : problems) {
            if (p != null) {
                listed.add(p);
            }
        }
        Instant lastTime = records == 0 ? null
                : Timestamps.parse(new String(lastTs, StandardCharsets.US_ASCII));
        return new ChainReport(chain, records, segments.size(), bytes, firstSeq, lastSeq, firstTime, lastTime,
                attestedThrough, listed, problemsNotListed);
    }

    /** A verdict about nothing is never "intact"; a head behind what is known of it is a cut. */
    private void compareHead(List<RecordSource.ChainState> knownHeads) {
        if (records == 0) {
            List<String> why = new ArrayList<>();
            knownHeads.forEach(known -> why.add(known.evidence()));
            report(ProblemKind.NO_RECORDS, 0, 0, "chain '" + chain + "' holds no record"
                    + (why.isEmpty() ? "" : ", but " + String.join(" and ", why) + " say" + (why.size() == 1 ? "s" : "")
                            + " it exists") + ": its records were deleted, or it never recorded anything");
            return;
        }
        for (RecordSource.ChainState known : knownHeads) {
            if (known.minimumHead() > lastSeq) {
                report(ProblemKind.TRUNCATED, lastSeq + 1, 0, "the chain ends at seq " + lastSeq + " but "
                        + known.evidence() + " says it reached seq " + known.minimumHead()
                        + ": records were cut from the end");
            }
        }
    }

    private void verifySegment(RecordSource.Part segment, boolean newest) {
        file = segment.name();
        lineNo = 0;
        long namedSeq = segment.namedFirstSeq();
        progress.segmentStarted(chain, file);
        RecordSource.ProblemSink sink = (kind, seq, line, message) -> report(kind, seq, line, message);
        try (InputStream in = counting(segment.open(sink))) {
            if (hashAhead) {
                try (HashAhead hashing = new HashAhead(in, "govaudit-verifier-hash-" + chain)) {
                    ahead = hashing;
                    readLines(hashing, segment, namedSeq, newest);
                } finally {
                    ahead = null;
                }
            } else {
                readLines(in, segment, namedSeq, newest);
            }
            trailingGzip(in);
        } catch (IOException | java.io.UncheckedIOException e) {
            report(ProblemKind.IO_ERROR, 0, 0, "cannot read " + file + ": " + e);
        }
    }

    private InputStream counting(InputStream in) {
        return new Counting(in, chain, file, progress);
    }

    /** Counts the bytes read for progress and keeps the source stream reachable. */
    private static final class Counting extends FilterInputStream {
        final InputStream source;
        private final String chain;
        private final String part;
        private final AuditVerifier.ProgressCounter progress;

        Counting(InputStream source, String chain, String part, AuditVerifier.ProgressCounter progress) {
            super(source);
            this.source = source;
            this.chain = chain;
            this.part = part;
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.read(chain, part, n);
            }
            return n;
        }
    }

    // ---- incremental use (IncrementalVerifier): the same checks, fed a part at a time ----

    /**
     * Reads the complete lines of {@code in}: a whole closed segment ({@code closed}, where bytes
     * after the last line end are {@link ProblemKind#UNPARSEABLE}), or the next stretch of the
     * active segment, whose incomplete last line is left for the next call.
     *
     * @param part         the part the lines come from
     * @param in           its bytes from where the last call stopped (from its start when {@code segmentStart})
     * @param segmentStart whether {@code in} starts at the part's first line (its name's seq is checked)
     * @param closed       whether the part is closed: read to its end, then the seal's end-of-segment checks
     * @return the bytes of the complete lines read
     * @throws IOException if the part cannot be read
     */
    long feed(RecordSource.Part part, InputStream in, boolean segmentStart, boolean closed) throws IOException {
        file = part.name();
        if (segmentStart) {
            lineNo = 0;
        }
        long before = bytes;
        leaveTail = !closed;
        try (InputStream counted = counting(in)) {
            readLines(counted, part, segmentStart ? part.namedFirstSeq() : -1, false);
            trailingGzip(counted);
        } finally {
            leaveTail = false;
        }
        if (closed) {
            seal.segmentEnd(true);
        }
        return bytes - before - (closed ? 0 : tailBytes);
    }

    /** @return the problems found since the last call, which are then forgotten */
    List<Problem> takeProblems() {
        List<Problem> taken = new ArrayList<>();
        for (Problem p : problems) {
            if (p != null) {
                taken.add(p);
            }
        }
        problems.clear();
        gapIndex = -1;
        if (problemsNotListed > 0) {
            taken.add(new Problem(ProblemKind.IO_ERROR, chain, 0, file, 0, problemsNotListed
                    + " further problems were not listed; run a full verification"));
            problemsNotListed = 0;
        }
        return taken;
    }

    /** @return the missing prefix no {@code RETENTION_PURGE} attests so far, or null */
    Problem unattestedPrefix() {
        return prefixTo == 0 ? null : new Problem(ProblemKind.UNATTESTED_GAP, chain, 1, prefixFile, prefixLine,
                "chain starts at seq " + (prefixTo + 1) + "; records 1.." + prefixTo
                        + " are missing and no RETENTION_PURGE record attests them");
    }

    /** @return where a source reports what it finds itself while a part is read */
    RecordSource.ProblemSink sink() {
        return this::report;
    }

    /** @return the highest seq read so far, 0 if none */
    long lastSeq() {
        return lastSeq;
    }

    private void trailingGzip(InputStream in) {
        if (in instanceof Counting counting && counting.source instanceof GzipMembers gzip
                && gzip.trailingBytes() > 0) {
            report(ProblemKind.TRAILING_DATA, 0, lineNo, gzip.trailingBytes()
                    + " bytes follow the last gzip member: data was appended to the compressed segment");
        }
    }

    private void readLines(InputStream in, RecordSource.Part segment, long namedSeq, boolean newest) throws IOException {
        byte[] buf = new byte[BUFFER_BYTES];
        int start = 0;
        int end = 0;
        boolean skipping = false; // inside an over-long line
        boolean first = true;
        long consumed = 0; // bytes read from in: buf[k] is at stream offset consumed - (end - k)
        while (true) {
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else if (buf.length < MAX_LINE_BYTES) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                } else {
                    if (!skipping) {
                        lineNo++;
                        report(ProblemKind.UNPARSEABLE, 0, lineNo, "line longer than " + MAX_LINE_BYTES + " bytes");
                        afterUnparseable = true;
                    }
                    skipping = true;
                    start = 0;
                    end = 0;
                }
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                break;
            }
            bytes += n;
            consumed += n;
            int scanFrom = end;
            end += n;
            for (int i = indexOfNewline(buf, scanFrom, end); i >= 0; i = indexOfNewline(buf, i + 1, end)) {
                if (skipping) {
                    skipping = false;
                } else {
                    lineNo++;
                    lineStart = consumed - (end - start);
                    line(buf, start, i - start, first ? namedSeq : -1);
                    first = false;
                }
                start = i + 1;
            }
        }
        tailBytes = end - start;
        if (leaveTail) {
            return;
        }
        if (end > start && !skipping) {
            lineNo++;
            boolean torn = newest && !segment.closed();
            report(torn ? ProblemKind.TORN_TAIL : ProblemKind.UNPARSEABLE, 0, lineNo,
                    (end - start) + " bytes after the last complete line" + (torn
                            ? " (the writer stopped mid-write; reopening the chain quarantines them)"
                            : " of a closed segment"));
        }
    }

    /**
     * The scan for line ends is a method of its own, called once per line, so the JIT compiles it
     * fully after a few thousand lines; inlined into {@link #readLines}, which runs only once per
     * segment, it ran mostly in not yet optimised code (benchmarks/README.md).
     */
    private static int indexOfNewline(byte[] buf, int from, int to) {
        return RecordView.indexOfNewline(buf, from, to);
    }

    private void line(byte[] buf, int offset, int length, long namedSeq) {
        // The plain hash and the link are checked first, as they prove prev and hash lowercase
        // hex without testing their 128 characters again (lastHash always holds accepted hex).
        boolean parsed = view.parseDeferringHex(buf, offset, length);
        boolean plainHashValid = false;
        if (parsed) {
            plainHashValid = view.hashIsPublic() && plainHashValid(length);
            prevMatchesLast = view.prevEquals(lastHash);
            parsed = view.hexValid(plainHashValid, prevMatchesLast);
        }
        if (!parsed) {
            ProblemKind kind = view.version() > 0 && !RecordFormat.readable(view.version())
                    ? ProblemKind.UNKNOWN_VERSION : ProblemKind.UNPARSEABLE;
            report(kind, 0, lineNo, view.error());
            afterUnparseable = true;
            return;
        }
        records++;
        long seq = view.seq();
        if (!view.chainEquals(chainBytes)) {
            report(ProblemKind.WRONG_CHAIN, seq, lineNo, "record names chain '" + view.chain()
                    + "' but is stored in chain '" + chain + "'");
        }
        if (!seal.hashValid(view, plainHashValid, seq)) {
            report(ProblemKind.HASH_MISMATCH, seq, lineNo, view.hashIsPublic()
                    ? "stored hash is not the SHA-256 of the record's bytes"
                    : "stored hash is not the HMAC of the record's bytes under the key of epoch " + view.ep());
        }
        if (namedSeq > 0 && seq != namedSeq) {
            report(ProblemKind.SEGMENT_MISPLACED, seq, lineNo, "segment is named for seq " + namedSeq
                    + " but its first record has seq " + seq);
        }
        sequence(seq, buf, offset, length);
        seal.record(view, seq, buf, offset, length);
    }

    /** The SHA-256 check of the line: with the digest computed ahead for it if there is one. */
    private boolean plainHashValid(int length) {
        if (ahead != null) {
            byte[] digest = ahead.digest(lineStart, length);
            if (digest != null) {
                return view.hashMatches(digest);
            }
        }
        return view.hashValid(sha256);
    }

    private void sequence(long seq, byte[] buf, int offset, int length) {
        boolean linkKnown = !afterUnparseable;
        if (afterUnparseable && seq == expected + 1) {
            expected = seq; // the unparseable line took the place of a record
        }
        afterUnparseable = false;
        if (seq < expected) {
            outOfOrder(seq);
            return;
        }
        if (seq > expected) {
            gap(seq, buf, offset, length);
        } else if (linkKnown && !prevMatchesLast) {
            report(ProblemKind.BROKEN_LINK, seq, lineNo, "prev is not the hash of record " + (seq - 1));
        }
        accept(seq);
        libraryRecord(seq, buf, offset, length);
    }

    /** Reads the detail of the library records that attest purges or count unrecorded events. */
    private void libraryRecord(long seq, byte[] buf, int offset, int length) {
        String type = view.type();
        if (type != classifiedType) {
            // view.type() returns the same string while the type repeats: classify once per run
            classifiedType = type;
            classifiedLibrary = type.equals("RETENTION_PURGE") || type.equals("RECORDING_RESUMED")
                    || type.equals("TRAIL_STOP") || type.equals("RECORDS_LOST");
        }
        if (!classifiedLibrary) {
            return;
        }
        boolean purge = type.equals("RETENTION_PURGE");
        Map<String, String> detail = DetailFields.read(buf, offset, length);
        if (type.equals("RECORDS_LOST")) {
            report(ProblemKind.RECORDS_LOST, seq, lineNo, "the writer continued the chain after records "
                    + detail.getOrDefault("lost_from", "?") + ".." + detail.getOrDefault("lost_through", "?")
                    + " were lost (" + detail.getOrDefault("evidence", "no evidence given")
                    + "); they cannot be checked");
            return;
        }
        if (purge) {
            attest(detail);
            return;
        }
        String count = detail.get("not_recorded");
        if (count != null && !count.equals("0")) {
            report(ProblemKind.RECORDING_GAP, seq, lineNo, count + " event(s) were not recorded while the trail "
                    + "was stopped (" + detail.getOrDefault("stopped", "reason not given") + "), from "
                    + detail.getOrDefault("first_not_recorded", "?") + " to "
                    + detail.getOrDefault("last_not_recorded", "?"));
        }
    }

    private void attest(Map<String, String> detail) {
        if (prefixTo > 0 && String.valueOf(prefixTo).equals(detail.get("last_seq"))
                && prefixPrev.equals(detail.get("last_hash"))) {
            attestedThrough = prefixTo;
            prefixTo = 0;
        }
    }

    private void gap(long seq, byte[] buf, int offset, int length) {
        if (lostRangeStated(seq, buf, offset, length)) {
            return; // reported as RECORDS_LOST by libraryRecord, with the writer's evidence
        }
        if (expected == 1) {
            prefixTo = seq - 1;
            prefixPrev = view.prev();
            prefixFile = file;
            prefixLine = lineNo;
            return;
        }
        report(ProblemKind.SEQ_GAP, expected, lineNo, gapMessage(expected, seq - 1));
        gapIndex = problems.size() - 1;
        gapFrom = expected;
        gapTo = seq - 1;
    }

    /** Whether the record after a gap is the writer's RECORDS_LOST naming exactly that gap. */
    private boolean lostRangeStated(long seq, byte[] buf, int offset, int length) {
        if (!view.type().equals("RECORDS_LOST")) {
            return false;
        }
        Map<String, String> detail = DetailFields.read(buf, offset, length);
        return String.valueOf(expected).equals(detail.get("lost_from"))
                && String.valueOf(seq - 1).equals(detail.get("lost_through"));
    }

    private static String gapMessage(long from, long to) {
        return from == to ? "record " + from + " is missing" : "records " + from + ".." + to + " are missing";
    }

    private void outOfOrder(long seq) {
        if (gapIndex >= 0 && gapIndex < problems.size() && problems.get(gapIndex) != null
                && seq >= gapFrom && seq <= gapTo) {
            report(ProblemKind.SEQ_ORDER, seq, lineNo, "record " + seq + " appears after record " + (expected - 1));
            shrinkGap(seq);
        } else {
            report(ProblemKind.SEQ_REPEAT, seq, lineNo, "seq " + seq + " appears again after seq " + (expected - 1));
        }
    }

    private void shrinkGap(long seq) {
        Problem old = problems.get(gapIndex);
        if (seq == gapFrom) {
            gapFrom++;
        } else if (seq == gapTo) {
            gapTo--;
        } else {
            return; // a record from the middle of the gap: the gap report stays as it was
        }
        problems.set(gapIndex, gapFrom > gapTo ? null
                : new Problem(old.kind(), old.chain(), gapFrom, old.file(), old.line(), gapMessage(gapFrom, gapTo)));
    }

    private void accept(long seq) {
        if (firstSeq == 0) {
            firstSeq = seq;
            firstTime = view.ts();
        }
        if (haveTs && view.compareTs(lastTs) < 0) {
            report(ProblemKind.TIME_REGRESSION, seq, lineNo, "time " + view.ts() + " is before "
                    + new String(lastTs, StandardCharsets.US_ASCII) + " of the record before");
        }
        view.copyTs(lastTs);
        haveTs = true;
        lastSeq = Math.max(lastSeq, seq);
        view.copyHash(lastHash);
        expected = seq + 1;
    }

    private void report(ProblemKind kind, long seq, long line, String message) {
        if (problems.size() >= AuditVerifier.MAX_PROBLEMS_PER_CHAIN) {
            problemsNotListed++;
            return;
        }
        problems.add(new Problem(kind, chain, seq, file, line, message));
    }
}
