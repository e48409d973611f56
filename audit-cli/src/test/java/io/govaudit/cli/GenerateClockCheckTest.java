package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.testing.SntpTestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --ntp-server HOST:PORT --max-clock-offset PT1S} against an SNTP server on the
 * loopback address answering with an injected offset: the summary prints the offset measured at
 * start, the store's {@code TRAIL_START} carries it, and the chain verifies. The CLI runs on the
 * system clock, so the measured offset is the injected one less half the loopback round trip.
 */
class GenerateClockCheckTest {

    @TempDir
    Path store;

    private SntpTestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = SntpTestServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private JsonNode trailStart() throws IOException {
        return Segments.records(store, "c1").stream().filter(r -> r.get("type").asText().equals("TRAIL_START"))
                .findFirst().orElseThrow();
    }

    @Test
    void generate_ntpServerWithinBounds_printsOffsetAndTrailStartCarriesIt() throws IOException {
        server.offset(Duration.ofMillis(300));
        CliRun run = CliRun.of("generate", store.toString(), "--chain", "c1", "--count", "20",
                "--ntp-server", server.address(), "--max-clock-offset", "PT1S");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("clock offset: +\\+(1\\d\\d|2\\d\\d|30\\d) ms \\(" + server.address().replace(".", "\\.")
                + ", max 1000 ms\\)");
        JsonNode detail = trailStart().get("detail");
        assertThat(detail.get("clock_offset_ms").asLong()).isBetween(100L, 310L);
        assertThat(detail.get("clock_server").asText()).isEqualTo(server.address());
        assertThat(run.err()).doesNotContain("CLOCK_ANOMALY");
        assertThat(CliRun.of("verify", store.toString()).exit()).isZero();
    }

    @Test
    void generate_offsetAboveMaxClockOffset_alertsClockAnomaly() throws IOException {
        server.offset(Duration.ofSeconds(-5));
        CliRun run = CliRun.of("generate", store.toString(), "--chain", "c1", "--count", "5",
                "--ntp-server", server.address(), "--max-clock-offset", "PT1S");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("clock offset: +-(49\\d\\d|500\\d) ms");
        assertThat(run.err()).containsPattern("ALERT CLOCK_ANOMALY .*(49\\d\\d|500\\d) ms ahead of "
                + server.address().replace(".", "\\."));
        assertThat(Segments.records(store, "c1")).anySatisfy(r -> {
            assertThat(r.get("type").asText()).isEqualTo("CLOCK_ANOMALY");
            assertThat(r.get("detail").get("offset_ms").asLong()).isBetween(-5010L, -4800L);
        });
        assertThat(trailStart().get("detail").get("clock_offset_ms").asLong()).isBetween(-5010L, -4800L);
        assertThat(CliRun.of("verify", store.toString()).exit()).isZero();
    }

    @Test
    void generate_maxClockOffsetWithoutServer_isAUsageError() {
        CliRun run = CliRun.of("generate", store.toString(), "--chain", "c1", "--count", "5",
                "--max-clock-offset", "PT1S");

        assertThat(run.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(run.err()).contains("--max-clock-offset PT1S needs --ntp-server");
    }
}
