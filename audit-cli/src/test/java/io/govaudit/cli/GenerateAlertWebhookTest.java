package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.testing.LoopbackWebhook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --alert-webhook}: a drill's alerts reach a webhook on the loopback address (B8). */
class GenerateAlertWebhookTest {

    @TempDir
    Path store;

    @Test
    void generate_stopRecordingDrillWithWebhook_postsEveryAlertAsJson() throws Exception {
        try (LoopbackWebhook server = new LoopbackWebhook()) {
            CliRun run = CliRun.of("generate", store.toString(), "--chain", "drill", "--count", "3000",
                    "--segment-bytes", "65536", "--max-bytes", "262144", "--on-full", "stop-recording",
                    "--alert-webhook", server.uri().toString());

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("ALERT CAPACITY_WARNING ", "ALERT RECORDING_STOPPED ");
            List<String> kinds = new ArrayList<>();
            for (LoopbackWebhook.Post post : server.posts()) {
                JsonNode json = Segments.parse(post.body());
                assertThat(json.get("chain").asText()).isEqualTo("drill");
                kinds.add(json.get("kind").asText());
            }
            // the run waited for the webhook before it returned: every alert printed was posted
            assertThat(kinds).containsSubsequence("CAPACITY_WARNING", "RECORDING_STOPPED");
            assertThat(run.err().lines().filter(l -> l.startsWith("ALERT ")).count()).isEqualTo(kinds.size());
            assertThat(run.out()).contains("alert delivery:  webhook " + server.uri() + ": delivered " + kinds.size()
                    + ", retries 0, failed 0, dropped 0");
        }
    }

    @Test
    void generate_webhookPlainHttpToRemoteHost_isAUsageError() {
        CliRun run = CliRun.of("generate", store.toString(), "--chain", "drill", "--count", "1",
                "--alert-webhook", "http://alerts.example.gov.tw/hook");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--alert-webhook: ", "plain http");
    }

    @Test
    void generate_authEnvWithoutWebhook_isAUsageError() {
        CliRun run = CliRun.of("generate", store.toString(), "--chain", "drill", "--count", "1",
                "--alert-webhook-auth-env", "X");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("need --alert-webhook");
    }
}
