package io.govaudit.internal.trail;

import io.govaudit.internal.format.ChainLines;
import io.govaudit.internal.format.DetailFields;
import io.govaudit.verify.RecordSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the durable record lines of a trail's own chain, in seq order, for a replica
 * ({@link ReplicaShipper}): each line is checked before it is handed out (it parses as a record of
 * the chain, its seq follows, its {@code prev} is the hash of the line before it, its public hash
 * is right), so a replica never receives a line the verifier would refuse. Lines are handed out in
 * batches that never span two segments, so the replica keeps the trail's segment boundaries.
 *
 * <p>The active segment is read while the writer appends to it: bytes after the last line feed
 * are left for a later call, and so are lines beyond the durable head the caller gives. A segment
 * ends when its bytes are exhausted and the segment named for the next seq exists (the writer
 * rolls only after forcing the closed segment); the cursor then reports the SHA-256 of the whole
 * segment's content, for comparing with the replica's copy. A closed segment the writer gzipped
 * meanwhile is read from the stream already open, or from the {@code .gz} file.
 *
 * <p>Not thread-safe: confined to one replica's thread.
 */
final class SourceCursor implements Closeable {

    private final RecordSource source;
    private final String chain;
    private final MessageDigest segmentDigest = sha256();

    private RecordSource.Part part;
    private InputStream in;
    private ChainLines lines;
    /** The batch being handed out, reused. */
    private byte[] out = new byte[64 * 1024];

    /**
     * @param storeDirectory the trail's store directory
     * @param chain          the chain
     */
    SourceCursor(Path storeDirectory, String chain) {
        this.source = RecordSource.directory(storeDirectory);
        this.chain = chain;
    }

    /**
     * One batch of lines of one segment, or the end of that segment, or both.
     *
     * @param segmentFirst           the first seq of the segment the lines belong to
     * @param lines                  the lines, valid until the next call (reused)
     * @param length                 their bytes from the start of {@code lines}, 0 for none
     * @param firstSeq               the first line's seq
     * @param lastSeq                the last line's seq
     * @param lastHash               the last line's hash
     * @param firstTs                the first line's time, null without lines
     * @param purgedThrough          the {@code last_seq} of each {@code RETENTION_PURGE} among them
     * @param completedSegmentSha256 the SHA-256 of the whole segment when it ended, else null
     */
    record Batch(long segmentFirst, byte[] lines, int length, long firstSeq, long lastSeq, String lastHash,
            Instant firstTs, List<Long> purgedThrough, byte[] completedSegmentSha256) {

        boolean hasLines() {
            return length > 0;
        }
    }

    /**
     * Positions the cursor after the replica's head: the next line handed out is {@code head + 1}.
     * Reads the segment holding it from its start, checking that the record {@code head}, where
     * the trail still has it, is the replica's (same hash).
     *
     * @param head     the replica's last seq, 0 for an empty replica
     * @param headHash its hash
     * @throws IOException      if the chain cannot be read
     * @throws ReplicaException if the trail no longer holds {@code head + 1}, or its record
     *                          {@code head} is not the replica's
     */
    void position(long head, String headHash) throws IOException {
        closeStream();
        List<RecordSource.Part> parts = source.parts(chain);
        if (parts.isEmpty()) {
            throw new ReplicaException("the trail's chain '" + chain + "' has no segment in " + source.location());
        }
        RecordSource.Part chosen = null;
        for (RecordSource.Part p : parts) {
            if (p.namedFirstSeq() <= head + 1) {
                chosen = p;
            }
        }
        if (chosen == null) {
            if (head > 0) {
                throw new ReplicaException("the trail no longer holds seq " + (head + 1) + " (its oldest segment is "
                        + parts.get(0).name() + ", purged before it was replicated); the replica ends at seq " + head
                        + " and cannot be continued: start a new replica");
            }
            chosen = parts.get(0); // an empty replica starts where the trail's records start
        }
        open(chosen);
        byte[] replicaHash = headHash.getBytes(StandardCharsets.US_ASCII);
        if (head > 0 && head == chosen.namedFirstSeq() - 1) {
            lines.expectPrev(replicaHash); // the segment's first record must link to the replica's head
        }
        while (lines.nextSeq() <= head) {
            if (!lines.nextLine()) {
                throw new ReplicaException("the trail's segment " + part.name() + " ends before seq " + head
                        + ", the replica's head: the replica holds records the trail does not");
            }
            checkAndConsume();
        }
        if (head > 0 && !Arrays.equals(lines.lastHash(), replicaHash)) {
            throw new ReplicaException("record " + head + " of the replica differs from the trail's (hash " + headHash
                    + " in the replica, " + new String(lines.lastHash(), StandardCharsets.US_ASCII)
                    + " in the trail): the replica is not this trail's");
        }
    }

    /**
     * Hands out the next lines up to {@code durableSeq}, at most about {@code maxBytes}, all of
     * one segment; reports the end of that segment once the writer has started the next one.
     *
     * @param durableSeq the trail's durable head: no line beyond it is handed out
     * @param maxBytes   the batch size to aim for
     * @return the batch, or null if nothing new can be read now
     * @throws IOException      if the chain cannot be read
     * @throws ReplicaException if a line is not the next record of the chain
     */
    Batch next(long durableSeq, int maxBytes) throws IOException {
        if (lines == null) {
            throw new IllegalStateException("position() first");
        }
        long segmentFirst = part.namedFirstSeq();
        long firstSeq = lines.nextSeq();
        Instant firstTs = null;
        List<Long> purges = List.of();
        int length = 0;
        while (lines.nextSeq() <= durableSeq && length < maxBytes && lines.nextLine()) {
            checkAndConsume();
            if (firstTs == null) {
                firstTs = lines.view().ts();
            }
            if ("RETENTION_PURGE".equals(lines.view().type())) {
                purges = purges.isEmpty() ? new ArrayList<>() : purges;
                purges.add(purgedThrough());
            }
            int lineLength = lines.lineLength() + 1;
            if (length + lineLength > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, length + lineLength));
            }
            System.arraycopy(lines.buffer(), lines.lineStart(), out, length, lineLength);
            length += lineLength;
        }
        byte[] completed = null;
        if (lines.nextSeq() <= durableSeq && length < maxBytes && segmentEnded()) {
            completed = segmentDigest.digest();
        }
        if (length == 0 && completed == null) {
            return null;
        }
        byte[] lastHash = lines.lastHash();
        Batch batch = new Batch(segmentFirst, out, length, firstSeq, lines.nextSeq() - 1,
                lastHash == null ? null : new String(lastHash, StandardCharsets.US_ASCII), firstTs, purges, completed);
        if (completed != null) {
            moveTo(lines.nextSeq(), lastHash);
        }
        return batch;
    }

    private void checkAndConsume() {
        String problem = lines.check();
        if (problem != null) {
            throw broken(problem);
        }
        lines.consume();
    }

    private void open(RecordSource.Part p) throws IOException {
        part = p;
        segmentDigest.reset();
        in = p.open((kind, seq, line, message) -> {
            throw new ReplicaException("the trail's segment " + p.name() + ": " + message);
        });
        lines = new ChainLines(chain, in, p.namedFirstSeq(), segmentDigest);
    }

    /**
     * True when the current segment has no more bytes and the writer has started the segment
     * named for the next seq: it forced this one before, so nothing more will come.
     */
    private boolean segmentEnded() throws IOException {
        if (lines.fill() > 0) {
            return false;
        }
        for (RecordSource.Part p : source.parts(chain)) {
            if (p.namedFirstSeq() == lines.nextSeq()) {
                if (lines.fill() > 0) {
                    return false; // written just before the roll: hand those lines out first
                }
                if (lines.hasPartialLine()) {
                    throw broken("bytes after the last line feed of a segment that is closed");
                }
                return true;
            }
        }
        return false;
    }

    private void moveTo(long firstSeq, byte[] link) throws IOException {
        closeStream();
        for (RecordSource.Part p : source.parts(chain)) {
            if (p.namedFirstSeq() == firstSeq) {
                open(p);
                lines.expectPrev(link);
                return;
            }
        }
        throw new ReplicaException("the trail's segment for seq " + firstSeq + " disappeared");
    }

    private long purgedThrough() {
        String lastSeq = DetailFields.read(lines.buffer(), lines.lineStart(), lines.lineLength()).get("last_seq");
        try {
            return Long.parseLong(lastSeq);
        } catch (NumberFormatException e) {
            throw broken("a RETENTION_PURGE record whose last_seq is " + lastSeq);
        }
    }

    private ReplicaException broken(String what) {
        return new ReplicaException("the trail's chain " + chain + ", segment " + part.name() + ": " + what
                + "; nothing after it is replicated; verify the store (audit-cli verify)");
    }

    private void closeStream() throws IOException {
        lines = null;
        if (in != null) {
            InputStream open = in;
            in = null;
            open.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeStream();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
