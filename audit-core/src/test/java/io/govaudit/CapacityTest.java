package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.alert.AlertKind;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each {@code onFull} action under a small {@code maxBytes}, end to end (S5, B6, B7). */
class CapacityTest {

    private static final long MAX_BYTES = 64 * 1024;
    private static final long SEGMENT_BYTES = 8 * 1024;

    @TempDir
    Path store;

    private final TrailFixture fixture = new TrailFixture();
    private final TrailFixture.SettableClock clock =
            new TrailFixture.SettableClock(Instant.parse("2026-06-01T00:00:00Z"));

    private AuditTrail open(OnFull onFull) {
        return open(CapacityPolicy.maxBytes(MAX_BYTES).warnAt(75).onFull(onFull),
                RetentionPolicy.minimum(Period.ofDays(1)).belowSixMonths("test: a short retention on purpose")
                        .maximum(Period.ofDays(2)));
    }

    private AuditTrail open(CapacityPolicy capacity, RetentionPolicy retention) {
        return AuditTrail.builder().directory(store).chainId("c").system("sys").host("h").clock(clock)
                .maxRecordBytes(1024).segmentMaxBytes(SEGMENT_BYTES).capacity(capacity).retention(retention)
                .alertListener(fixture.alerts::add).build();
    }

    private Path chainDir() {
        return store.resolve("c");
    }

    private VerificationReport verify() throws IOException {
        return AuditVerifier.forDirectory(store).verify();
    }

    @Test
    void overwriteWithinRetention_storeFull_purgesYoungSegmentsWithAttestationAndRecordsTheSetting()
            throws IOException {
        long[] seqs = new long[1500];
        CapacityPolicy capacity = CapacityPolicy.maxBytes(MAX_BYTES).warnAt(75).onFull(OnFull.OVERWRITE_OLDEST)
                .overwriteWithinRetention("drill store, approved by the system owner");
        try (AuditTrail trail = open(capacity, RetentionPolicy.defaults())) {
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = trail.record(TrailFixture.event(i)).seq().orElseThrow();
                clock.advance(Duration.ofSeconds(1));
                // application records stay within maxBytes; the trail's own records may use the reserve
                assertThat(TrailFixture.segmentBytes(chainDir())).isLessThanOrEqualTo(MAX_BYTES + 4096);
            }
            assertThat(trail.state()).isEqualTo(AuditTrail.State.DEGRADED);
        }
        assertThat(seqs).doesNotContain(0L);
        assertThat(TrailFixture.ofType(chainDir(), EventType.RETENTION_PURGE)).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("\"reason\":\"capacity\"")
                        .contains("\"retention_violation\":true"));
        // the warning record itself may have been overwritten since; the alert was raised once
        assertThat(fixture.alertKinds()).containsOnlyOnce(AlertKind.CAPACITY_WARNING);
        assertThat(fixture.alertKinds()).contains(AlertKind.CAPACITY_WARNING, AlertKind.RETENTION_PURGE,
                AlertKind.RETENTION_VIOLATION).doesNotContain(AlertKind.RECORDING_STOPPED);
        VerificationReport report = verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.chains().get(0).purgedThrough()).isPositive();
        // the first segments went, but the setting is in every TRAIL_START of a reopened trail
        try (AuditTrail trail = open(capacity, RetentionPolicy.defaults())) {
            trail.flush();
        }
        assertThat(TrailFixture.ofType(chainDir(), EventType.TRAIL_START)).last().satisfies(line -> assertThat(line)
                .contains("\"overwrite_within_retention\":\"drill store, approved by the system owner\""));
    }

    /**
     * The six-month floor (S6, B1): under OVERWRITE_OLDEST with the default retention and only
     * young records, nothing is deleted; the trail stops at the floor, saying how much storage it
     * lacks, and resumes once the oldest segments are past the minimum.
     */
    @Test
    void overwriteOldest_onlyRecordsYoungerThanMinimum_stopsAtRetentionFloorAndResumesWhenTheyAge()
            throws IOException {
        List<Long> seqs = new ArrayList<>();
        try (AuditTrail trail = open(CapacityPolicy.maxBytes(MAX_BYTES).onFull(OnFull.OVERWRITE_OLDEST),
                RetentionPolicy.defaults())) {
            Receipt receipt;
            for (int i = 0; (receipt = trail.record(TrailFixture.event(i))).recorded(); i++) {
                seqs.add(receipt.seq().orElseThrow());
                clock.advance(Duration.ofMinutes(1));
                assertThat(i).as("the store fills up").isLessThan(10_000);
            }
            assertThat(receipt).isEqualTo(Receipt.notRecorded());
            assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
            assertThat(trail.record(TrailFixture.event(1))).isEqualTo(Receipt.notRecorded());

            // nothing younger than the minimum was deleted: every record written is still there
            assertThat(TrailFixture.ofType(chainDir(), EventType.RETENTION_PURGE)).isEmpty();
            List<String> lines = TrailFixture.lines(chainDir());
            assertThat(lines.get(0)).contains("\"seq\":1,");
            assertThat(lines).hasSizeGreaterThan(seqs.size());
            for (long seq : seqs) {
                assertThat(lines).as("seq %d", seq).anyMatch(l -> l.contains("\"seq\":" + seq + ","));
            }
            String stopped = TrailFixture.ofType(chainDir(), EventType.RECORDING_STOPPED).get(0);
            assertThat(stopped).contains("retention floor reached", "\"retention_floor\":true",
                    "\"retention_minimum\":\"P6M\"", "\"max_bytes\":" + MAX_BYTES, "\"on_full\":\"OVERWRITE_OLDEST\"");
            long within = number(stopped, "within_retention_bytes");
            long needed = number(stopped, "needed_bytes");
            // all the chain holds is within the minimum; the next record (at most 1024 + 400 bytes) does not fit
            assertThat(within).isGreaterThan(MAX_BYTES - SEGMENT_BYTES).isLessThanOrEqualTo(MAX_BYTES);
            assertThat(needed).isBetween(1L, 1024L + 400);
            assertThat(fixture.alerts).filteredOn(a -> a.kind() == AlertKind.RECORDING_STOPPED).singleElement()
                    .satisfies(a -> assertThat(a.message()).contains("retention floor reached",
                            "younger than the retention minimum (P6M)", "needs at least " + needed + " more bytes"));
            assertThat(verify().intact()).isTrue();

            clock.advance(Duration.ofDays(185)); // the oldest segments are now older than six months
            trail.flush(); // a flush probes at once
            assertThat(trail.state()).as("%s", fixture.alerts).isNotEqualTo(AuditTrail.State.STOPPED);
            assertThat(trail.record(TrailFixture.event(99)).recorded()).isTrue();
        }
        assertThat(TrailFixture.ofType(chainDir(), EventType.RETENTION_PURGE)).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("\"reason\":\"capacity\"")
                        .doesNotContain("retention_violation"));
        assertThat(TrailFixture.ofType(chainDir(), EventType.RECORDING_RESUMED)).singleElement()
                .satisfies(line -> assertThat(line).contains("\"not_recorded\":2"));
        assertThat(fixture.alertKinds()).containsSubsequence(AlertKind.RECORDING_STOPPED, AlertKind.RETENTION_PURGE,
                AlertKind.RECORDING_RESUMED).doesNotContain(AlertKind.RETENTION_VIOLATION);
        VerificationReport report = verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.chains().get(0).purgedThrough()).isPositive();
        assertThat(report.problems()).extracting(p -> p.kind()).containsExactly(ProblemKind.RECORDING_GAP);
    }

    private static long number(String line, String member) {
        Matcher m = Pattern.compile("\"" + member + "\":(\\d+)").matcher(line);
        assertThat(m.find()).as("%s in %s", member, line).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void builder_overwriteWithinRetentionWithoutOverwriteOldest_isRefused() {
        assertThatThrownBy(() -> open(CapacityPolicy.maxBytes(MAX_BYTES).overwriteWithinRetention("approved")
                .onFull(OnFull.STOP_RECORDING), RetentionPolicy.defaults()))
                .isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("overwriteWithinRetention applies to onFull OVERWRITE_OLDEST only, was STOP_RECORDING");
        assertThatThrownBy(() -> CapacityPolicy.unbounded().overwriteWithinRetention(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overwriteWithinRetention needs");
    }

    @Test
    void stopRecording_storeFull_countsEventsAndResumesWhenSpaceReturns() throws IOException {
        try (AuditTrail trail = open(OnFull.STOP_RECORDING)) {
            int i = 0;
            while (trail.record(TrailFixture.event(i++)).recorded()) {
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
            for (int k = 0; k < 4; k++) {
                assertThat(trail.record(TrailFixture.event(k))).isEqualTo(Receipt.notRecorded());
                clock.advance(Duration.ofSeconds(1));
            }
            clock.advance(Duration.ofDays(3)); // the retention maximum now lets the old segments go
            trail.flush(); // a flush probes at once
            assertThat(trail.state()).as("%s", fixture.alerts).isNotEqualTo(AuditTrail.State.STOPPED);
            assertThat(trail.record(TrailFixture.event(99)).seq().orElseThrow()).isPositive();
        }
        assertThat(TrailFixture.ofType(chainDir(), EventType.RECORDING_STOPPED)).hasSize(1);
        assertThat(TrailFixture.ofType(chainDir(), EventType.RECORDING_RESUMED)).singleElement()
                .satisfies(line -> assertThat(line).contains("\"not_recorded\":5"));
        assertThat(fixture.alertKinds()).containsSubsequence(AlertKind.RECORDING_STOPPED, AlertKind.RETENTION_PURGE,
                AlertKind.RECORDING_RESUMED);
        VerificationReport report = verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.RECORDING_GAP);
            assertThat(p.message()).startsWith("5 event(s)");
        });
    }

    @Test
    void failClosed_storeFull_recordThrowsUntilSpaceReturns() throws IOException {
        try (AuditTrail trail = open(OnFull.FAIL_CLOSED)) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10_000; i++) {
                    trail.record(TrailFixture.event(i));
                    clock.advance(Duration.ofSeconds(1));
                }
            }).isInstanceOf(AuditUnavailableException.class).hasMessageContaining("refuse the audited operation");
            assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
            assertThatThrownBy(() -> trail.record(TrailFixture.event(1))).isInstanceOf(AuditUnavailableException.class);
            clock.advance(Duration.ofDays(3));
            trail.flush();
            assertThat(trail.record(TrailFixture.event(2)).seq().orElseThrow()).isPositive();
        }
        assertThat(TrailFixture.ofType(chainDir(), EventType.RECORDING_RESUMED)).singleElement()
                .satisfies(line -> assertThat(line).contains("\"not_recorded\":2"));
        assertThat(fixture.alertKinds()).contains(AlertKind.RECORDS_REFUSED, AlertKind.RECORDING_RESUMED);
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void builder_maxBytesBelowTwoSegments_isRefusedNamingBoth() {
        assertThatThrownBy(() -> AuditTrail.builder().directory(store).chainId("c").system("s")
                .segmentMaxBytes(64 * 1024).capacity(CapacityPolicy.maxBytes(100 * 1024)).build())
                .isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("capacity maxBytes (102400)").hasMessageContaining("segmentMaxBytes (65536)");
    }
    /**
     * A segment closed by an age roll while recording is stopped (here by the closing
     * TRAIL_STOP) still ends with its signed checkpoint; before, the roll skipped it and the
     * verifier reported MISSING_CHECKPOINT on a chain nobody had touched.
     */
    @Test
    void ageRollWhileStopped_signedChain_closedSegmentKeepsItsCheckpoint() throws IOException {
        io.govaudit.testing.KeyedStore keys = io.govaudit.testing.KeyedStore.create(store.resolve("keyed"));
        io.govaudit.testing.KeyedStore.KeyPair key = keys.keyPair("k");
        try (AuditTrail trail = keys.builder("c", key).segmentMaxBytes(SEGMENT_BYTES).segmentMaxAge(Duration.ofHours(1))
                .capacity(CapacityPolicy.maxBytes(MAX_BYTES).onFull(OnFull.STOP_RECORDING)).build()) {
            int i = 0;
            while (trail.record(TrailFixture.event(i++)).recorded()) {
                assertThat(i).as("the store fills up").isLessThan(10_000);
            }
            assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
            keys.clock.advance(Duration.ofHours(2)); // the closing records roll the segment by age
        }

        VerificationReport report = AuditVerifier.forDirectory(keys.store).trustedKey(key.publicPem).verify();

        assertThat(report.problems()).extracting(p -> p.kind()).doesNotContain(ProblemKind.MISSING_CHECKPOINT);
        assertThat(report.intact()).as(report.problems().toString()).isTrue();
    }
}
