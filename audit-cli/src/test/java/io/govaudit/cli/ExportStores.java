package io.govaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.Location;
import io.govaudit.testing.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Stores for the export tests, written by the real trail with a test clock: chains app-a and
 * app-b of {@value #EVENTS} events each, one every 37 minutes (about three days from
 * {@link #START}), spread over many small segments, with hostile values for spreadsheets among
 * them; and the independent filter the exports are compared with.
 */
final class ExportStores {

    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final List<String> CHAINS = List.of("app-a", "app-b");
    static final int EVENTS = 120;
    static final String EVIL_ACTOR = "=HYPERLINK(\"http://evil.example/x\",\"click\")";
    static final String EVIL_REASON = "=cmd|' /C calc'!A0";
    static final String NASTY_DETAIL = "a,b \"quoted\"\r\nsecond line";

    private ExportStores() {
    }

    static void write(Path store) {
        for (int c = 0; c < CHAINS.size(); c++) {
            TestClock clock = TestClock.at(START.plusSeconds(c * 7L));
            try (AuditTrail trail = AuditTrail.builder().directory(store).chainId(CHAINS.get(c)).system("records")
                    .clock(clock).maxRecordBytes(2048).segmentMaxBytes(4096).heartbeat(Duration.ofDays(30))
                    .checkpointInterval(Duration.ofDays(30)).build()) {
                for (int i = 0; i < EVENTS; i++) {
                    clock.advance(Duration.ofMinutes(37));
                    trail.record(event(i));
                }
            }
        }
    }

    private static AuditEvent event(int i) {
        Actor actor = Actor.builder(i % 3 == 0 ? "alice" : i % 3 == 1 ? "bob" : "carol").build();
        Location from = Location.defaults().withIp("192.0.2." + (i % 7));
        return switch (i % 6) {
            case 0 -> AuditEvent.login(actor).where(from).build();
            case 1 -> AuditEvent.loginFailure(actor, i % 12 == 1 ? EVIL_REASON : "BadCredentialsException")
                    .where(from).build();
            case 2 -> AuditEvent.login(Actor.of(EVIL_ACTOR)).where(from).detail("note", NASTY_DETAIL).build();
            case 3 -> AuditEvent.loginFailure(actor, i % 4 == 3 ? "-1+1" : "@SUM(A1:A9)").where(from).build();
            case 4 -> AuditEvent.userLock(actor, "user-" + (i % 13)).where(from).detail("note", "\tTAB").build();
            default -> AuditEvent.sensitiveAccess(actor, "CITIZEN", "C" + (i % 11), List.of("name"), "review")
                    .where(from).build();
        };
    }

    /** Every line of the store's chains (not the reader chain), in the export's default order. */
    static List<String> lines(Path store, Predicate<JsonNode> filter) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String chain : CHAINS) {
            for (Path segment : Segments.of(store, chain)) {
                lines.addAll(Files.readAllLines(segment, StandardCharsets.UTF_8));
            }
        }
        Comparator<JsonNode> order = Comparator.<JsonNode, String>comparing(r -> r.get("ts").asText())
                .thenComparing(r -> r.get("chain").asText()).thenComparingLong(r -> r.get("seq").asLong());
        return lines.stream().map(l -> new Line(l, Segments.parse(l))).filter(l -> filter.test(l.json()))
                .sorted(Comparator.comparing(Line::json, order)).map(Line::text).toList();
    }

    private record Line(String text, JsonNode json) {
    }

    static Instant ts(JsonNode record) {
        return Instant.parse(record.get("ts").asText());
    }

    static String type(JsonNode record) {
        return record.get("type").asText();
    }

    /** The files in a directory whose name contains {@code part}. */
    static List<String> files(Path dir, String part) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.contains(part)).toList();
        }
    }

    /** The reader chain's directory names in a store. */
    static List<String> readerChains(Path store) throws IOException {
        return files(store, "audit-cli-");
    }
}
