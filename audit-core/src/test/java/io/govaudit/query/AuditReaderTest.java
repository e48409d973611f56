package io.govaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.EventType;
import io.govaudit.Location;
import io.govaudit.Outcome;
import io.govaudit.Subject;
import io.govaudit.testing.Segments;
import io.govaudit.testing.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The query API over a real file store of two chains, each spread over many segments: every
 * answer is compared with a brute-force filter over every line of the store, in both orders and
 * across pages; a time range reads only the segments that can hold it (a corrupt segment outside
 * the range does not disturb it, inside it stops the read); tampered records are never handed
 * back.
 */
class AuditReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<String> CHAINS = List.of("app-a", "app-b");
    private static final int EVENTS = 400;

    @TempDir
    static Path shared;

    static Path store;

    @BeforeAll
    static void writeStore() {
        store = shared.resolve("store");
        for (int c = 0; c < CHAINS.size(); c++) {
            TestClock clock = TestClock.at(START.plusSeconds(c * 7L));
            try (AuditTrail trail = AuditTrail.builder().directory(store).chainId(CHAINS.get(c)).system("records")
                    .clock(clock).maxRecordBytes(2048).segmentMaxBytes(4096).heartbeat(Duration.ofDays(30))
                    .checkpointInterval(Duration.ofDays(30)).build()) {
                for (int i = 0; i < EVENTS; i++) {
                    clock.advance(Duration.ofMinutes(10));
                    trail.record(event(c, i));
                }
            }
        }
    }

    private static AuditEvent event(int chain, int i) {
        Actor actor = Actor.builder(i % 3 == 0 ? "alice" : i % 3 == 1 ? "bob" : "carol").build();
        Location from = Location.defaults().withIp(i % 2 == 0 ? "192.0.2." + (i % 7) : "2001:db8::" + (i % 5));
        return switch (i % 4) {
            case 0 -> AuditEvent.login(actor).where(from).build();
            case 1 -> AuditEvent.loginFailure(actor, "BadCredentialsException").where(from).build();
            case 2 -> AuditEvent.sensitiveAccess(actor, "CITIZEN", "C" + (i % 11), List.of("name"), "review")
                    .where(from).build();
            default -> AuditEvent.userLock(actor, "user-" + chain + "-" + (i % 13)).where(from).build();
        };
    }

    @Test
    void theStoreSpansManySegmentsPerChain() {
        for (String chain : CHAINS) {
            assertThat(Segments.list(store.resolve(chain))).hasSizeGreaterThan(20);
        }
    }

    @ParameterizedTest
    @EnumSource(AuditQuery.Order.class)
    void aTimeRangeAcrossChainsMatchesABruteForceFilter(AuditQuery.Order order) {
        Instant from = START.plus(Duration.ofHours(17)).plusSeconds(3);
        Instant to = START.plus(Duration.ofHours(41));
        AuditQuery query = AuditQuery.builder().from(from).to(to).order(order).build();

        assertAnswers(query, r -> !ts(r).isBefore(from) && ts(r).isBefore(to));
    }

    @Test
    void filtersOnTypeActorSubjectOutcomeAndAddressMatchTheBruteForceFilter() {
        assertAnswers(AuditQuery.builder().types(EventType.LOGIN_FAILURE).actor("bob").build(),
                r -> type(r).equals("LOGIN_FAILURE") && r.path("actor").path("id").asText().equals("bob"));
        assertAnswers(AuditQuery.builder().subjectKind("CITIZEN").subject("C3").newestFirst().build(),
                r -> r.path("subject").path("kind").asText().equals("CITIZEN")
                        && r.path("subject").path("id").asText().equals("C3"));
        assertAnswers(AuditQuery.builder().outcome(Outcome.FAILURE).chain("app-b").build(),
                r -> r.path("outcome").asText().equals("FAILURE") && r.path("chain").asText().equals("app-b"));
        assertAnswers(AuditQuery.builder().ip("2001:DB8::3").types(EventType.LOGIN, EventType.USER_LOCK).build(),
                r -> r.path("where").path("ip").asText().equals("2001:db8::3")
                        && (type(r).equals("LOGIN") || type(r).equals("USER_LOCK")));
        assertAnswers(AuditQuery.builder().types(EventType.TRAIL_START).build(), r -> type(r).equals("TRAIL_START"));
    }

    @ParameterizedTest
    @EnumSource(AuditQuery.Order.class)
    void pagesFollowOneAnotherWithoutGapsOrRepeats(AuditQuery.Order order) {
        Instant from = START.plus(Duration.ofHours(5));
        AuditQuery first = AuditQuery.builder().from(from).types(EventType.LOGIN, EventType.LOGIN_FAILURE)
                .order(order).limit(7).build();
        List<String> paged = new ArrayList<>();
        try (AuditReader reader = AuditReader.forDirectory(store)) {
            AuditQuery query = first;
            for (int pages = 0; pages < 1000; pages++) {
                QueryPage page = reader.page(query);
                assertThat(page.records()).hasSizeLessThanOrEqualTo(7);
                page.records().forEach(r -> paged.add(r.chain() + "#" + r.seq()));
                if (page.next().isEmpty()) {
                    break;
                }
                // the cursor travels as text, as in a URL
                query = query.toBuilder().after(Cursor.parse(page.next().get().token())).build();
            }
        }
        List<String> expected = expected(first, r -> !ts(r).isBefore(from)
                && (type(r).equals("LOGIN") || type(r).equals("LOGIN_FAILURE")));
        assertThat(paged).containsExactlyElementsOf(expected);
    }

    @Test
    void recordsAreHandedBackAsTheStoredLinesWithTheirMembers() {
        try (AuditReader reader = AuditReader.forDirectory(store)) {
            QueryPage page = reader.page(AuditQuery.builder().chain("app-a").subjectKind("USER").limit(3).build());
            List<String> lines = Segments.allLines(store.resolve("app-a"));
            for (StoredRecord record : page.records()) {
                assertThat(lines).contains(record.line());
                JsonNode json = parse(record.line());
                assertThat(record.seq()).isEqualTo(json.path("seq").asLong());
                assertThat(record.ts()).isEqualTo(Instant.parse(json.path("ts").asText()));
                assertThat(record.type()).isEqualTo("USER_LOCK");
                assertThat(record.outcome()).isEqualTo("SUCCESS");
                assertThat(record.actorId()).isEqualTo(json.path("actor").path("id").asText());
                assertThat(record.subjectKind()).isEqualTo("USER");
                assertThat(record.subjectId()).isEqualTo(json.path("subject").path("id").asText());
                assertThat(record.ip()).isEqualTo(json.path("where").path("ip").asText());
            }
            assertThat(page.records()).hasSize(3);
            assertThat(page.next()).contains(page.records().get(2).cursor());
        }
    }

    @Test
    void aTimeRangeReadsOnlyTheSegmentsThatCanHoldIt(@TempDir Path copy) throws IOException {
        Path tampered = copyOf(store, copy);
        List<Path> segments = Segments.list(tampered.resolve("app-a"));
        // a byte changed in the second segment of app-a, early in March 1
        Path early = segments.get(1);
        byte[] bytes = Segments.bytes(early);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"actor\":{\"id\":\"") + 15;
        bytes[at] = (byte) (bytes[at] == 'x' ? 'y' : 'x');
        Segments.write(early, bytes);
        Instant lastOfEarly = Instant.parse(parse(Segments.lines(segments.get(2)).get(0)).path("ts").asText());

        try (AuditReader reader = AuditReader.forDirectory(tampered)) {
            // a range that starts after the changed segment ends: that segment is never read
            AuditQuery later = AuditQuery.builder().from(lastOfEarly.plus(Duration.ofHours(1))).build();
            assertThat(count(reader, later)).isEqualTo(expected(later,
                    r -> !ts(r).isBefore(lastOfEarly.plus(Duration.ofHours(1)))).size()).isPositive();
            AuditQuery laterNewestFirst = later.toBuilder().newestFirst().build();
            assertThat(count(reader, laterNewestFirst)).isEqualTo(count(reader, later));

            // a range that covers it stops at the changed record, in either order
            for (AuditQuery.Order order : AuditQuery.Order.values()) {
                AuditQuery all = AuditQuery.builder().chain("app-a").order(order).build();
                assertThatThrownBy(() -> count(reader, all))
                        .isInstanceOfSatisfying(RecordIntegrityException.class, e -> {
                            assertThat(e.chain()).isEqualTo("app-a");
                            assertThat(e.getMessage()).contains(early.getFileName().toString())
                                    .contains("does not match its hash");
                        });
            }
        }
    }

    @Test
    void aRemovedRecordOrAForeignLineIsNeverSkippedSilently(@TempDir Path copy) throws IOException {
        Path removed = copyOf(store, copy.resolve("removed"));
        Path segment = Segments.list(removed.resolve("app-b")).get(3);
        List<String> lines = new ArrayList<>(Segments.lines(segment));
        long gone = parse(lines.remove(2)).path("seq").asLong();
        Segments.write(segment, lines);

        Path foreign = copyOf(store, copy.resolve("foreign"));
        Path other = Segments.list(foreign.resolve("app-b")).get(3);
        List<String> otherLines = new ArrayList<>(Segments.lines(other));
        otherLines.add(1, "{\"note\":\"inserted\"}");
        Segments.write(other, otherLines);

        try (AuditReader reader = AuditReader.forDirectory(removed)) {
            assertThatThrownBy(() -> count(reader, AuditQuery.builder().chain("app-b").build()))
                    .isInstanceOfSatisfying(RecordIntegrityException.class,
                            e -> assertThat(e.seq()).isEqualTo(gone));
        }
        try (AuditReader reader = AuditReader.forDirectory(foreign)) {
            assertThatThrownBy(() -> count(reader, AuditQuery.builder().types(EventType.LOGIN).build()))
                    .isInstanceOf(RecordIntegrityException.class).hasMessageContaining("not a record");
        }
    }

    @Test
    void readsThroughTheRecordingReaderAreAuditLogReads(@TempDir Path readers) {
        Path readerStore = readers.resolve("store");
        try (AuditTrail trail = AuditTrail.builder().directory(readerStore).chainId("auditor-desk").system("desk").build();
             AuditReader reader = AuditReader.recording(AuditReader.forDirectory(store), trail,
                     Actor.builder("auditor-1").build())) {
            AuditQuery query = AuditQuery.builder().types(EventType.LOGIN_FAILURE).actor("carol").limit(5).build();
            assertThat(reader.page(query).records()).hasSize(5);
            try (Stream<StoredRecord> all = reader.stream(query)) {
                assertThat(all.count()).isEqualTo(expected(query, r -> type(r).equals("LOGIN_FAILURE")
                        && r.path("actor").path("id").asText().equals("carol")).size());
            }
        }
        List<JsonNode> reads = Segments.allLines(readerStore.resolve("auditor-desk")).stream().map(AuditReaderTest::parse)
                .filter(r -> type(r).equals("AUDIT_LOG_READ")).toList();
        assertThat(reads).hasSize(2);
        assertThat(reads).allSatisfy(r -> {
            assertThat(r.path("actor").path("id").asText()).isEqualTo("auditor-1");
            assertThat(r.path("subject").path("id").asText()).isEqualTo(store.toAbsolutePath().normalize().toString());
            assertThat(r.path("detail").path("action").asText()).isEqualTo("query");
            assertThat(r.path("detail").path("filter").asText()).isEqualTo("types=LOGIN_FAILURE actor=carol");
        });
        assertThat(reads.get(0).path("detail").path("records").asLong()).isEqualTo(5);
        assertThat(reads.get(1).path("detail").path("records").asLong()).isGreaterThan(5);
    }

    @Test
    void badQueriesAreRefusedNamingTheField() {
        assertField(() -> AuditQuery.builder().limit(0), "limit");
        assertField(() -> AuditQuery.builder().limit(AuditQuery.MAX_LIMIT + 1), "limit");
        assertField(() -> AuditQuery.builder().chain("../etc"), "chain");
        assertField(() -> AuditQuery.builder().actor(" "), "actor");
        assertField(() -> AuditQuery.builder().actor("a".repeat(257)), "actor");
        assertField(() -> AuditQuery.builder().subjectKind("citizen"), "subjectKind");
        assertField(() -> AuditQuery.builder().ip("192.0.2.1; DROP"), "ip");
        assertField(() -> AuditQuery.builder().types((EventType) null), "types");
        assertField(() -> AuditQuery.builder().from(START).to(START).build(), "to");
        assertField(() -> Cursor.parse("app-a~12"), "cursor");
        assertField(() -> Cursor.parse("../x~1~0"), "cursor");
        assertField(() -> Cursor.parse("app-a~0~0"), "cursor");
        assertField(() -> Cursor.parse("app-a~99999999999999999999~0"), "cursor");
        assertField(() -> Cursor.parse("x".repeat(200)), "cursor");
        assertField(() -> AuditReader.forDirectory(store.resolve("missing")), "store");
        assertField(() -> {
            try (AuditReader reader = AuditReader.forDirectory(store.resolve("app-a"))) {
                return reader.page(AuditQuery.builder().build());
            }
        }, "store");
        Cursor cursor = new Cursor("app-a", 42, Instant.parse("2026-03-01T10:00:00.123456Z"));
        assertThat(Cursor.parse(cursor.token())).isEqualTo(cursor);
    }

    private static void assertField(java.util.concurrent.Callable<?> call, String field) {
        assertThatThrownBy(call::call).isInstanceOfSatisfying(InvalidQueryException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }

    private static void assertAnswers(AuditQuery query, Predicate<JsonNode> filter) {
        List<String> expected = expected(query, filter);
        assertThat(expected).isNotEmpty();
        try (AuditReader reader = AuditReader.forDirectory(store); Stream<StoredRecord> answer = reader.stream(query)) {
            assertThat(answer.map(r -> r.chain() + "#" + r.seq()).toList()).containsExactlyElementsOf(expected);
        }
    }

    /** Every record of the store that passes the filter (and the query's chain), in the query's order. */
    private static List<String> expected(AuditQuery query, Predicate<JsonNode> filter) {
        List<JsonNode> all = new ArrayList<>();
        for (String chain : CHAINS) {
            if (query.chain().isEmpty() || query.chain().get().equals(chain)) {
                Segments.allLines(store.resolve(chain)).stream().map(AuditReaderTest::parse).forEach(all::add);
            }
        }
        Comparator<JsonNode> order = Comparator.comparing(AuditReaderTest::ts)
                .thenComparing(r -> r.path("chain").asText()).thenComparingLong(r -> r.path("seq").asLong());
        if (query.order() == AuditQuery.Order.NEWEST_FIRST) {
            order = order.reversed();
        }
        return all.stream().filter(filter).sorted(order).map(r -> r.path("chain").asText() + "#" + r.path("seq").asLong())
                .toList();
    }

    private static long count(AuditReader reader, AuditQuery query) {
        try (Stream<StoredRecord> records = reader.stream(query)) {
            return records.count();
        }
    }

    private static Path copyOf(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                    target.toFile().setWritable(true, true);
                }
            }
        }
        return to;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant ts(JsonNode record) {
        return Instant.parse(record.path("ts").asText());
    }

    private static String type(JsonNode record) {
        return record.path("type").asText();
    }
}
