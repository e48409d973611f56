package io.govaudit.spring.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The records of a file store as the tests read them: every record line of every segment,
 * parsed with Jackson 2 (which both Boot 3.5 and Boot 4 applications have, through audit-core).
 */
public final class StoreRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreRecords() {
    }

    /** Every regular file of the store, sorted. */
    public static List<Path> files(Path store) {
        try (Stream<Path> walk = Files.walk(store)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record line of the store's chain(s), in seq order. */
    public static List<JsonNode> records(Path store) {
        List<JsonNode> records = new ArrayList<>();
        try {
            for (Path file : files(store)) {
                if (!file.getFileName().toString().endsWith(".log")) {
                    continue;
                }
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("{\"v\":")) {
                        records.add(JSON.readTree(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        records.sort(Comparator.comparingLong(r -> r.path("seq").asLong()));
        return records;
    }

    /** Every record of the store but those the library writes at start and stop and checkpoints. */
    public static List<JsonNode> applicationRecords(Path store) {
        return records(store).stream().filter(r -> !List.of("CHAIN_START", "TRAIL_START", "TRAIL_STOP", "CHECKPOINT")
                .contains(r.path("type").asText())).toList();
    }

    /** The types of the records, in seq order. */
    public static List<String> types(List<JsonNode> records) {
        return records.stream().map(r -> r.path("type").asText()).toList();
    }

    /** The one record of a type by an actor. */
    public static JsonNode only(List<JsonNode> records, String type, String actor) {
        List<JsonNode> matching = records.stream().filter(r -> r.path("type").asText().equals(type)
                && r.path("actor").path("id").asText().equals(actor)).toList();
        assertThat(matching).as("%s by %s", type, actor).hasSize(1);
        return matching.get(0);
    }

    /** Asserts that no file of the store holds any of the secrets, in any encoding of ASCII. */
    public static void assertNoSecrets(Path store, String... secrets) {
        for (Path file : files(store)) {
            try {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertThat(text).as(file.toString()).doesNotContain(secret);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
