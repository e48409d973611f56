package io.govaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the seq of the last complete record of a chain from its newest segment (file layout of
 * docs/format.md sections 6-7), and what its closing {@code TRAIL_STOP} says was not recorded. {@code generate} uses it because the trail reports no seq in
 * {@code ASYNC} mode. It reads only the tail of the newest segment and checks nothing: that is
 * the verifier's job. Thread-safe (stateless).
 */
final class ChainHead {

    private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.log(\\.gz)?");
    private static final JsonFactory JSON = new JsonFactory();
    private static final int FIRST_READ = 64 * 1024;

    private ChainHead() {
    }

    /**
     * Returns the seq of the last complete line of the chain's newest segment.
     *
     * @param store the store directory
     * @param chain the chain id
     * @return the seq, or 0 when the chain has no segment or no complete record
     * @throws IOException if the chain directory or segment cannot be read
     */
    static long lastSeq(Path store, String chain) throws IOException {
        return seqOf(lastLine(store, chain));
    }

    /**
     * Returns the seq of a record line.
     *
     * @param line the record line, or null
     * @return its seq, or 0 for null
     * @throws IOException if the line has no seq
     */
    static long seqOf(String line) throws IOException {
        return line == null ? 0 : seq(line);
    }

    /**
     * Returns how many events the trail did not record while it was stopped when it closed: the
     * {@code detail.not_recorded} of the chain's last record if that is a {@code TRAIL_STOP}.
     *
     * @param store the store directory
     * @param chain the chain id
     * @return the count, or 0 when the last record is no {@code TRAIL_STOP} or carries no count
     * @throws IOException if the chain's newest segment cannot be read
     */
    static long notRecordedAtStop(Path store, String chain) throws IOException {
        return notRecordedAtStop(lastLine(store, chain));
    }

    /**
     * Returns the {@code detail.not_recorded} of a record line if it is a {@code TRAIL_STOP}.
     *
     * @param line the record line, or null
     * @return the count, or 0 when the line is null, no {@code TRAIL_STOP} or carries no count
     * @throws IOException if the line is not JSON
     */
    static long notRecordedAtStop(String line) throws IOException {
        if (line == null) {
            return 0;
        }
        try (JsonParser parser = JSON.createParser(line)) {
            boolean trailStop = false;
            long notRecorded = 0;
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("type".equals(name)) {
                    trailStop = "TRAIL_STOP".equals(parser.getText());
                } else if ("detail".equals(name) && value == JsonToken.START_OBJECT) {
                    notRecorded = notRecorded(parser);
                } else {
                    parser.skipChildren();
                }
            }
            return trailStop ? notRecorded : 0;
        }
    }

    /** Reads a {@code detail} object, positioned at its start, for {@code not_recorded}. */
    private static long notRecorded(JsonParser parser) throws IOException {
        long notRecorded = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("not_recorded".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                notRecorded = parser.getLongValue();
            } else {
                parser.skipChildren();
            }
        }
        return notRecorded;
    }

    static String lastLine(Path store, String chain) throws IOException {
        Optional<Path> newest = newestSegment(store.resolve(chain));
        if (newest.isEmpty()) {
            return null;
        }
        return newest.get().getFileName().toString().endsWith(".gz")
                ? lastLineOfGzip(newest.get()) : lastLine(newest.get());
    }

    private static Optional<Path> newestSegment(Path chainDir) throws IOException {
        if (!Files.isDirectory(chainDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(chainDir)) {
            return files.filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches())
                    .max(Comparator.comparing(f -> f.getFileName().toString()));
        }
    }

    /** The last line ending in {@code \n}; bytes after it are a torn tail, not a record. */
    private static String lastLine(Path segment) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "r")) {
            for (long window = FIRST_READ; ; window *= 2) {
                long from = Math.max(0, file.length() - window);
                byte[] tail = new byte[(int) (file.length() - from)];
                file.seek(from);
                file.readFully(tail);
                String line = lastCompleteLine(tail, from == 0);
                if (line != null || from == 0) {
                    return line;
                }
            }
        }
    }

    private static String lastCompleteLine(byte[] tail, boolean fromStart) {
        int end = tail.length - 1;
        while (end >= 0 && tail[end] != '\n') {
            end--;
        }
        if (end < 0) {
            return null;
        }
        int start = end - 1;
        while (start >= 0 && tail[start] != '\n') {
            start--;
        }
        if (start < 0 && !fromStart) {
            return null; // the line may begin before the window
        }
        return new String(tail, start + 1, end - start - 1, StandardCharsets.UTF_8);
    }

    private static String lastLineOfGzip(Path segment) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(segment)), StandardCharsets.UTF_8))) {
            String last = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                last = line;
            }
            return last;
        }
    }

    private static long seq(String line) throws IOException {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if ("seq".equals(name)) {
                    return parser.getLongValue();
                }
                parser.skipChildren();
            }
            return 0;
        }
    }
}
