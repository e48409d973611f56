package io.govaudit;

import static io.govaudit.TrailFiles.event;
import static io.govaudit.TrailFiles.seq;
import static io.govaudit.TrailFiles.type;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.internal.store.SegmentNames;
import io.govaudit.testing.TestClock;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the active segment on size or age (docs/format.md sections 6-7): segments are named by the
 * 20-digit seq of their first record, and the chain runs on across them.
 */
class SegmentRollingTest {

    private static final Duration AGE = Duration.ofHours(1);

    @TempDir
    Path store;

    private Path chainDir() {
        return store.resolve("c");
    }

    private void assertSegmentsNamedByFirstSeqAndChainIntact(int expectedSegments) throws IOException {
        List<Path> segments = TrailFiles.segments(chainDir());
        assertThat(segments).hasSize(expectedSegments);
        for (Path segment : segments) {
            String name = segment.getFileName().toString();
            assertThat(name).matches("\\d{20}\\.log");
            List<String> lines = TrailFiles.lines(segment.toString());
            assertThat(lines).as("%s", name).isNotEmpty();
            assertThat(seq(lines.get(0))).as("first seq of %s", name).isEqualTo(SegmentNames.firstSeq(name));
        }
        VerificationReport report = TrailFiles.verify(store);
        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();
        assertThat(report.chains().get(0).segments()).isEqualTo(expectedSegments);
    }

    @Test
    void roll_bySize_writesSeveralBoundedSegmentsNamedByFirstSeq() throws IOException {
        try (AuditTrail trail = TrailFiles.trail(store, "c").durability(Durability.ASYNC)
                .maxRecordBytes(1024).segmentMaxBytes(4096).build()) {
            for (int i = 0; i < 60; i++) {
                trail.record(event("e" + i));
            }
        }

        List<Path> segments = TrailFiles.segments(chainDir());
        assertThat(segments).hasSizeGreaterThan(3);
        for (Path segment : segments) {
            assertThat(Files.size(segment)).as("%s", segment).isLessThanOrEqualTo(4096);
        }
        assertThat(TrailFiles.lines(chainDir())).hasSize(63);
        assertSegmentsNamedByFirstSeqAndChainIntact(segments.size());
    }

    @Test
    void roll_byAge_closesTheSegmentOnTheFirstRecordAfterItsAgeHasPassed() throws IOException {
        TestClock clock = TestClock.create();
        try (AuditTrail trail = TrailFiles.trail(store, "c").clock(clock).segmentMaxAge(AGE).build()) {
            trail.record(event("young"));
            clock.advance(AGE.minusNanos(1000));
            trail.record(event("just-before"));
            assertThat(TrailFiles.segments(chainDir())).hasSize(1);

            clock.advance(Duration.ofNanos(1000));
            long seq = trail.record(event("at-age")).seq().orElseThrow();

            List<Path> segments = TrailFiles.segments(chainDir());
            assertThat(segments).hasSize(2);
            assertThat(segments.get(1).getFileName()).hasToString(SegmentNames.logName(seq));
            clock.advance(AGE.minusNanos(1000));
            trail.record(event("same-segment"));
        }
        assertSegmentsNamedByFirstSeqAndChainIntact(2);
    }

    @Test
    void roll_byAge_onReopenOfAnOldActiveSegment_startsANewOneWithTrailStart() throws IOException {
        TestClock clock = TestClock.create();
        TrailFiles.trail(store, "c").clock(clock).segmentMaxAge(AGE).build().close();
        clock.advance(AGE.multipliedBy(3));

        TrailFiles.trail(store, "c").clock(clock).segmentMaxAge(AGE).build().close();

        List<Path> segments = TrailFiles.segments(chainDir());
        assertThat(segments).hasSize(2);
        assertThat(TrailFiles.lines(segments.get(1).toString())).extracting(TrailFiles::type)
                .containsExactly("TRAIL_START", "TRAIL_STOP");
        assertSegmentsNamedByFirstSeqAndChainIntact(2);
    }

    @Test
    void reopen_afterSizeRolls_continuesTheNewestSegment() throws IOException {
        try (AuditTrail trail = TrailFiles.trail(store, "c").maxRecordBytes(1024).segmentMaxBytes(4096)
                .durability(Durability.ASYNC).build()) {
            for (int i = 0; i < 20; i++) {
                trail.record(event("e" + i));
            }
        }
        List<Path> before = TrailFiles.segments(chainDir());
        long lastSeq = seq(TrailFiles.lines(chainDir()).get(22));

        try (AuditTrail trail = TrailFiles.trail(store, "c").maxRecordBytes(1024).segmentMaxBytes(4096).build()) {
            assertThat(trail.record(event("after-reopen")).seq()).hasValue(lastSeq + 2);
        }

        List<String> lines = TrailFiles.lines(chainDir());
        assertThat(type(lines.get(23))).isEqualTo("TRAIL_START");
        assertThat(TrailFiles.segments(chainDir())).containsAll(before);
        assertSegmentsNamedByFirstSeqAndChainIntact(TrailFiles.segments(chainDir()).size());
    }
}
