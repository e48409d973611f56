package io.govaudit.internal.store;

import io.govaudit.internal.format.RecordFormat;
import io.govaudit.internal.format.RecordView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.zip.GZIPInputStream;

/**
 * Finds the last complete, hash-valid record of a segment by reading backwards from its end.
 *
 * <p>Recovery: only the tail is read: a window at the end of the file, doubled while no valid
 * line is found in it. A line is valid when it ends in {@code \n}, has the record structure,
 * names the expected chain and its hash verifies (docs/format.md sections 6-7, STYLE.md S27). Everything
 * after the last valid line is the torn tail. Earlier lines are not examined: judging them is
 * the verifier's job, and recovery never rewrites them.
 *
 * <p>Not thread-safe; used once per open.
 */
final class SegmentTail {

    private static final int FIRST_WINDOW = 64 * 1024;

    /** Seq of the last valid record, or 0 if the segment holds none. */
    final long lastSeq;
    /** Hex hash of the last valid record, or null. */
    final String lastHash;
    /** Offset just after the last valid record's {@code \n}. */
    final long validLength;
    /** Size of the file when read. */
    final long size;

    private SegmentTail(long lastSeq, String lastHash, long validLength, long size) {
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
        this.validLength = validLength;
        this.size = size;
    }

    /**
     * Reads the tail of a plain segment.
     *
     * @param segment the segment file
     * @param chainId the chain the records must name
     * @return what was found
     * @throws IOException if the file cannot be read
     */
    static SegmentTail read(Path segment, String chainId) throws IOException {
        return read(segment, chainId, TailCheck.PLAIN);
    }

    static SegmentTail read(Path segment, String chainId, TailCheck check) throws IOException {
        if (SegmentNames.isGzip(segment.getFileName().toString())) {
            byte[] all;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(segment))) {
                all = in.readAllBytes();
            }
            return scan(all, 0, all.length, true, chainId, check);
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = channel.size();
            long window = Math.min(size, FIRST_WINDOW);
            while (true) {
                byte[] bytes = new byte[(int) window];
                readFully(channel, ByteBuffer.wrap(bytes), size - window);
                SegmentTail tail = scan(bytes, size - window, size, window == size, chainId, check);
                if (tail != null) {
                    return tail;
                }
                window = Math.min(size, window * 2);
            }
        }
    }

    /**
     * Scans {@code bytes} (the file's bytes from {@code base} to its end) backwards.
     *
     * @param whole true when {@code bytes} holds the whole file
     * @return the tail, or null if the window must grow
     */
    private static SegmentTail scan(byte[] bytes, long base, long size, boolean whole, String chainId,
            TailCheck check) {
        byte[] chain = chainId.getBytes(StandardCharsets.US_ASCII);
        RecordView view = new RecordView();
        MessageDigest sha256 = RecordFormat.sha256();
        int lineEnd = lastIndexOf(bytes, bytes.length - 1);
        while (lineEnd >= 0) {
            int lineStart = lastIndexOf(bytes, lineEnd - 1) + 1;
            if (lineStart == 0 && !whole) {
                return null; // this line may begin before the window
            }
            if (view.parse(bytes, lineStart, lineEnd - lineStart) && view.chainEquals(chain)
                    && check.valid(view, sha256)) {
                byte[] hash = new byte[64];
                view.copyHash(hash);
                return new SegmentTail(view.seq(), new String(hash, StandardCharsets.US_ASCII),
                        base + lineEnd + 1, size);
            }
            lineEnd = lineStart - 1;
        }
        if (!whole) {
            return null;
        }
        return new SegmentTail(0, null, 0, size);
    }

    private static int lastIndexOf(byte[] bytes, int from) {
        for (int i = from; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads the timestamp of the first record of a plain segment, for age-based rolling.
     *
     * @param segment the segment
     * @return the first record's time, or null if the first line is not a record
     * @throws IOException if the file cannot be read
     */
    static Instant firstRecordTime(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            byte[] head = new byte[(int) Math.min(channel.size(), 2 * 1024 * 1024)];
            readFully(channel, ByteBuffer.wrap(head), 0);
            for (int i = 0; i < head.length; i++) {
                if (head[i] == '\n') {
                    RecordView view = new RecordView();
                    return view.parse(head, 0, i) ? view.ts() : null;
                }
            }
            return null;
        }
    }

    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += n;
        }
    }
}
