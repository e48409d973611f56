package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.testing.Segments;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AuditTrail.Builder.replicateTo} (REQUIREMENTS B13, annex 2.2.(3)): every durable record
 * is copied to a second store directory with the trail's segment names and bytes; the replica
 * verifies on its own; a replica that fails or falls behind raises an alert, and catches up.
 * Nothing sleeps a fixed time: the tests poll with a bound.
 */
class ReplicationTest {

    private static final Actor ADMIN = Actor.builder("A123456").admin(true).build();
    private static final long WAIT_MILLIS = 10_000;

    @TempDir
    Path store;
    @TempDir
    Path replica;

    private final BlockingQueue<AuditAlert> alerts = new LinkedBlockingQueue<>();

    private AuditTrail.Builder builder() {
        return AuditTrail.builder().directory(store).chainId("c").system("permit-portal").host("node-a")
                .segmentMaxBytes(4096).maxRecordBytes(1024).alertListener(alerts::add);
    }

    private static void record(AuditTrail trail, int n) {
        for (int i = 0; i < n; i++) {
            trail.record(AuditEvent.userLock(ADMIN, "u-" + i).build());
        }
        trail.flush();
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited %d ms for %s; alerts %s", WAIT_MILLIS, what, alerts).isNegative();
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private AuditAlert nextAlert(AlertKind kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (true) {
            AuditAlert alert = alerts.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(alert).as("a %s alert within %d ms", kind, WAIT_MILLIS).isNotNull();
            if (alert.kind() == kind) {
                return alert;
            }
        }
    }

    private static List<String> names(Path chainDir) {
        List<String> names = new ArrayList<>();
        for (Path p : Segments.list(chainDir)) {
            names.add(p.getFileName().toString());
        }
        return names;
    }

    /** The replica's segments are the trail's: same names, same bytes. */
    private void assertSameSegments() {
        Path source = store.resolve("c");
        Path copy = replica.resolve("c");
        assertThat(names(copy)).isEqualTo(names(source));
        for (Path p : Segments.list(source)) {
            assertThat(Segments.bytes(copy.resolve(p.getFileName()))).as("%s", p.getFileName())
                    .isEqualTo(Segments.bytes(p));
        }
    }

    private static long lastSeq(Path storeDir) {
        List<String> lines = Segments.allLines(storeDir.resolve("c"));
        String last = lines.get(lines.size() - 1);
        return Long.parseLong(last.replaceAll(".*?\"seq\":(\\d+),.*", "$1"));
    }

    /** The replica's last seq; -1 while it cannot be read (a segment purged while listed). */
    private long replicaSeq() {
        Path chainDir = replica.resolve("c");
        try {
            return Files.isDirectory(chainDir) && !Segments.allLines(chainDir).isEmpty() ? lastSeq(replica) : 0;
        } catch (java.io.UncheckedIOException e) {
            return -1;
        }
    }

    @Test
    void replicateTo_everyRecordCopiedWithTheTrailsSegments_replicaVerifiesOnItsOwn() throws Exception {
        try (AuditTrail trail = builder().replicateTo(replica).build()) {
            record(trail, 60);
            long head = trail.status().headSeq();
            // the shipper writes and forces the replica's files, then publishes the seq: wait for both
            await("the replica to reach seq " + head, () -> replicaSeq() >= head
                    && trail.status().replicas().get(0).replicatedSeq() >= head);
            assertThat(replicaSeq()).as("never ahead of what is durable").isEqualTo(head);
            assertThat(trail.status().replicas()).extracting(TrailStatus.Replica::replicatedSeq).containsExactly(head);
        }
        assertThat(Segments.list(store.resolve("c"))).hasSizeGreaterThanOrEqualTo(4);
        assertSameSegments(); // close shipped the rest, TRAIL_STOP included
        assertThat(Segments.allLines(replica.resolve("c")).get(Segments.allLines(replica.resolve("c")).size() - 1))
                .contains("\"type\":\"TRAIL_STOP\"");
        VerificationReport report = AuditVerifier.forDirectory(replica).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.chains()).extracting(ChainReport::lastSeq).containsExactly(lastSeq(store));
        assertThat(alerts).extracting(AuditAlert::kind).doesNotContain(AlertKind.REPLICA_FAILED, AlertKind.REPLICA_BEHIND);
    }

    @Test
    void replicateTo_reopenedTrailAndLateReplica_continuesFromTheReplicasHead() throws Exception {
        try (AuditTrail trail = builder().build()) {
            record(trail, 30); // before there was a replica
        }
        try (AuditTrail trail = builder().replicateTo(replica).build()) {
            record(trail, 10);
        }
        assertSameSegments();
        try (AuditTrail trail = builder().replicateTo(replica).build()) {
            record(trail, 25);
        }
        assertSameSegments();
        VerificationReport report = AuditVerifier.forDirectory(replica).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.chains().get(0).firstSeq()).isEqualTo(1);
    }

    @Test
    void replicateTo_replicaCannotBeWritten_alertsFailedAndBehind_thenCatchesUp() throws Exception {
        Path blocked = replica.resolve("store");
        Files.writeString(blocked, "not a directory"); // the replica's place is taken by a file
        try (AuditTrail trail = builder().replicateTo(blocked).replicaMaxLag(Duration.ofSeconds(1)).build()) {
            record(trail, 20);
            AuditAlert failed = nextAlert(AlertKind.REPLICA_FAILED);
            assertThat(failed.chain()).isEqualTo("c");
            assertThat(failed.message()).contains("replica " + blocked, "recording goes on");
            assertThat(failed.facts()).containsEntry("replica", blocked.toString()).containsKey("trail_seq");
            assertThat(trail.status().replicas()).singleElement().satisfies(r -> {
                assertThat(r.location()).isEqualTo(blocked.toAbsolutePath().toString());
                assertThat(r.replicatedSeq()).isZero();
                assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f).contains(blocked.toString()));
            });
            AuditAlert behind = nextAlert(AlertKind.REPLICA_BEHIND);
            assertThat(behind.facts()).containsEntry("replicated_seq", 0L);
            assertThat((Long) behind.facts().get("behind_records")).isPositive();
            assertThat(trail.state()).as("recording goes on").isEqualTo(AuditTrail.State.RUNNING);
            record(trail, 5);

            Files.delete(blocked); // the operator frees the place: the next retry succeeds
            nextAlert(AlertKind.REPLICA_CAUGHT_UP);
            long head = trail.status().headSeq();
            await("the replica to reach seq " + head, () -> {
                Path chainDir = blocked.resolve("c");
                return Files.isDirectory(chainDir) && !Segments.allLines(chainDir).isEmpty() && lastSeq(blocked) >= head;
            });
            await("the status to show the replica current", () -> trail.status().replicas().get(0).replicatedSeq() >= head
                    && trail.status().replicas().get(0).failure().isEmpty());
        }
        assertThat(AuditVerifier.forDirectory(blocked).verify().intact()).isTrue();
    }

    @Test
    void replicateTo_replicaOfAnotherChainHistory_refusedWithAlert_replicaUntouched() throws Exception {
        Path other = replica.resolve("other");
        try (AuditTrail trail = AuditTrail.builder().directory(other).chainId("c").system("x").host("h").build()) {
            record(trail, 5); // a chain "c" with a different history
        }
        byte[] before = Segments.bytes(Segments.list(other.resolve("c")).get(0));
        try (AuditTrail trail = builder().replicateTo(other).build()) {
            record(trail, 12);
            AuditAlert failed = nextAlert(AlertKind.REPLICA_FAILED);
            assertThat(failed.message()).contains("not this trail's");
        }
        assertThat(Segments.bytes(Segments.list(other.resolve("c")).get(0))).isEqualTo(before);
    }

    @Test
    void replicateTo_tamperedTrailSegment_notCopied_alertNamesTheSegment() throws Exception {
        try (AuditTrail trail = builder().build()) {
            record(trail, 40);
        }
        Path closed = Segments.list(store.resolve("c")).get(1);
        List<String> lines = Segments.lines(closed);
        lines.set(1, lines.get(1).replace("\"u-", "\"x-"));
        Segments.write(closed, lines);
        long tamperedSeq = Segments.firstSeq(closed) + 1;
        try (AuditTrail trail = builder().replicateTo(replica).build()) {
            assertThat(trail.status().headSeq()).isGreaterThan(tamperedSeq);
            AuditAlert failed = nextAlert(AlertKind.REPLICA_FAILED);
            assertThat(failed.message()).contains(closed.getFileName().toString(), "record " + tamperedSeq);
        }
        assertThat(replicaSeq()).as("the replica stops before the changed record").isLessThan(tamperedSeq);
        assertThat(AuditVerifier.forDirectory(replica).verify().intact()).as("what was copied verifies").isTrue();
    }

    @Test
    void replicateTo_retentionPurges_replicaDropsTheSameSegmentsOnceAttested() throws Exception {
        TrailFixture.SettableClock clock = new TrailFixture.SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        RetentionPolicy policy = RetentionPolicy.minimum(Period.ofMonths(6)).maximum(Period.ofMonths(7));
        try (AuditTrail trail = builder().clock(clock).segmentMaxAge(Duration.ofDays(1)).retention(policy)
                .replicateTo(replica).build()) {
            for (int day = 0; day < 300; day += 10) {
                trail.record(TrailFixture.event(day));
                clock.advance(Duration.ofDays(10));
                trail.flush();
                long head = trail.status().headSeq();
                await("the replica to reach seq " + head, () -> replicaSeq() >= head);
            }
        }
        assertThat(TrailFixture.ofType(store.resolve("c"), EventType.RETENTION_PURGE)).isNotEmpty();
        assertSameSegments();
        VerificationReport report = AuditVerifier.forDirectory(replica).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.chains().get(0).purgedThrough()).isPositive();
    }

    @Test
    void replicateTo_badSettings_refusedNamingEach() {
        assertThatThrownBy(() -> builder().replicateTo(store).replicateTo(replica).replicateTo(replica)
                .replicaMaxLag(Duration.ZERO).build())
                .isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("is the trail's own store directory")
                .hasMessageContaining("replicateTo was given " + replica.toAbsolutePath() + " twice")
                .hasMessageContaining("replicaMaxLag must be from PT1S to P1D, was PT0S");
    }

    @Test
    void replicateTo_keyedChain_replicaVerifiesWithTheSeed() throws IOException, InterruptedException {
        Path seed = replica.resolve("seed.hex");
        Path copy = replica.resolve("copy");
        Files.writeString(seed, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Files.setPosixFilePermissions(seed, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (AuditTrail trail = builder().hmacSeed(seed).replicateTo(copy).build()) {
            record(trail, 30);
        }
        VerificationReport keyed = AuditVerifier.forDirectory(copy).hmacSeed(seed).verify();
        assertThat(keyed.intact()).as("%s", keyed.problems()).isTrue();
        assertThat(Segments.allLines(copy.resolve("c"))).isEqualTo(Segments.allLines(store.resolve("c")));
        assertThat(copy.resolve("c").resolve("epoch.key")).as("the epoch key never leaves the trail's host")
                .doesNotExist();
    }
}
