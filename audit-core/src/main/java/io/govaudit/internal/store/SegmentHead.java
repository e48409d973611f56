package io.govaudit.internal.store;

import io.govaudit.internal.format.RecordView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPInputStream;

/**
 * The first record of a segment, plain or gzipped: its seq, time and {@code prev}. The
 * {@code prev} of a segment's first record is the hash of the previous segment's last record,
 * which is what a purge of that previous segment must attest (docs/operations.md, retention and capacity).
 *
 * @param seq  the first record's seq
 * @param ts   its time
 * @param prev its {@code prev} member
 */
record SegmentHead(long seq, Instant ts, String prev) {

    private static final int MAX_LINE = 2 * 1024 * 1024;

    /**
     * Reads the first line of a segment.
     *
     * @param segment the segment
     * @return the head, or null if the segment is empty or its first line is not a record
     * @throws IOException if the file cannot be read
     */
    static SegmentHead read(Path segment) throws IOException {
        try (InputStream in = open(segment)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (line.size() == MAX_LINE) {
                    return null;
                }
                line.write(b);
            }
            if (b < 0) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            RecordView view = new RecordView();
            return view.parse(bytes, 0, bytes.length) ? new SegmentHead(view.seq(), view.ts(), view.prev()) : null;
        }
    }

    private static InputStream open(Path segment) throws IOException {
        InputStream in = Files.newInputStream(segment);
        if (SegmentNames.isGzip(segment.getFileName().toString())) {
            return new GZIPInputStream(in, 8192);
        }
        return new java.io.BufferedInputStream(in, 8192);
    }
}
