package io.govaudit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What {@code plan --sample} measures on an existing store: the records and their uncompressed
 * bytes, streamed from every segment ({@code .log} and {@code .log.gz}), and the gzip ratio of a
 * bounded sample of them ({@value #SAMPLE_BYTES} bytes, compressed with {@link GZIPOutputStream}
 * at its default level, as a closed segment is). Records are counted by their newline, so the
 * average is the stored size of a whole line; bytes after the last newline of a segment (a torn
 * tail) are not counted.
 *
 * <p>Immutable and thread-safe; {@link #measure} is stateless.
 *
 * @param chains         chains measured
 * @param segments       segment files read
 * @param gzipSegments   of those, files already compressed ({@code .log.gz})
 * @param records        complete records read
 * @param bytes          their uncompressed bytes
 * @param sampledBytes   uncompressed bytes compressed for the ratio
 * @param compressedBytes what those became
 */
record StoreSample(int chains, int segments, int gzipSegments, long records, long bytes, long sampledBytes,
        long compressedBytes) {

    /** How many uncompressed bytes are compressed to estimate the ratio: 8 MiB. */
    static final int SAMPLE_BYTES = 8 * 1024 * 1024;

    private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.log(\\.gz)?");

    /** @return the average stored record size in bytes */
    double recordBytes() {
        return (double) bytes / records;
    }

    /** @return compressed / uncompressed size of the sample */
    double gzipRatio() {
        return (double) compressedBytes / sampledBytes;
    }

    /**
     * Measures a store directory (one sub-directory per chain) or a single chain directory.
     *
     * @param dir the directory
     * @return what was measured
     * @throws CliFailure  if the directory holds no segment with a complete record
     * @throws IOException if a segment cannot be read
     */
    static StoreSample measure(Path dir) throws IOException {
        List<Path> chains = segments(dir).isEmpty() ? subdirectories(dir) : List.of(dir);
        Counter counter = new Counter();
        for (Path chain : chains) {
            List<Path> segments = segments(chain);
            if (!segments.isEmpty()) {
                counter.chains++;
            }
            for (Path segment : segments) {
                counter.read(segment);
            }
        }
        if (counter.records == 0) {
            throw new CliFailure("no records found in " + dir + ": give a store directory (one sub-directory "
                    + "per chain) or a chain directory holding segment files (<20 digits>.log or .log.gz)");
        }
        counter.sample.close();
        return new StoreSample(counter.chains, counter.segments, counter.gzipSegments, counter.records,
                counter.bytes, counter.sampled, counter.compressed.count);
    }

    private static List<Path> subdirectories(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches())
                    .sorted().toList();
        }
    }

    /** Accumulates the counts over segments. Not thread-safe. */
    private static final class Counter {
        final CountingSink compressed = new CountingSink();
        final OutputStream sample;
        int chains;
        int segments;
        int gzipSegments;
        long records;
        long bytes;
        long sampled;

        Counter() throws IOException {
            sample = new GZIPOutputStream(compressed, 64 * 1024);
        }

        void read(Path segment) throws IOException {
            boolean gzip = segment.getFileName().toString().endsWith(".gz");
            segments++;
            gzipSegments += gzip ? 1 : 0;
            try (InputStream raw = Files.newInputStream(segment);
                    InputStream in = gzip ? new GZIPInputStream(raw, 64 * 1024) : raw) {
                byte[] buffer = new byte[64 * 1024];
                long sinceNewline = 0;
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    sinceNewline = count(buffer, n, sinceNewline);
                    int take = (int) Math.min(n, SAMPLE_BYTES - sampled);
                    sample.write(buffer, 0, take);
                    sampled += take;
                }
            }
        }

        /** Counts the complete lines in the buffer; returns the bytes of the unfinished line. */
        private long count(byte[] buffer, int n, long sinceNewline) {
            long pending = sinceNewline;
            for (int i = 0; i < n; i++) {
                pending++;
                if (buffer[i] == '\n') {
                    records++;
                    bytes += pending;
                    pending = 0;
                }
            }
            return pending;
        }
    }

    /** Counts what is written to it and keeps nothing. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
