package io.govaudit.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.testing.LoopbackWebhook;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** {@link WebhookAlertListener} against a real HTTP server on the loopback address (B8). */
class WebhookAlertListenerTest {

    private static final String SECRET = "Bearer s3cr3t-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AuditAlert alert(AlertKind kind, String message) {
        return new AuditAlert(kind, "node-1", Instant.parse("2026-06-01T00:00:00Z"), message,
                Map.of("not_recorded", 3L, "full", true, "path", "/var/audit"));
    }

    private static WebhookAlertListener.Builder webhook(URI uri, int attempts) {
        return WebhookAlertListener.builder(uri).timeout(Duration.ofSeconds(2))
                .policy(DeliveryPolicy.defaults().withAttempts(attempts).withBackoff(Duration.ofMillis(20)));
    }

    static void await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", timeout).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void deliver_alert_postsJsonNamingKindChainTimeMessageAndDetails() throws Exception {
        try (LoopbackWebhook server = new LoopbackWebhook();
                WebhookAlertListener listener = webhook(server.uri(), 1).header("Authorization", SECRET).build()) {
            String message = "chain 'node-1' stopped: \"full\"\n\u5132\u5b58\u7a7a\u9593 \\ \u0001";
            listener.onAlert(alert(AlertKind.RECORDING_STOPPED, message));
            LoopbackWebhook.Post post = server.await(b -> true, Duration.ofSeconds(1)).orElseThrow();
            JsonNode json = JSON.readTree(post.body());
            assertThat(json.get("schema").asText()).isEqualTo("govaudit.alert/1");
            assertThat(json.get("kind").asText()).isEqualTo("RECORDING_STOPPED");
            assertThat(json.get("severity").asText()).isEqualTo("ERROR");
            assertThat(json.get("chain").asText()).isEqualTo("node-1");
            assertThat(json.get("time").asText()).isEqualTo("2026-06-01T00:00:00Z");
            assertThat(json.get("message").asText()).isEqualTo(message);
            assertThat(json.get("details").get("not_recorded").isIntegralNumber()).isTrue();
            assertThat(json.get("details").get("not_recorded").asLong()).isEqualTo(3);
            assertThat(json.get("details").get("full").asBoolean()).isTrue();
            assertThat(json.get("details").get("path").asText()).isEqualTo("/var/audit");
            assertThat(post.headers()).containsEntry("Content-Type", "application/json")
                    .containsEntry("Authorization", SECRET);
            await(() -> listener.stats().delivered() == 1, Duration.ofSeconds(1));
            assertThat(listener.stats()).isEqualTo(new DeliveryStats(1, 0, 0, 0, 0, false, ""));
        }
    }

    @Test
    void deliver_serverAnswers500Twice_deliveredOnThirdAttemptAndRetriesCounted() throws Exception {
        try (LoopbackWebhook server = new LoopbackWebhook().answer(500, 503);
                WebhookAlertListener listener = webhook(server.uri(), 5).build()) {
            listener.onAlert(alert(AlertKind.CAPACITY_WARNING, "near full"));
            await(() -> listener.stats().delivered() == 1, Duration.ofSeconds(1));
            assertThat(server.posts()).hasSize(3);
            DeliveryStats stats = listener.stats();
            assertThat(stats.retries()).isEqualTo(2);
            assertThat(stats.failed()).isZero();
            assertThat(stats.degraded()).isFalse();
        }
    }

    @Test
    void deliver_serverDown_failedAfterRetriesAndCountedWithoutSecrets() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (WebhookAlertListener listener = webhook(URI.create("http://127.0.0.1:" + port + "/hook?token=abc"), 3)
                .header("Authorization", SECRET).build()) {
            listener.onAlert(alert(AlertKind.RECORDING_STOPPED, "stopped"));
            await(() -> listener.stats().failed() == 1, Duration.ofSeconds(5));
            DeliveryStats stats = listener.stats();
            assertThat(stats.retries()).isEqualTo(2);
            assertThat(stats.delivered()).isZero();
            assertThat(stats.failing()).isTrue();
            assertThat(stats.degraded()).isTrue();
            assertThat(stats.lastFailure()).startsWith("RECORDING_STOPPED: ").doesNotContain(SECRET, "token=abc");
            assertThat(listener.name()).isEqualTo("webhook http://127.0.0.1:" + port + "/hook");
            assertThat(listener.toString()).doesNotContain(SECRET, "abc");
        }
    }

    @Test
    void onAlert_receiverHangsAndQueueFull_returnsAtOnceAndCountsDroppedNewest() throws Exception {
        try (LoopbackWebhook server = new LoopbackWebhook().hang();
                WebhookAlertListener listener = WebhookAlertListener.builder(server.uri()).timeout(Duration.ofSeconds(30))
                        .policy(DeliveryPolicy.defaults().withQueueCapacity(2)).build()) {
            listener.onAlert(alert(AlertKind.CAPACITY_WARNING, "first"));
            server.await(b -> true, Duration.ofSeconds(1)).orElseThrow(); // the first is in flight, held
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                listener.onAlert(alert(AlertKind.RECORDING_STOPPED, "alert " + i));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
            assertThat(listener.stats().queued()).isEqualTo(2);
            assertThat(listener.stats().dropped()).isEqualTo(3);
            server.release();
            await(() -> listener.stats().delivered() == 3, Duration.ofSeconds(2));
            assertThat(server.posts()).extracting(LoopbackWebhook.Post::body)
                    .satisfiesExactly(b -> assertThat(b).contains("alert 0"), b -> assertThat(b).contains("alert 1"));
        }
    }

    @Test
    void close_afterClose_dropsAndCounts() throws Exception {
        try (LoopbackWebhook server = new LoopbackWebhook()) {
            WebhookAlertListener listener = webhook(server.uri(), 1).build();
            listener.close();
            listener.onAlert(alert(AlertKind.TRAIL_FAILED, "late"));
            assertThat(listener.stats().dropped()).isEqualTo(1);
        }
    }

    @Test
    void build_plainHttpToRemoteHost_isRefusedUnlessAllowed() {
        URI remote = URI.create("http://alerts.example.gov.tw/hook");
        assertThatThrownBy(() -> WebhookAlertListener.builder(remote).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain http");
        try (WebhookAlertListener allowed = WebhookAlertListener.builder(remote).allowPlainHttp(true).build();
                WebhookAlertListener https = AuditAlertListener.webhook(URI.create("https://alerts.example.gov.tw/h"));
                WebhookAlertListener loopback = AuditAlertListener.webhook(URI.create("http://localhost:9/h"))) {
            assertThat(allowed.name()).isEqualTo("webhook http://alerts.example.gov.tw/hook");
            assertThat(https.policy()).isEqualTo(DeliveryPolicy.defaults());
            assertThat(loopback.uri().getPort()).isEqualTo(9);
        }
        assertThatThrownBy(() -> WebhookAlertListener.builder(URI.create("ftp://x/y")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute https");
    }

    @Test
    void headerFromEnv_variableSet_sendsValue_unsetNamesTheVariableOnly() throws Exception {
        try (LoopbackWebhook server = new LoopbackWebhook();
                WebhookAlertListener listener = webhook(server.uri(), 1)
                        .environment(name -> name.equals("HOOK_AUTH") ? SECRET : null)
                        .headerFromEnv("Authorization", "HOOK_AUTH").build()) {
            listener.onAlert(alert(AlertKind.ANCHOR_FAILED, "anchor"));
            assertThat(server.await(b -> true, Duration.ofSeconds(1)).orElseThrow().headers())
                    .containsEntry("Authorization", SECRET);
        }
        assertThatThrownBy(() -> WebhookAlertListener.builder(URI.create("https://h/x")).environment(name -> null)
                .headerFromEnv("Authorization", "HOOK_AUTH"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HOOK_AUTH");
    }

    @Test
    void deliveryPolicy_backoff_doublesUpToTheMaximum() {
        DeliveryPolicy policy = new DeliveryPolicy(10, 6, Duration.ofMillis(100), Duration.ofMillis(500));
        assertThat(policy.backoffBefore(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoffBefore(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoffBefore(5)).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> policy.withAttempts(0)).hasMessageContaining("attempts must be at least 1, was 0");
    }
}
