package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.testing.Segments;
import io.govaudit.testing.SntpTestServer;
import io.govaudit.testing.TestClock;
import io.govaudit.verify.AuditVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AuditTrail.Builder.clockCheck} against an SNTP server on the loopback address that
 * answers with injected offsets, spoofs its origin timestamp or stays silent. The periodic checks
 * run every second; the tests wait for alerts in a queue with a bound of a few intervals, and move
 * a test clock (against a ticker standing still) to make steps; nothing sleeps.
 */
class ClockCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Actor ADMIN = Actor.builder("A123456").admin(true).build();
    private static final long WAIT_MILLIS = 4_000;

    @TempDir
    Path store;

    private SntpTestServer server;
    private final BlockingQueue<AuditAlert> alerts = new LinkedBlockingQueue<>();

    @BeforeEach
    void startServer() throws IOException {
        server = SntpTestServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private AuditTrail open(ClockCheck check, Clock clock, AtomicLong ticker) {
        AuditTrail.Builder builder = AuditTrail.builder().directory(store).chainId("c1").system("permit-portal")
                .host("node-a").clockCheck(check).alertListener(alert -> {
                    if (alert.kind() == AlertKind.CLOCK_ANOMALY) {
                        alerts.add(alert);
                    }
                });
        if (clock != null) {
            builder.clock(clock).ticker(ticker::get);
        }
        return builder.build();
    }

    /** A clock standing still: the request and the reply happen at the same instant, so the offset is exact. */
    private static TestClock standingClock() {
        return TestClock.at(Instant.parse("2026-05-01T08:00:00Z"));
    }

    private ClockCheck check() {
        return ClockCheck.servers(server.address()).maxOffset(Duration.ofSeconds(1)).every(Duration.ofSeconds(1))
                .timeout(Duration.ofMillis(300));
    }

    private List<JsonNode> records(String type) {
        return Segments.allLines(store.resolve("c1")).stream().map(ClockCheckTest::parse)
                .filter(r -> r.path("type").asText().equals(type)).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AuditAlert nextAlert() throws InterruptedException {
        return alerts.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void assertIntact() throws IOException {
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).as("the chain verifies").isTrue();
    }

    @Test
    void clockCheck_serverAnswersWithinBounds_recordsOffsetInTrailStartAndPeriodicClockCheck() throws Exception {
        server.offset(Duration.ofMillis(250));
        try (AuditTrail trail = open(check(), standingClock(), new AtomicLong())) {
            trail.record(AuditEvent.userLock(ADMIN, "u-1").build());
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (records("CLOCK_CHECK").isEmpty() && System.nanoTime() < deadline) {
                assertThat(alerts.poll(100, TimeUnit.MILLISECONDS)).as("no anomaly").isNull(); // the wait
            }
        }
        JsonNode start = records("TRAIL_START").get(0).path("detail");
        assertThat(start.path("clock_offset_ms").asLong()).isEqualTo(250L);
        assertThat(start.path("clock_server").asText()).isEqualTo(server.address());
        JsonNode periodic = records("CLOCK_CHECK").get(0).path("detail");
        assertThat(periodic.path("offset_ms").asLong()).isEqualTo(250L);
        assertThat(periodic.path("server").asText()).isEqualTo(server.address());
        assertThat(periodic.has("delay_ms")).isTrue();
        assertThat(records("CLOCK_ANOMALY")).isEmpty();
        assertIntact();
    }

    @Test
    void clockCheck_offsetAboveMax_writesClockAnomalyWithOffsetAndServerAndAlerts() throws Exception {
        server.offset(Duration.ofSeconds(5));
        try (AuditTrail trail = open(check(), standingClock(), new AtomicLong())) {
            AuditAlert alert = nextAlert();
            assertThat(alert).as("CLOCK_ANOMALY alert").isNotNull();
            assertThat(alert.chain()).isEqualTo("c1");
            assertThat(alert.facts()).containsEntry("reason", "offset").containsEntry("server", server.address());
            assertThat(alert.message()).contains("behind " + server.address(), "1000 ms");
            trail.record(AuditEvent.userLock(ADMIN, "u-1").build());
        }
        assertThat(records("TRAIL_START").get(0).path("detail").path("clock_offset_ms").asLong()).isEqualTo(5000L);
        JsonNode anomaly = records("CLOCK_ANOMALY").get(0).path("detail");
        assertThat(anomaly.path("offset_ms").asLong()).isEqualTo(5000L);
        assertThat(anomaly.path("server").asText()).isEqualTo(server.address());
        assertThat(anomaly.path("reason").asText()).isEqualTo("offset");
        assertThat(anomaly.path("max_offset_ms").asLong()).isEqualTo(1000L);
        assertIntact();
    }

    @Test
    void clockCheck_spoofedOriginTimestamp_replyIgnoredAndNoAnswerAlerted() throws Exception {
        server.offset(Duration.ofSeconds(5)).mode(SntpTestServer.Mode.WRONG_ORIGIN);
        try (AuditTrail trail = open(check(), null, null)) {
            AuditAlert alert = nextAlert();
            assertThat(alert).isNotNull();
            assertThat(alert.facts()).containsEntry("reason", "no_answer");
            assertThat(alert.message()).contains(server.address(), "origin timestamp");
            trail.record(AuditEvent.userLock(ADMIN, "u-1").build());
        }
        assertThat(records("TRAIL_START").get(0).path("detail").has("clock_offset_ms")).as("spoofed offset ignored")
                .isFalse();
        assertThat(records("CLOCK_ANOMALY")).isEmpty();
        assertIntact();
    }

    @Test
    void clockCheck_serverSilent_alertsOnceAndKeepsRecordingThenRecordsWhenItAnswers() throws Exception {
        server.mode(SntpTestServer.Mode.SILENT);
        try (AuditTrail trail = open(check(), null, null)) {
            AuditAlert alert = nextAlert();
            assertThat(alert).isNotNull();
            assertThat(alert.kind().severity()).isEqualTo(AlertKind.Severity.WARNING);
            assertThat(alert.facts()).containsEntry("reason", "no_answer");
            for (int i = 0; i < 20; i++) {
                assertThat(trail.record(AuditEvent.userLock(ADMIN, "u-" + i).build()).durable()).isTrue();
            }
            int asked = server.requests();
            assertThat(alerts.poll(2_500, TimeUnit.MILLISECONDS)).as("one alert, not one per check").isNull();
            assertThat(server.requests()).as("checks went on").isGreaterThan(asked);

            server.mode(SntpTestServer.Mode.CORRECT);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (records("CLOCK_CHECK").isEmpty() && System.nanoTime() < deadline) {
                assertThat(alerts.poll(100, TimeUnit.MILLISECONDS)).isNull(); // the wait
            }
        }
        assertThat(records("CLOCK_CHECK")).as("recorded again once the server answers").isNotEmpty();
        assertThat(records("CLOCK_ANOMALY")).as("no record storm").isEmpty();
        assertIntact();
    }

    @Test
    void clockCheck_clockStepsBack_writesBackwardStepAnomaly() throws Exception {
        assertStep(Duration.ofMinutes(-1), "backward_step", -60_000L);
    }

    @Test
    void clockCheck_clockJumpsForward_writesForwardJumpAnomaly() throws Exception {
        assertStep(Duration.ofMinutes(1), "forward_jump", 60_000L);
    }

    private void assertStep(Duration step, String reason, long stepMillis) throws Exception {
        TestClock clock = TestClock.at(Instant.parse("2026-05-01T08:00:00Z"));
        AtomicLong ticker = new AtomicLong(1_000_000_000L); // stands still: the wall clock's move is a step
        try (AuditTrail trail = open(check(), clock, ticker)) {
            trail.record(AuditEvent.userLock(ADMIN, "u-1").build());
            clock.advance(step);
            AuditAlert alert = nextAlert();
            assertThat(alert).as("CLOCK_ANOMALY alert").isNotNull();
            assertThat(alert.facts()).containsEntry("reason", reason).containsEntry("step_ms", stepMillis);
        }
        JsonNode anomaly = records("CLOCK_ANOMALY").stream().filter(r -> r.path("detail").has("step_ms")).findFirst()
                .orElseThrow().path("detail");
        assertThat(anomaly.path("reason").asText()).isEqualTo(reason);
        assertThat(anomaly.path("step_ms").asLong()).isEqualTo(stepMillis);
        assertThat(anomaly.path("offset_ms").asLong()).isZero(); // the server answers relative to our clock
        assertThat(anomaly.path("server").asText()).isEqualTo(server.address());
        assertIntact();
    }

    @Test
    void clockCheckValue_badInput_isRejectedNamingTheValue() {
        assertThatThrownBy(() -> ClockCheck.servers(new String[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClockCheck.servers("host:0")).hasMessageContaining("'host:0'");
        assertThatThrownBy(() -> ClockCheck.servers(" ")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> ClockCheck.servers("h").every(Duration.ofMillis(10))).hasMessageContaining("PT0.01S");
        assertThatThrownBy(() -> ClockCheck.servers("h").maxOffset(Duration.ZERO)).hasMessageContaining("maxOffset");
        assertThat(ClockCheck.servers("time.stdtime.gov.tw", "10.0.0.1:1123", "::1", "[::1]:124").servers())
                .containsExactly("time.stdtime.gov.tw:123", "10.0.0.1:1123", "[::1]:123", "[::1]:124");
    }
}
