package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.alert.AlertKind;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Retention by age over months of data driven by a test clock, and the six-month floor (S6, B1). */
class RetentionTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path store;

    private final TrailFixture fixture = new TrailFixture();
    private final TrailFixture.SettableClock clock = new TrailFixture.SettableClock(START);

    private AuditTrail open(RetentionPolicy retention) {
        return AuditTrail.builder().directory(store).chainId("c").system("sys").host("h").clock(clock)
                .segmentMaxAge(Duration.ofDays(1)).retention(retention).alertListener(fixture.alerts::add).build();
    }

    /** Records one event every two days for {@code days} days; every event opens a new segment. */
    private void recordDays(AuditTrail trail, int days) {
        for (int day = 0; day < days; day += 2) {
            trail.record(TrailFixture.event(day));
            clock.advance(Duration.ofDays(2));
        }
    }

    @Test
    void retention_defaultMinimumWithoutMaximum_deletesNothing() throws IOException {
        try (AuditTrail trail = open(RetentionPolicy.defaults())) {
            recordDays(trail, 400);
        }
        assertThat(TrailFixture.ofType(store.resolve("c"), EventType.RETENTION_PURGE)).isEmpty();
        assertThat(TrailFixture.lines(store.resolve("c")).get(0)).contains("\"seq\":1,");
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).isTrue();
    }

    @Test
    void retention_maximum_purgesOlderSegmentsOnlyAndAttestsEachPurge() throws IOException {
        RetentionPolicy policy = RetentionPolicy.minimum(Period.ofMonths(6)).maximum(Period.ofMonths(7));
        try (AuditTrail trail = open(policy)) {
            recordDays(trail, 400);
        }
        Instant now = clock.instant();
        Instant minimumCutoff = now.atOffset(ZoneOffset.UTC).minusMonths(6).toInstant();
        Instant maximumCutoff = now.atOffset(ZoneOffset.UTC).minusMonths(7).toInstant();

        List<String> purges = TrailFixture.ofType(store.resolve("c"), EventType.RETENTION_PURGE);
        assertThat(purges).isNotEmpty().allSatisfy(p -> assertThat(p).contains("\"reason\":\"age\"")
                .doesNotContain("retention_violation"));
        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        ChainReport chain = report.chains().get(0);
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(chain.purgedThrough()).isGreaterThan(0);
        assertThat(chain.firstSeq()).isEqualTo(chain.purgedThrough() + 1);
        // the oldest record kept is older than the minimum allows deleting; nothing younger was deleted
        assertThat(chain.firstTime()).isBefore(minimumCutoff);
        // what is kept beyond the maximum is at most the purge period (two days of events here)
        assertThat(chain.firstTime()).isAfter(maximumCutoff.minus(Duration.ofDays(11)));
        assertThat(fixture.alertKinds()).contains(AlertKind.RETENTION_PURGE).doesNotContain(AlertKind.RETENTION_VIOLATION);
    }

    @Test
    void verify_segmentDeletedWithoutPurgeRecord_reportsUnattestedGap() throws IOException {
        try (AuditTrail trail = open(RetentionPolicy.defaults())) {
            recordDays(trail, 20);
        }
        try (var segments = Files.list(store.resolve("c"))) {
            Path oldest = segments.filter(p -> p.toString().endsWith(".log")).sorted().findFirst().orElseThrow();
            Files.delete(oldest);
        }
        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        assertThat(report.intact()).isFalse();
        assertThat(report.problems()).extracting(p -> p.kind()).containsExactly(ProblemKind.UNATTESTED_GAP);
    }

    @Test
    void verify_purgedPrefixThenNextSegmentDeleted_reportsUnattestedGap() throws IOException {
        RetentionPolicy policy = RetentionPolicy.minimum(Period.ofMonths(1)).belowSixMonths("test: a short retention on purpose").maximum(Period.ofMonths(2));
        try (AuditTrail trail = open(policy)) {
            recordDays(trail, 200);
        }
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).isTrue();
        try (var segments = Files.list(store.resolve("c"))) {
            Files.delete(segments.filter(p -> p.toString().endsWith(".log")).sorted().findFirst().orElseThrow());
        }
        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        assertThat(report.problems()).extracting(p -> p.kind()).containsExactly(ProblemKind.UNATTESTED_GAP);
    }

    @Test
    void builder_minimumBelowSixMonthsWithoutJustification_isRefusedNamingTheMinimumAndTheRemedy() {
        assertThatThrownBy(() -> open(RetentionPolicy.minimum(Period.ofMonths(1))))
                .isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("retention minimum (P1M) is below six months")
                .hasMessageContaining("RetentionPolicy.minimum(P1M).belowSixMonths(");
        assertThat(store.resolve("c")).doesNotExist();
    }

    @Test
    void builder_minimumBelowSixMonthsJustified_isAcceptedAndTheReasonIsInTrailStart() {
        String reason = "non-core system, approved by the CISO on 2026-03-02 (memo 115-07)";
        try (AuditTrail trail = open(RetentionPolicy.minimum(Period.ofMonths(1)).belowSixMonths(reason))) {
            trail.record(TrailFixture.event(1));
        }
        assertThat(TrailFixture.ofType(store.resolve("c"), EventType.TRAIL_START)).singleElement()
                .satisfies(line -> assertThat(line).contains("\"retention_minimum\":\"P1M\"",
                        "\"retention_below_six_months\":\"" + reason + "\""));
    }

    @Test
    void builder_sixMonthsOrMore_recordsNoJustification() {
        try (AuditTrail trail = open(RetentionPolicy.defaults())) {
            trail.flush();
        }
        assertThat(TrailFixture.ofType(store.resolve("c"), EventType.TRAIL_START)).singleElement()
                .satisfies(line -> assertThat(line).doesNotContain("retention_below_six_months"));
    }

    /**
     * Six calendar months are 181 to 184 days: a minimum in days must cover the longest, or on
     * some day it would let records younger than six months go.
     */
    @ParameterizedTest
    @CsvSource({"P1M,true", "P5M30D,true", "P180D,true", "P26W,true", "P183D,true", "P5M31D,false",
        "P184D,false", "P6M,false", "P1Y,false", "P0D,true", "P1Y2M,false"})
    void minimumBelowSixMonths_comparesWithSixCalendarMonthsOnEveryDay(String minimum, boolean below) {
        assertThat(RetentionPolicy.minimum(Period.parse(minimum)).minimumBelowSixMonths()).isEqualTo(below);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "two\nlines", "bidi \u202e override", "tab\tcharacter"})
    void belowSixMonths_blankOrControlCharacters_isRefused(String reason) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RetentionPolicy.minimum(Period.ofMonths(1)).belowSixMonths(reason))
                .withMessageStartingWith("belowSixMonths ");
    }

    @Test
    void belowSixMonths_tooLongNullOrNotNeeded_isRefused() {
        RetentionPolicy month = RetentionPolicy.minimum(Period.ofMonths(1));
        assertThat(month.belowSixMonths("紀".repeat(500)).belowSixMonths()).hasValue("紀".repeat(500));
        assertThatIllegalArgumentException().isThrownBy(() -> month.belowSixMonths("紀".repeat(501)))
                .withMessageContaining("at most 500 characters, was 501");
        assertThatIllegalArgumentException().isThrownBy(() -> month.belowSixMonths(null))
                .withMessageContaining("needs a written justification");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RetentionPolicy.defaults().belowSixMonths("approved"))
                .withMessageContaining("P6M is not");
    }

    @Test
    void belowSixMonths_keptByMaximumAndPartOfEquality() {
        RetentionPolicy policy = RetentionPolicy.minimum(Period.ofDays(30)).belowSixMonths("approved")
                .maximum(Period.ofDays(60));
        assertThat(policy.belowSixMonths()).hasValue("approved");
        assertThat(policy).isNotEqualTo(RetentionPolicy.minimum(Period.ofDays(30)).maximum(Period.ofDays(60)))
                .isEqualTo(RetentionPolicy.minimum(Period.ofDays(30)).belowSixMonths("approved")
                        .maximum(Period.ofDays(60)));
        assertThat(policy.toString()).contains("belowSixMonths=approved");
    }

    @Test
    void retentionPolicy_maximumShorterThanMinimum_isRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> RetentionPolicy.minimum(Period.ofMonths(6)).maximum(Period.ofMonths(5)))
                .withMessageContaining("maximum (P5M)").withMessageContaining("minimum (P6M)");
    }
}
