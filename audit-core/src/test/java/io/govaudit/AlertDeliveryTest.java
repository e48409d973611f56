package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.alert.DeliveryPolicy;
import io.govaudit.alert.WebhookAlertListener;
import io.govaudit.testing.LoopbackWebhook;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * B8 end to end: a real failure of a trail (its store fills under STOP_RECORDING) reaches a
 * webhook on the loopback address within 1 s, and a hanging webhook never slows recording.
 */
class AlertDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    private final TrailFixture.SettableClock clock = new TrailFixture.SettableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final Map<AlertKind, Long> raisedNanos = new ConcurrentHashMap<>();
    private final Map<AlertKind, AuditAlert> raised = new ConcurrentHashMap<>();

    private AuditTrail open(WebhookAlertListener webhook) {
        AuditAlertListener witness = alert -> {
            raisedNanos.putIfAbsent(alert.kind(), System.nanoTime());
            raised.putIfAbsent(alert.kind(), alert);
        };
        return AuditTrail.builder().directory(store).chainId("c").system("sys").host("h").clock(clock)
                .maxRecordBytes(1024).segmentMaxBytes(8 * 1024)
                .capacity(CapacityPolicy.maxBytes(64 * 1024).warnAt(75).onFull(OnFull.STOP_RECORDING))
                .alertListener(witness.and(webhook)).build();
    }

    /** Records until the store is full; returns the nanoTime at which record first said NOT_RECORDED. */
    private long fill(AuditTrail trail) {
        for (int i = 0; ; i++) {
            Receipt receipt = trail.record(TrailFixture.event(i));
            if (!receipt.recorded()) {
                return System.nanoTime();
            }
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void webhook_storeFullStopsRecording_recordingStoppedPostedWithinOneSecond() throws Exception {
        try (LoopbackWebhook server = new LoopbackWebhook();
                WebhookAlertListener webhook = WebhookAlertListener.builder(server.uri()).build()) {
            long notRecordedAt;
            try (AuditTrail trail = open(webhook)) {
                notRecordedAt = fill(trail);
                LoopbackWebhook.Post post = server.await(b -> b.contains("\"RECORDING_STOPPED\""), Duration.ofSeconds(2))
                        .orElseThrow();
                long fromRaise = post.arrivedNanos() - raisedNanos.get(AlertKind.RECORDING_STOPPED);
                long fromReturn = post.arrivedNanos() - notRecordedAt;
                System.out.printf("B8 webhook latency: %.1f ms from the alert, %.1f ms from record() returning%n",
                        fromRaise / 1e6, fromReturn / 1e6);
                assertThat(Duration.ofNanos(fromRaise)).isLessThan(Duration.ofSeconds(1));
                assertThat(Duration.ofNanos(fromReturn)).isLessThan(Duration.ofSeconds(1));
                AuditAlert alert = raised.get(AlertKind.RECORDING_STOPPED);
                JsonNode json = JSON.readTree(post.body());
                assertThat(json.get("kind").asText()).isEqualTo("RECORDING_STOPPED");
                assertThat(json.get("chain").asText()).isEqualTo("c");
                assertThat(json.get("time").asText()).isEqualTo(alert.time().toString());
                assertThat(json.get("message").asText()).isEqualTo(alert.message());
                alert.facts().keySet().forEach(name -> assertThat(json.get("details").has(name)).as(name).isTrue());
            }
            assertThat(raised).containsKey(AlertKind.CAPACITY_WARNING);
        }
    }

    @Test
    void webhook_receiverHangs_recordingIsNeverBlocked() throws Exception {
        try (LoopbackWebhook server = new LoopbackWebhook().hang();
                WebhookAlertListener webhook = WebhookAlertListener.builder(server.uri()).timeout(Duration.ofSeconds(60))
                        .policy(DeliveryPolicy.defaults().withQueueCapacity(4)).build();
                AuditTrail trail = open(webhook)) {
            fill(trail); // CAPACITY_WARNING is in flight and held; RECORDING_STOPPED waits behind it
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                assertThat(trail.record(TrailFixture.event(i)).recorded()).isFalse();
            }
            Duration thousand = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("B8 1000 records while the webhook hangs: %.1f ms%n", thousand.toNanos() / 1e6);
            assertThat(thousand).isLessThan(Duration.ofSeconds(1));
            assertThat(server.posts()).isNotEmpty();
            assertThat(webhook.stats().delivered()).isZero();
            server.release();
        }
    }
}
