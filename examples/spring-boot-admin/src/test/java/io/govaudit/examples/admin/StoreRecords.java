package io.govaudit.examples.admin;

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
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads every record line of a store directory with Jackson 2, in seq order. */
final class StoreRecords {

    private StoreRecords() {
    }

    static List<JsonNode> all(Path store) {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(store)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("{\"v\":")) {
                        records.add(mapper.readTree(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        records.sort(Comparator.comparingLong(r -> r.path("seq").asLong()));
        return records;
    }

    static List<String> storedLines(Path store) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(store)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    static List<JsonNode> of(Path store, String type, Predicate<JsonNode> filter) {
        return all(store).stream().filter(r -> type.equals(r.path("type").asText())).filter(filter).toList();
    }

    static String actor(JsonNode record) {
        return record.path("actor").path("id").asText();
    }

    static String subject(JsonNode record) {
        return record.path("subject").path("id").asText();
    }

    static String ip(JsonNode record) {
        return record.path("where").path("ip").asText();
    }

    static String op(JsonNode record) {
        return record.path("where").path("op").asText();
    }
}
