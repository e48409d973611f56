package io.govaudit.spring;

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

/** Reads the record lines of a store directory with Jackson 2, in seq order. */
final class ChainRecords {

    private ChainRecords() {
    }

    /** Every record of the store whose type is not one the library writes at start. */
    static List<JsonNode> applicationRecords(Path store) {
        return all(store).stream().filter(r -> !List.of("CHAIN_START", "TRAIL_START", "TRAIL_STOP", "CHECKPOINT")
                .contains(r.path("type").asText())).toList();
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
}
