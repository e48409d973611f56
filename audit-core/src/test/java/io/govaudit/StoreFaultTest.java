package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection at the I/O seam (STYLE.md S35): a write that fails part-way (ENOSPC at byte N
 * inside a batch) and a failing force, under each {@code onFull} action. After each: no partial
 * record in the segment, the action applied, recording resumed, and the chain intact after reopen.
 */
class StoreFaultTest {

    @TempDir
    Path store;

    private final FaultyIo io = new FaultyIo();
    private final TrailFixture fixture = new TrailFixture();

    private AuditTrail open(OnFull onFull, Durability durability) {
        return AuditTrail.builder().directory(store).chainId("c").system("sys").host("h").durability(durability)
                .capacity(CapacityPolicy.unbounded().onFull(onFull)).alertListener(fixture.alerts::add)
                .segmentIo(io).build();
    }

    private void assertNoPartialRecordAndIntactAfterReopen() throws IOException {
        for (String line : TrailFixture.lines(store.resolve("c"))) {
            assertThat(line).startsWith("{\"v\":2,").endsWith("\"}");
        }
        AuditTrail.builder().directory(store).chainId("c").system("sys").host("h").build().close();
        assertThat(TrailFixture.ofType(store.resolve("c"), EventType.RECOVERY)).as("no torn tail to repair").isEmpty();
        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(OnFull.class)
    void enospcInsideBatch_syncRecord_notWrittenPolicyAppliedThenResumes(OnFull onFull) throws IOException {
        try (AuditTrail trail = open(onFull, Durability.SYNC)) {
            long before = trail.record(TrailFixture.event(1)).seq().orElseThrow();
            io.failNextWriteAfter(100, FaultyIo.ENOSPC);
            if (onFull == OnFull.FAIL_CLOSED) {
                assertThatThrownBy(() -> trail.record(TrailFixture.event(2))).isInstanceOf(AuditUnavailableException.class);
            } else {
                assertThat(trail.record(TrailFixture.event(2))).isEqualTo(Receipt.notRecorded());
            }
            assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
            trail.flush(); // probes: the device takes writes again
            assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
            long after = trail.record(TrailFixture.event(3)).seq().orElseThrow();
            // seq before+1 is RECORDING_STOPPED, before+2 RECORDING_RESUMED: the failed record never got a seq
            assertThat(after).isEqualTo(before + 3);
        }
        assertThat(fixture.alertKinds()).containsSubsequence(AlertKind.STORE_IO_ERROR,
                onFull == OnFull.FAIL_CLOSED ? AlertKind.RECORDS_REFUSED : AlertKind.RECORDING_STOPPED,
                AlertKind.RECORDING_RESUMED);
        assertThat(TrailFixture.ofType(store.resolve("c"), EventType.RECORDING_RESUMED)).singleElement()
                .satisfies(line -> assertThat(line).contains("\"not_recorded\":1"));
        assertNoPartialRecordAndIntactAfterReopen();
    }

    /**
     * The six-month floor on a full device (S6, B1): OVERWRITE_OLDEST does not purge closed
     * segments of young records to retry the write; it stops instead, unless overwriting within
     * retention was allowed in writing.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void enospc_overwriteOldestWithOnlyYoungSegments_purgesOnlyWhenAllowed(boolean allowed) throws IOException {
        CapacityPolicy capacity = CapacityPolicy.unbounded().onFull(OnFull.OVERWRITE_OLDEST);
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c").system("sys").host("h")
                .maxRecordBytes(1024).segmentMaxBytes(4096).capacity(allowed ? capacity.overwriteWithinRetention("approved") : capacity)
                .alertListener(fixture.alerts::add).segmentIo(io).build()) {
            for (int i = 0; i < 40; i++) { // a few closed segments, all seconds old
                trail.record(TrailFixture.event(i));
            }
            io.failNextWriteAfter(100, FaultyIo.ENOSPC);
            Receipt receipt = trail.record(TrailFixture.event(99));
            if (allowed) {
                assertThat(receipt.recorded()).isTrue();
                assertThat(trail.state()).isNotEqualTo(AuditTrail.State.STOPPED);
            } else {
                assertThat(receipt).isEqualTo(Receipt.notRecorded());
                assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
                trail.flush(); // probes: the device takes writes again, though nothing was purged
                assertThat(trail.state()).isEqualTo(AuditTrail.State.RUNNING);
                assertThat(trail.record(TrailFixture.event(100)).recorded()).isTrue();
            }
        }
        List<String> purges = TrailFixture.ofType(store.resolve("c"), EventType.RETENTION_PURGE);
        if (allowed) {
            assertThat(purges).singleElement().satisfies(line -> assertThat(line)
                    .contains("\"reason\":\"device full\"", "\"retention_violation\":true"));
        } else {
            assertThat(purges).isEmpty();
            assertThat(TrailFixture.lines(store.resolve("c")).get(0)).contains("\"seq\":1,");
            assertThat(fixture.alertKinds()).contains(AlertKind.RECORDING_STOPPED)
                    .doesNotContain(AlertKind.RETENTION_PURGE, AlertKind.RETENTION_VIOLATION);
        }
        assertNoPartialRecordAndIntactAfterReopen();
    }

    @Test
    void enospcInsideAsyncBatch_everyEventIsRecordedOrCounted() throws IOException {
        int events = 2000;
        try (AuditTrail trail = open(OnFull.STOP_RECORDING, Durability.ASYNC)) {
            trail.flush();
            io.failNextWriteAfter(5000, FaultyIo.ENOSPC);
            for (int i = 0; i < events; i++) {
                trail.record(TrailFixture.event(i));
            }
            trail.flush();
            trail.flush();
        }
        long recorded = TrailFixture.ofType(store.resolve("c"), EventType.ADMIN_ACTION).size();
        long notRecorded = TrailFixture.notRecorded(store.resolve("c"));
        assertThat(notRecorded).isPositive();
        assertThat(recorded + notRecorded).isEqualTo(events);
        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        assertThat(report.problems()).extracting(p -> p.kind()).containsOnly(ProblemKind.RECORDING_GAP);
        assertNoPartialRecordAndIntactAfterReopen();
    }

    @ParameterizedTest
    @EnumSource(OnFull.class)
    void failedForce_isNeverAssumedGood_recordNotAcknowledged(OnFull onFull) throws IOException {
        try (AuditTrail trail = open(onFull, Durability.SYNC)) {
            trail.record(TrailFixture.event(1));
            io.failForces(1);
            if (onFull == OnFull.FAIL_CLOSED) {
                assertThatThrownBy(() -> trail.record(TrailFixture.event(2))).isInstanceOf(AuditUnavailableException.class);
            } else {
                assertThat(trail.record(TrailFixture.event(2))).isEqualTo(Receipt.notRecorded());
            }
            trail.flush();
            assertThat(trail.record(TrailFixture.event(3)).seq().orElseThrow()).isPositive();
        }
        // the bytes of the failed batch were cut: event 2 is nowhere in the chain
        assertThat(TrailFixture.ofType(store.resolve("c"), EventType.ADMIN_ACTION))
                .noneMatch(line -> line.contains("\"n\":2}"));
        assertNoPartialRecordAndIntactAfterReopen();
    }

    @Test
    void alert_failedForce_reachesListenerOnTheWriterThreadRightAfterTheFailure() {
        AtomicLong failedAt = new AtomicLong();
        AtomicLong alertedAt = new AtomicLong();
        FaultyIo timed = new FaultyIo() {
            @Override
            public void force(java.nio.channels.FileChannel channel) throws IOException {
                try {
                    super.force(channel);
                } catch (IOException e) {
                    failedAt.set(System.nanoTime());
                    throw e;
                }
            }
        };
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c").system("sys").host("h")
                .segmentIo(timed).alertListener((AuditAlert a) -> {
                    if (a.kind() == AlertKind.STORE_IO_ERROR) {
                        alertedAt.compareAndSet(0, System.nanoTime());
                    }
                }).build()) {
            timed.failForces(1);
            trail.record(TrailFixture.event(1));
        }
        long micros = (alertedAt.get() - failedAt.get()) / 1000;
        System.out.println("failure-to-alert latency: " + micros + " us");
        assertThat(alertedAt.get()).isGreaterThanOrEqualTo(failedAt.get()).isPositive();
    }

    @Test
    void segmentEndsWithNewline_afterEveryInjectedFault() throws IOException {
        try (AuditTrail trail = open(OnFull.STOP_RECORDING, Durability.SYNC)) {
            for (int n : List.of(1, 50, 199, 400)) {
                io.failNextWriteAfter(n, FaultyIo.ENOSPC);
                trail.record(TrailFixture.event(n));
                byte[] bytes = Files.readAllBytes(activeSegment());
                assertThat(bytes[bytes.length - 1]).as("last byte after a write failing at byte %d", n)
                        .isEqualTo((byte) '\n');
                trail.flush();
            }
        }
        assertNoPartialRecordAndIntactAfterReopen();
    }

    private Path activeSegment() throws IOException {
        try (var files = Files.list(store.resolve("c"))) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }
}
