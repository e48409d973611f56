package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.testing.KeyedStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuditTrail#status()} on real files: head, capacity, counters, stops, checkpoints. */
class TrailStatusTest {

    private static final long MAX_BYTES = 64 * 1024;

    @TempDir
    Path store;

    private final TrailFixture fixture = new TrailFixture();
    private final TrailFixture.SettableClock clock =
            new TrailFixture.SettableClock(Instant.parse("2026-06-01T00:00:00Z"));

    private AuditTrail.Builder builder() {
        return AuditTrail.builder().directory(store).chainId("c").system("sys").host("h").clock(clock)
                .alertListener(fixture.alerts::add);
    }

    private AuditTrail bounded(OnFull onFull) {
        return builder().maxRecordBytes(1024).segmentMaxBytes(8 * 1024)
                .capacity(CapacityPolicy.maxBytes(MAX_BYTES).warnAt(75).onFull(onFull))
                .retention(RetentionPolicy.minimum(Period.ofDays(1)).belowSixMonths("test: a short retention on purpose").maximum(Period.ofDays(2))).build();
    }

    @Test
    void status_runningUnboundedTrail_showsHeadAndCountsWhatWasWritten() {
        try (AuditTrail trail = builder().build()) {
            long opened = trail.status().headSeq();
            for (int i = 0; i < 10; i++) {
                trail.record(TrailFixture.event(i));
            }

            TrailStatus status = trail.status();

            assertThat(status.chainId()).isEqualTo("c");
            assertThat(status.state()).isEqualTo(AuditTrail.State.RUNNING);
            assertThat(status.recording()).isTrue();
            assertThat(status.headSeq()).isEqualTo(opened + 10);
            List<String> lines = TrailFixture.lines(store.resolve("c"));
            assertThat(status.headHash()).isEqualTo(KeyedStore.hashOf(lines.get(lines.size() - 1)));
            assertThat(status.maxBytes()).isEmpty();
            assertThat(status.capacityUse()).isEmpty();
            long segments = TrailFixture.segmentBytes(store.resolve("c"));
            assertThat(status.usedBytes()).as("segments plus small state files (session key, head mark)")
                    .isBetween(segments, segments + 1024);
            assertThat(status.notRecorded()).isZero();
            assertThat(status.queueDepth()).isZero();
            assertThat(status.lastCheckpoint()).isEmpty();
            TrailStatus.Counters counters = status.counters();
            assertThat(counters.records()).isEqualTo(10);
            assertThat(counters.written()).isEqualTo(status.headSeq()); // a new chain: every record since seq 1
            assertThat(counters.batches()).isBetween(10L, counters.written()); // SYNC and sequential: 10 or more
            assertThat(counters.meanBatchSize()).isGreaterThanOrEqualTo(1.0);
            assertThat(counters.commitTime()).isPositive();
        }
    }

    @Test
    void status_storeFullUnderStopRecording_isStoppedAndCountsWhatIsNotRecorded() {
        try (AuditTrail trail = bounded(OnFull.STOP_RECORDING)) {
            int i = 0;
            while (trail.record(TrailFixture.event(i++)).recorded()) {
                clock.advance(Duration.ofSeconds(1));
            }
            TrailStatus stopped = trail.status();
            trail.record(TrailFixture.event(i++));
            trail.record(TrailFixture.event(i));

            TrailStatus later = trail.status();

            assertThat(stopped.state()).isEqualTo(AuditTrail.State.STOPPED);
            assertThat(stopped.recording()).isFalse();
            assertThat(stopped.refusing()).as("STOP_RECORDING counts, it does not refuse").isFalse();
            assertThat(stopped.onFull()).isEqualTo(OnFull.STOP_RECORDING);
            assertThat(stopped.notRecorded()).isEqualTo(1);
            assertThat(later.notRecorded()).isEqualTo(3);
            assertThat(later.headSeq()).isEqualTo(stopped.headSeq()); // nothing more reached the chain
            assertThat(later.counters().records()).isEqualTo(stopped.counters().records());
            assertThat(later.maxBytes()).isEqualTo(OptionalLong.of(MAX_BYTES));
            assertThat(later.capacityUse().orElseThrow()).isGreaterThan(0.9);

            clock.advance(Duration.ofDays(3)); // the retention maximum lets old segments go
            trail.flush(); // probes at once and resumes

            TrailStatus resumed = trail.status();
            assertThat(resumed.state()).isNotEqualTo(AuditTrail.State.STOPPED);
            assertThat(resumed.notRecorded()).as("a total since open, not reset on resume").isEqualTo(3);
        }
    }

    @Test
    void status_storeFullUnderFailClosed_countsRefusedRecords() {
        try (AuditTrail trail = bounded(OnFull.FAIL_CLOSED)) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10_000; i++) {
                    trail.record(TrailFixture.event(i));
                    clock.advance(Duration.ofSeconds(1));
                }
            }).isInstanceOf(AuditUnavailableException.class);
            assertThatThrownBy(() -> trail.record(TrailFixture.event(1))).isInstanceOf(AuditUnavailableException.class);

            TrailStatus status = trail.status();

            assertThat(status.state()).isEqualTo(AuditTrail.State.STOPPED);
            assertThat(status.refusing()).isTrue();
            assertThat(status.notRecorded()).isEqualTo(2);
        }
    }

    @Test
    void status_signedChain_reportsTheLastDurableCheckpoint() {
        KeyedStore keys = KeyedStore.create(store.resolve("keyed"));
        try (AuditTrail trail = keys.builder("k", keys.keyPair("a")).checkpointEvery(5).build()) {
            for (int i = 0; i < 12; i++) {
                trail.record(TrailFixture.event(i));
            }

            TrailStatus.Checkpoint checkpoint = trail.status().lastCheckpoint().orElseThrow();

            List<String> checkpoints = TrailFixture.ofType(keys.store.resolve("k"), EventType.CHECKPOINT);
            String last = checkpoints.get(checkpoints.size() - 1);
            assertThat(checkpoint.seq()).isEqualTo(KeyedStore.seqOf(last));
            assertThat(checkpoint.atSeq()).isEqualTo(checkpoint.seq() - 1);
            assertThat(checkpoint.time()).isEqualTo(Instant.parse(KeyedStore.tsOf(last)));
        }
    }

    @Test
    void status_closedTrail_stillAnswersWithTheFinalHead() {
        AuditTrail trail = builder().build();
        trail.record(TrailFixture.event(0));
        trail.close();

        TrailStatus status = trail.status();

        assertThat(status.state()).isEqualTo(AuditTrail.State.CLOSED);
        assertThat(status.refusing()).isTrue();
        List<String> lines = TrailFixture.lines(store.resolve("c"));
        assertThat(status.headSeq()).isEqualTo(KeyedStore.seqOf(lines.get(lines.size() - 1))); // TRAIL_STOP
    }

    @Test
    void trailStatus_negativeOrMissingMembers_areRefused() {
        assertThatThrownBy(() -> new TrailStatus("c", AuditTrail.State.RUNNING, -1, "", 0, OptionalLong.empty(),
                OnFull.STOP_RECORDING, java.util.Optional.empty(), 0, 0, TrailStatus.Counters.NONE, java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new TrailStatus.Counters(1, 1, -2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batches -2");
        assertThatThrownBy(() -> new TrailStatus(null, AuditTrail.State.RUNNING, 0, "", 0, OptionalLong.empty(),
                OnFull.STOP_RECORDING, java.util.Optional.empty(), 0, 0, TrailStatus.Counters.NONE, java.util.List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("chainId");
    }
}
