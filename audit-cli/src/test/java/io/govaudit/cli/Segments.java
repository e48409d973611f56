package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers that read and damage segment files directly, as an attacker or a crash would. */
final class Segments {

    static final ObjectMapper JSON = new ObjectMapper();

    private Segments() {
    }

    static List<Path> of(Path store, String chain) throws IOException {
        try (Stream<Path> files = Files.list(store.resolve(chain))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    /** Every record of the chain, parsed, in file order. */
    static List<JsonNode> records(Path store, String chain) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (Path segment : of(store, chain)) {
            for (String line : Files.readAllLines(segment, StandardCharsets.UTF_8)) {
                records.add(parse(line));
            }
        }
        return records;
    }

    /**
     * Flips one byte of the record with the given seq in the first segment (where line = seq): the
     * first letter of its type code becomes another upper-case letter, so the line stays a
     * well-formed record whose hash no longer matches.
     */
    static void flipTypeLetter(Path segment, long seq) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        int start = lineStart(bytes, seq);
        int at = indexOf(bytes, "\"type\":\"".getBytes(StandardCharsets.US_ASCII), start) + 8;
        assertThat(bytes[at]).isBetween((byte) 'A', (byte) 'Z');
        bytes[at] = (byte) (bytes[at] == 'Z' ? 'Y' : bytes[at] + 1);
        Files.write(segment, bytes);
    }

    private static int lineStart(byte[] bytes, long line) {
        int at = 0;
        for (long n = 1; n < line; n++) {
            while (bytes[at] != '\n') {
                at++;
            }
            at++;
        }
        return at;
    }

    private static int indexOf(byte[] bytes, byte[] needle, int from) {
        outer:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found from " + from);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
