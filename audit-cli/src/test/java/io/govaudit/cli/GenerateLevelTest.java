package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.testing.SntpTestServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --level basic|medium|high} (issue 16, docs/compliance.md, level profiles): a
 * configuration below the level is refused with exit status 2 naming every missing piece and its
 * flag, an unknown level is a usage error, and a run that meets its level writes it into
 * {@code TRAIL_START}.
 */
class GenerateLevelTest {

    @TempDir
    Path store;

    @TempDir
    Path tmp;

    private JsonNode trailStart() throws IOException {
        return Segments.records(store, "c1").stream().filter(r -> r.get("type").asText().equals("TRAIL_START"))
                .findFirst().orElseThrow().get("detail");
    }

    @Test
    void generate_levelHighWithoutKeys_exits2NamingEveryMissingPieceAndItsFlag() {
        CliRun run = CliRun.of("generate", store.toString(), "--chain", "c1", "--count", "5", "--level", "high");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("complianceLevel HIGH (高) needs ", "--max-bytes B", "--hmac-seed FILE",
                "--sign-key FILE", "--ntp-server HOST", "--alert-webhook URL", "--replica DIR",
                "REQUIREMENTS B6", "REQUIREMENTS B8", "REQUIREMENTS B10", "REQUIREMENTS B12", "REQUIREMENTS B13");
        assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1); // one message, no stack trace
        assertThat(store.resolve("c1").resolve("00000000000000000001.log")).doesNotExist();
    }

    @Test
    void generate_unknownLevel_isAUsageError() {
        CliRun run = CliRun.of("generate", store.toString(), "--chain", "c1", "--count", "5", "--level", "extreme");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--level", "extreme", "BASIC", "MEDIUM", "HIGH");
    }

    @Test
    void generate_levelMediumMet_recordsAndTrailStartHoldsTheLevelAndHourlyVerification() throws IOException {
        Path keys = tmp.resolve("keys");
        assertThat(CliRun.of("keygen", "--out", keys.toString()).exit()).isZero();
        try (SntpTestServer sntp = SntpTestServer.start()) {
            CliRun run = CliRun.of("generate", store.toString(), "--chain", "c1", "--count", "5", "--level", "Medium",
                    "--segment-bytes", "65536", "--max-bytes", "262144",
                    "--hmac-seed", keys.resolve(KeygenCommand.SEED).toString(), "--ntp-server", sntp.address());

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("level:           medium (中)");
        }
        JsonNode start = trailStart();
        assertThat(start.get("compliance_level").asText()).isEqualTo("medium");
        assertThat(start.get("verify_every").asText()).isEqualTo("PT1H");
        assertThat(start.get("keyed").asBoolean()).isTrue();
        assertThat(start.get("capacity_max_bytes").asLong()).isEqualTo(262144);
    }
}
