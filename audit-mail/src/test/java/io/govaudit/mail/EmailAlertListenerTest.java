package io.govaudit.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.CapacityPolicy;
import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.alert.DeliveryPolicy;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmailAlertListener} against GreenMail, a real SMTP server in this JVM on the loopback
 * address (B8). GreenMail has no STARTTLS, so it serves the refusal test (required STARTTLS sends
 * nothing) and, with STARTTLS turned off, the delivery tests; a successful STARTTLS handshake is
 * not tested here (docs/operations.md says so).
 */
class EmailAlertListenerTest {

    private static final String PASSWORD = "smtp-pa55word";

    @TempDir
    Path store;

    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts", PASSWORD));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private EmailAlertListener.Builder mail() {
        return EmailAlertListener.builder("127.0.0.1").port(smtp.getSmtp().getPort()).timeout(Duration.ofSeconds(2))
                .from("audit@example.gov.tw").to("ops@example.gov.tw", "security@example.gov.tw")
                .policy(DeliveryPolicy.defaults().withAttempts(2).withBackoff(Duration.ofMillis(20)));
    }

    private Optional<MimeMessage> awaitMessage(String subjectPart, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (m.getSubject().contains(subjectPart)) {
                    return Optional.of(m);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return Optional.empty();
    }

    @Test
    void trailStoreFull_recordingStoppedMailedWithinOneSecond() throws Exception {
        Map<AlertKind, Long> raisedNanos = new ConcurrentHashMap<>();
        Map<AlertKind, AuditAlert> raised = new ConcurrentHashMap<>();
        AuditAlertListener witness = alert -> {
            raisedNanos.putIfAbsent(alert.kind(), System.nanoTime());
            raised.putIfAbsent(alert.kind(), alert);
        };
        try (EmailAlertListener mail = mail().starttls(false).username("alerts").environment(
                v -> v.equals("SMTP_PASSWORD") ? PASSWORD : null).passwordFromEnv("SMTP_PASSWORD").build()) {
            try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("node-1").system("sys").host("h")
                    .maxRecordBytes(1024).segmentMaxBytes(8 * 1024)
                    .capacity(CapacityPolicy.maxBytes(64 * 1024).warnAt(75).onFull(OnFull.STOP_RECORDING))
                    .alertListener(witness.and(mail)).build()) {
                for (int i = 0; trail.record(AuditEvent.adminAction(Actor.of("A"), "POST /admin/" + i)
                        .detail("n", i).build()).recorded(); i++) {
                    assertThat(i).isLessThan(100_000);
                }
                MimeMessage message = awaitMessage("RECORDING_STOPPED", Duration.ofSeconds(2)).orElseThrow();
                long latency = System.nanoTime() - raisedNanos.get(AlertKind.RECORDING_STOPPED);
                System.out.printf("B8 e-mail latency: %.1f ms from the alert (upper bound, 1 ms polling)%n",
                        latency / 1e6);
                assertThat(Duration.ofNanos(latency)).isLessThan(Duration.ofSeconds(1));

                AuditAlert alert = raised.get(AlertKind.RECORDING_STOPPED);
                assertThat(message.getSubject()).isEqualTo("[govaudit] RECORDING_STOPPED chain 'node-1'");
                assertThat(message.getFrom()[0].toString()).isEqualTo("audit@example.gov.tw");
                assertThat(Arrays.stream(message.getAllRecipients()).map(Object::toString))
                        .containsExactly("ops@example.gov.tw", "security@example.gov.tw");
                String body = GreenMailUtil.getBody(message);
                assertThat(body).contains("RECORDING_STOPPED (ERROR)", "chain: node-1", "time:  " + alert.time(),
                        alert.message());
                alert.facts().forEach((k, v) -> assertThat(body).contains("  " + k + ": " + v));
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                message.writeTo(raw);
                assertThat(raw.toString(StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
            }
            assertThat(mail.stats().failed()).isZero();
            assertThat(mail.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void starttlsRequired_serverWithoutStarttls_sendsNothingAndCountsFailed() throws Exception {
        try (EmailAlertListener mail = mail().build()) {
            mail.onAlert(new AuditAlert(AlertKind.RECORDING_STOPPED, "node-1", Instant.parse("2026-06-01T00:00:00Z"),
                    "stopped", Map.of("not_recorded", 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (mail.stats().failed() == 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertThat(mail.stats().retries()).isEqualTo(1);
            assertThat(mail.stats().failing()).isTrue();
            assertThat(mail.stats().lastFailure()).contains("STARTTLS");
            assertThat(smtp.getReceivedMessages()).isEmpty();
        }
    }

    @Test
    void build_badSettings_listsEveryProblem() {
        assertThatThrownBy(() -> EmailAlertListener.builder("smtp.example.gov.tw").to("not an address")
                .username("alerts").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from: a sender address is required")
                .hasMessageContaining("to: not an e-mail address: not an address")
                .hasMessageContaining("password: user alerts needs passwordFromEnv(VARIABLE)");
        assertThatThrownBy(() -> EmailAlertListener.builder("h").from("a@b.tw").to("c@d.tw")
                .environment(v -> null).passwordFromEnv("SMTP_PASSWORD").build())
                .hasMessageContaining("environment variable SMTP_PASSWORD is not set")
                .hasMessageContaining("no user name");
    }
}
