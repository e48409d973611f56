package io.govaudit;

import static io.govaudit.TrailFiles.event;
import static io.govaudit.TrailFiles.seq;
import static io.govaudit.TrailFiles.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour of the group-committing trail (docs/format.md sections 6-7, STYLE.md S20, S23): what
 * {@code flush()} and {@code close()} guarantee on disk, the state machine, and that a writer
 * that fails never leaves callers waiting.
 */
class GroupCommitTest {

    private static final Duration NO_HANG = Duration.ofSeconds(20);

    @TempDir
    Path store;

    private List<String> lines(String chain) {
        return TrailFiles.lines(store.resolve(chain));
    }

    @Test
    void flush_async_makesEveryQueuedRecordVisibleInTheSegment() {
        try (AuditTrail trail = TrailFiles.trail(store, "a").durability(Durability.ASYNC).build()) {
            for (int i = 0; i < 50; i++) {
                assertThat(trail.record(event("e" + i))).isEqualTo(Receipt.queued());
            }

            long durable = trail.flush();

            List<String> lines = lines("a");
            assertThat(durable).as("flush returns the seq of the last durable record").isEqualTo(52)
                    .isEqualTo(seq(lines.get(lines.size() - 1)));
            assertThat(lines).hasSize(52).extracting(TrailFiles::type).startsWith("CHAIN_START", "TRAIL_START");
            assertThat(lines.subList(2, 52)).extracting(l -> TrailFiles.detail(l, "eid"))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "e" + i).toList());
            assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
        }
    }

    @Test
    void record_sync_returnsTheSeqOfTheRecordAlreadyInTheSegment() {
        try (AuditTrail trail = TrailFiles.trail(store, "s").build()) {
            Receipt receipt = trail.record(event("x"));
            assertThat(receipt.status()).isEqualTo(Receipt.Status.DURABLE);
            assertThat(receipt.durable()).isTrue();
            assertThat(receipt.recorded()).isTrue();
            long seq = receipt.seq().orElseThrow();

            List<String> lines = lines("s");
            assertThat(seq(lines.get(lines.size() - 1))).isEqualTo(seq);
            assertThat(TrailFiles.detail(lines.get(lines.size() - 1), "eid")).isEqualTo("x");
        }
    }

    @Test
    void close_writesQueuedRecordsThenTrailStopAndMovesToClosed() {
        AuditTrail trail = TrailFiles.trail(store, "c").durability(Durability.ASYNC).build();
        assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
        for (int i = 0; i < 20; i++) {
            trail.record(event("e" + i));
        }

        trail.close();

        assertThat(trail.state()).isEqualTo(AuditTrail.State.CLOSED);
        List<String> lines = lines("c");
        assertThat(lines).hasSize(23);
        assertThat(type(lines.get(22))).isEqualTo("TRAIL_STOP");
        assertThat(TrailFiles.verify(store).intact()).isTrue();
    }

    @Test
    void close_twice_isIdempotent() {
        AuditTrail trail = TrailFiles.trail(store, "c").build();
        trail.close();

        trail.close();

        assertThat(trail.state()).isEqualTo(AuditTrail.State.CLOSED);
        assertThat(lines("c")).extracting(TrailFiles::type).containsOnlyOnce("TRAIL_STOP");
    }

    @Test
    void record_afterClose_throwsAuditUnavailableAndWritesNothing() {
        AuditTrail trail = TrailFiles.trail(store, "c").build();
        trail.close();
        List<String> before = lines("c");

        assertThatThrownBy(() -> trail.record(event("late")))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("'c'").hasMessageContaining("closed");
        assertThatThrownBy(trail::flush).isInstanceOf(AuditUnavailableException.class);
        assertThat(lines("c")).isEqualTo(before);
    }

    @Test
    void record_libraryType_isRejectedAndNothingIsWritten() {
        try (AuditTrail trail = TrailFiles.trail(store, "c").build()) {
            assertThatThrownBy(() -> trail.record(AuditEvent.of(EventType.RECOVERY, Actor.builder("x").build()).build()))
                    .isInstanceOf(AuditRecordRejectedException.class);
            assertThat(lines("c")).hasSize(2);
        }
    }

    @Test
    void writer_runtimeExceptionWhileWriting_failsTheTrailAndReleasesSyncCallers() {
        FailingClock clock = new FailingClock(() -> new IllegalStateException("injected clock failure"));
        AuditTrail trail = TrailFiles.trail(store, "f").clock(clock).build();
        clock.failing = true;

        assertTimeoutPreemptively(NO_HANG, () -> {
            assertThatThrownBy(() -> trail.record(event("x"))).isInstanceOf(AuditUnavailableException.class);
            assertThatThrownBy(() -> trail.record(event("y"))).isInstanceOf(AuditUnavailableException.class);
            assertThat(trail.state()).isEqualTo(AuditTrail.State.FAILED);
            trail.close();
        });
        assertThat(trail.state()).isEqualTo(AuditTrail.State.FAILED);
    }

    @Test
    void writer_errorWhileWriting_failsTheTrailInsteadOfLeavingSyncCallersWaiting() {
        FailingClock clock = new FailingClock(() -> new Error("injected writer error"));
        AuditTrail trail = TrailFiles.trail(store, "f").clock(clock).build();
        clock.failing = true;

        assertTimeoutPreemptively(NO_HANG, () -> {
            assertThatThrownBy(() -> trail.record(event("x")))
                    .isInstanceOf(AuditUnavailableException.class).hasRootCauseMessage("injected writer error");
            assertThatThrownBy(() -> trail.record(event("y"))).isInstanceOf(AuditUnavailableException.class);
            assertThatThrownBy(trail::flush).isInstanceOf(AuditUnavailableException.class);
            assertThat(trail.state()).isEqualTo(AuditTrail.State.FAILED);
            trail.close();
        });

        clock.failing = false;
        TrailFiles.trail(store, "f").clock(clock).build().close(); // the lock was released
        assertThat(TrailFiles.verify(store).intact()).isTrue();
    }
}
