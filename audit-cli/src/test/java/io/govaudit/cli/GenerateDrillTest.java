package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code generate} drills of the retention and capacity policies, end to end on real files and
 * checked with {@code verify}. SYNC with several threads keeps the simulated times exact (at most
 * one event in flight per thread) and the runs short (group commit).
 */
class GenerateDrillTest {

    @TempDir
    Path store;

    private CliRun generate(String... options) {
        List<String> args = new ArrayList<>(List.of("generate", store.toString(), "--chain", "drill"));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    private JsonNode verifiedChain() {
        CliRun verify = CliRun.of("verify", store.toString(), "--json");
        assertThat(verify.exit()).as(verify.out()).isZero();
        return Segments.parse(verify.out()).get("chains").get(0);
    }

    @Test
    void overwriteOldest_thirtySimulatedDays_purgesWithAttestationAndVerifiesIntact() throws IOException {
        CliRun run = generate("--clock-start", "2026-01-01T00:00:00Z", "--events-per-day", "1000", "--count", "30000",
                "--segment-bytes", "65536", "--max-bytes", "1048576", "--on-full", "overwrite-oldest",
                "--overwrite-within-retention-reason", "drill: keep only the last days", "--threads", "16");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("events recorded: 30000", "not recorded:    0",
                "simulated time:  2026-01-01T00:00:00.000000Z .. 2026-01-31T00:00:00.000000Z",
                "onFull=overwrite-oldest");
        assertThat(run.err()).contains("ALERT CAPACITY_WARNING ", "ALERT RETENTION_PURGE ",
                "ALERT RETENTION_VIOLATION ");
        assertThat(Segments.records(store, "drill")).anySatisfy(
                r -> assertThat(r.get("type").asText()).isEqualTo("RETENTION_PURGE"));
        JsonNode chain = verifiedChain();
        assertThat(chain.get("purgedThrough").asLong()).isPositive();
        assertThat(chain.get("firstSeq").asLong()).isEqualTo(chain.get("purgedThrough").asLong() + 1);
        assertThat(chain.get("problems")).isEmpty();
        // what is kept is the newest records: the last two simulated days or so
        assertThat(Instant.parse(chain.get("firstTime").asText())).isAfter(Instant.parse("2026-01-25T00:00:00Z"));

        CliRun human = CliRun.of("verify", store.toString());
        assertThat(human.out()).containsPattern("purged    seq 1\\.\\.\\d+ \\(attested by RETENTION_PURGE\\)");
    }

    @Test
    void stopRecording_smallMaxBytes_countsNotRecordedAndVerifiesWithGapWarningOnly() {
        CliRun run = generate("--count", "3000", "--segment-bytes", "65536", "--max-bytes", "262144",
                "--on-full", "stop-recording", "--threads", "8");

        assertThat(run.exit()).as(run.err()).isZero();
        long recorded = number(run.out(), "events recorded: ");
        long notRecorded = number(run.out(), "not recorded:    ");
        assertThat(notRecorded).isPositive();
        assertThat(recorded + notRecorded).isEqualTo(3000);
        assertThat(run.err()).contains("ALERT RECORDING_STOPPED ");

        CliRun verify = CliRun.of("verify", store.toString());
        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).contains("RECORDING_GAP seq=", notRecorded + " event(s) were not recorded")
                .endsWith("INTACT (1 warning)" + System.lineSeparator());
        JsonNode problems = verifiedChain().get("problems");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.get("kind").asText()).isEqualTo("RECORDING_GAP");
            assertThat(p.get("integrity").asBoolean()).isFalse();
        });
    }

    @Test
    void stopRecordingAsync_smallMaxBytes_takesTheCountFromTheTrail() {
        CliRun run = generate("--count", "3000", "--segment-bytes", "65536", "--max-bytes", "262144",
                "--durability", "async");

        assertThat(run.exit()).as(run.err()).isZero();
        long notRecorded = number(run.out(), "not recorded:    ");
        assertThat(notRecorded).isPositive();
        assertThat(number(run.out(), "events recorded: ") + notRecorded).isEqualTo(3000);
        assertThat(run.out()).contains("(ASYNC: the trail's count");
        assertThat(CliRun.of("verify", store.toString()).out()).contains(notRecorded + " event(s) were not recorded");
    }

    @Test
    void failClosed_storeFull_exitsThreeWithTheTrailsMessage() {
        CliRun run = generate("--count", "3000", "--segment-bytes", "65536", "--max-bytes", "262144",
                "--on-full", "fail-closed");

        assertThat(run.exit()).isEqualTo(AuditCli.EXIT_UNAVAILABLE);
        assertThat(run.err()).contains("ALERT RECORDS_REFUSED ")
                .containsPattern("audit-cli generate: audit trail of chain 'drill' is not recording .*"
                        + "refuse the audited operation");
        assertThat(run.out()).contains("refused:         1", "not recorded:    0");
        assertThat(number(run.out(), "events recorded: ")).isBetween(100L, 2999L);
        assertThat(verifiedChain().get("problems")).allSatisfy(
                p -> assertThat(p.get("integrity").asBoolean()).isFalse());
    }

    @Test
    void retentionMax_180SimulatedDays_purgesByAgeOnly() throws IOException {
        CliRun run = generate("--clock-start", "2026-01-01T00:00:00Z", "--events-per-day", "50", "--count", "9000",
                "--retention-min", "P1M", "--short-retention-reason", "drill of a non-core system",
                "--retention-max", "P2M", "--threads", "16");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("simulated time:  2026-01-01T00:00:00.000000Z .. 2026-06-30T00:00:00.000000Z",
                "retention P1M..P2M (below six months, justified)");
        assertThat(run.err()).contains("ALERT RETENTION_PURGE ").doesNotContain("RETENTION_VIOLATION");
        JsonNode chain = verifiedChain();
        assertThat(chain.get("purgedThrough").asLong()).isPositive();
        assertThat(chain.get("problems")).isEmpty();
        Instant first = Instant.parse(chain.get("firstTime").asText());
        Instant end = Instant.parse("2026-06-30T00:00:00Z");
        // nothing younger than the minimum went; what is older than the maximum went, but for
        // the segment that straddles the cutoff (segments roll daily) and what aged past it since
        // the last purge, which ran at the last roll (up to a simulated day before the end)
        assertThat(first).isBefore(end.atOffset(ZoneOffset.UTC).minusMonths(1).toInstant())
                .isAfter(end.atOffset(ZoneOffset.UTC).minusMonths(2).minusDays(3).toInstant());
        assertThat(Segments.records(store, "drill")).filteredOn(r -> r.get("type").asText().equals("RETENTION_PURGE"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.toString()).contains("\"reason\":\"age\""));
    }

    @Test
    void gzip_overwriteOldest_closedSegmentsCompressedAndPlanMeasuresThem() throws IOException {
        CliRun run = generate("--count", "2000", "--segment-bytes", "65536", "--max-bytes", "262144",
                "--on-full", "overwrite-oldest", "--overwrite-within-retention-reason", "capacity drill, approved",
                "--gzip", "--threads", "8");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("overwrites within retention (justified)");
        assertThat(run.err()).doesNotContain("ALERT RECORDING_STOPPED ");
        try (var files = java.nio.file.Files.list(store.resolve("drill"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log.gz")))
                    .isNotEmpty();
        }
        JsonNode chain = verifiedChain();
        assertThat(chain.get("problems")).isEmpty();
        CliRun plan = CliRun.of("plan", "--events-per-day", "1000", "--sample", store.toString(), "--gzip",
                "--json");
        assertThat(plan.exit()).as(plan.err()).isZero();
        JsonNode json = Segments.parse(plan.out());
        assertThat(json.get("sample").get("records").asLong()).isEqualTo(chain.get("records").asLong());
        assertThat(json.get("gzip").asBoolean()).isTrue();
        assertThat(json.get("neededBytes").asLong()).isLessThan(json.get("retentionBytes").asLong());
    }

    /** The six-month floor (S6, B1): overwrite-oldest with only young records stops instead of deleting them. */
    @Test
    void overwriteOldest_onlyYoungRecords_stopsAtTheRetentionFloorAndDeletesNothing() throws IOException {
        CliRun run = generate("--count", "3000", "--segment-bytes", "65536", "--max-bytes", "262144",
                "--on-full", "overwrite-oldest", "--threads", "8");

        assertThat(run.exit()).as(run.err()).isZero();
        long notRecorded = number(run.out(), "not recorded:    ");
        assertThat(notRecorded).isPositive();
        assertThat(run.err()).contains("ALERT RECORDING_STOPPED ", "retention floor reached",
                "younger than the retention minimum (P6M)").doesNotContain("RETENTION_VIOLATION");
        List<JsonNode> records = Segments.records(store, "drill");
        assertThat(records).noneMatch(r -> r.get("type").asText().equals("RETENTION_PURGE"));
        assertThat(records.get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(records).filteredOn(r -> r.get("type").asText().equals("RECORDING_STOPPED")).singleElement()
                .satisfies(r -> assertThat(r.get("detail").get("needed_bytes").asLong()).isPositive());
        JsonNode chain = verifiedChain();
        assertThat(chain.get("purgedThrough").asLong()).isZero();
        assertThat(chain.get("problems")).singleElement()
                .satisfies(p -> assertThat(p.get("kind").asText()).isEqualTo("RECORDING_GAP"));
    }

    @Test
    void floorReasons_areRecordedInTrailStart() throws IOException {
        CliRun run = generate("--count", "10", "--retention-min", "P1M", "--short-retention-reason",
                "non-core system, approved by the CISO", "--segment-bytes", "65536", "--max-bytes", "262144",
                "--on-full", "overwrite-oldest", "--overwrite-within-retention-reason", "capacity drill, approved");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Segments.records(store, "drill")).filteredOn(r -> r.get("type").asText().equals("TRAIL_START"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("detail").get("retention_minimum").asText()).isEqualTo("P1M");
                    assertThat(r.get("detail").get("retention_below_six_months").asText())
                            .isEqualTo("non-core system, approved by the CISO");
                    assertThat(r.get("detail").get("overwrite_within_retention").asText())
                            .isEqualTo("capacity drill, approved");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--max-bytes 1000|--max-bytes must be at least 65536, was 1000",
        "--max-bytes 100000|--max-bytes (100000) must be at least twice the segment size (67108864, the default",
        "--max-bytes 100000 --segment-bytes 65536|--max-bytes (100000) must be at least twice the segment size (65536",
        "--warn-at 90|--warn-at 90 needs --max-bytes",
        "--max-bytes 1048576 --segment-bytes 65536 --warn-at 0|--warn-at must be from 1 to 100 percent, was 0",
        "--on-full drop|'drop' is not one of overwrite-oldest, stop-recording, fail-closed",
        "--retention-min P1Y2|'P1Y2' is not an ISO-8601 period",
        "--retention-max P2M|--retention-max (P2M) must be positive and at least --retention-min (P6M, the default",
        "--retention-min P3M --retention-max P1M --short-retention-reason ok|--retention-max (P1M) must be positive and at least --retention-min (P3M)",
        "--retention-min P1M|--retention-min P1M is below six months, the floor for core systems; keep at least P6M, or justify it with --short-retention-reason",
        "--retention-min P180D|--retention-min P180D is below six months",
        "--short-retention-reason approved|--short-retention-reason is only for a --retention-min below six months, and the default P6M is not",
        "--retention-min P184D --short-retention-reason approved|and P184D is not",
        "--overwrite-within-retention-reason approved|--overwrite-within-retention-reason needs --on-full overwrite-oldest, was stop-recording (the default)",
        "--clock-start 2026-01-01|'2026-01-01' is not an ISO-8601 instant",
        "--clock-start 2026-01-01T00:00:00Z|--clock-start and --events-per-day go together, got only --clock-start",
        "--events-per-day 0 --clock-start 2026-01-01T00:00:00Z|--events-per-day must be at least 1, was 0"})
    void generate_badDrillOptions_exitsTwoNamingOptionAndValue(String testCase) {
        String[] parts = testCase.split("\\|");
        List<String> options = new ArrayList<>(List.of("--count", "10"));
        options.addAll(List.of(parts[0].split(" ")));

        CliRun run = generate(options.toArray(String[]::new));

        assertThat(run.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(run.err()).contains(parts[1]);
        assertThat(store.resolve("drill")).doesNotExist();
    }

    @Test
    void simulatedClock_advancesOneDayPerEventsPerDay() {
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z"), 3);
        clock.advance();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
        for (int i = 0; i < 5; i++) {
            clock.advance();
        }
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
        SimulatedClock fast = new SimulatedClock(Instant.EPOCH, 1_000_000_000L);
        for (int i = 0; i < 3; i++) {
            fast.advance();
        }
        assertThat(fast.instant()).isEqualTo(Instant.EPOCH.plusNanos(259_200));
    }

    private static long number(String out, String label) {
        return out.lines().filter(l -> l.startsWith(label)).map(l -> l.substring(label.length()).split(" ")[0])
                .mapToLong(Long::parseLong).findFirst().orElseThrow(() -> new AssertionError(label + " in " + out));
    }
}
