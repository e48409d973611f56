package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.testing.Segments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AuditTrail.Builder.verifyEvery}: the trail verifies its own chain in the background and
 * raises {@code INTEGRITY_FAILURE} naming chain, seq and file within one interval of a change.
 * The alerts arrive in a queue the test polls with a bound of two intervals (one round may have
 * just started when the file was changed); nothing sleeps.
 */
class ScheduledVerificationTest {

    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final Actor ADMIN = Actor.builder("A123456").admin(true).build();

    @TempDir
    Path store;

    private final BlockingQueue<AuditAlert> alerts = new LinkedBlockingQueue<>();

    private AuditTrail open(String chain) {
        return AuditTrail.builder().directory(store).chainId(chain).system("permit-portal").host("node-a")
                .segmentMaxBytes(4096).maxRecordBytes(1024).verifyEvery(EVERY)
                .alertListener(alert -> {
                    if (alert.kind() == AlertKind.INTEGRITY_FAILURE) {
                        alerts.add(alert);
                    }
                }).build();
    }

    private static void record(AuditTrail trail, int n) {
        for (int i = 0; i < n; i++) {
            trail.record(AuditEvent.userLock(ADMIN, "u-" + i).build());
        }
        trail.flush();
    }

    private AuditAlert nextAlert() throws InterruptedException {
        return alerts.poll(2 * EVERY.toMillis() + 500, TimeUnit.MILLISECONDS);
    }

    @Test
    void verifyEvery_byteFlippedInClosedSegment_alertsWithChainSeqAndFileWithinOneInterval() throws Exception {
        try (AuditTrail trail = open("c1")) {
            record(trail, 40);
            List<Path> segments = Segments.list(store.resolve("c1"));
            assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
            assertThat(alerts.poll(2 * EVERY.toMillis(), TimeUnit.MILLISECONDS)).as("intact store").isNull();

            Path closed = segments.get(1);
            List<String> lines = Segments.lines(closed);
            long seq = Segments.firstSeq(closed) + 1;
            lines.set(1, lines.get(1).replace("\"u-", "\"x-"));
            Segments.write(closed, lines);

            AuditAlert alert = nextAlert();
            assertThat(alert).as("INTEGRITY_FAILURE within one interval").isNotNull();
            assertThat(alert.chain()).isEqualTo("c1");
            assertThat(alert.facts()).containsEntry("problem", "HASH_MISMATCH").containsEntry("seq", seq)
                    .containsEntry("file", closed.getFileName().toString()).containsEntry("line", 2L);
            assertThat(alert.message()).contains("chain 'c1'", "seq " + seq, closed.getFileName().toString());
            record(trail, 5);
            assertThat(alerts.poll(2 * EVERY.toMillis(), TimeUnit.MILLISECONDS)).as("each problem alerted once")
                    .isNull();
        }
    }

    @Test
    void verifyEvery_lineDeletedFromClosedSegment_alertsSeqGap() throws Exception {
        try (AuditTrail trail = open("c2")) {
            record(trail, 40);
            Path closed = Segments.list(store.resolve("c2")).get(2);
            List<String> lines = new java.util.ArrayList<>(Segments.lines(closed));
            lines.remove(1);
            Segments.write(closed, lines);

            AuditAlert alert = nextAlert();
            assertThat(alert).isNotNull();
            assertThat(alert.facts()).containsEntry("problem", "SEQ_GAP")
                    .containsEntry("seq", Segments.firstSeq(closed) + 1)
                    .containsEntry("file", closed.getFileName().toString());
        }
    }

    @Test
    void verifyEvery_whileRecording_neverBlocksTheWriter() throws Exception {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c3").system("permit-portal")
                .host("node-a").segmentMaxBytes(64 * 1024).durability(Durability.ASYNC).verifyEvery(EVERY)
                .alertListener(alerts::add).build()) {
            long start = System.nanoTime();
            for (int i = 0; i < 20_000; i++) { // rounds read the chain while it grows
                trail.record(AuditEvent.userLock(ADMIN, "w-" + i).build());
            }
            trail.flush();
            long slowest = 0;
            for (int i = 0; i < 200; i++) {
                long t = System.nanoTime();
                trail.record(AuditEvent.userLock(ADMIN, "s-" + i).build());
                trail.flush();
                slowest = Math.max(slowest, System.nanoTime() - t);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(Duration.ofNanos(slowest)).as("no record waits for a round").isLessThan(Duration.ofSeconds(1));
            assertThat(alerts.poll(2 * EVERY.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void verifyEvery_outOfBounds_isRefusedWithTheValue() {
        assertThatThrownBy(() -> AuditTrail.builder().directory(store).chainId("c4").system("s")
                .verifyEvery(Duration.ofMillis(10)).build())
                .isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("verifyEvery must be from PT1S to P1D, was PT0.01S");
        assertThatThrownBy(() -> AuditTrail.builder().directory(store).chainId("c4").system("s")
                .verifyEvery(Duration.ofDays(2)).build())
                .hasMessageContaining("verifyEvery must be from PT1S to P1D, was PT48H");
    }
}
