package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.AuditConfigurationException;
import io.govaudit.AuditTrail;
import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.DeliveryPolicy;
import io.govaudit.alert.QueuedAlertListener;
import io.govaudit.alert.WebhookAlertListener;
import io.govaudit.mail.EmailAlertListener;
import java.net.URI;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** One test per condition of {@link GovauditAlertsAutoConfiguration} and its health and meters (S36). */
class GovauditAlertsAutoConfigurationTest {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(GovauditAutoConfiguration.class,
            GovauditAlertsAutoConfiguration.class, GovauditAlertsActuatorAutoConfiguration.class);

    @TempDir
    Path store;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("govaudit.file.directory=" + store, "govaudit.chain-id=node-1");
    }

    @Test
    void webhook_urlSet_listenerBeanFromPropertiesGivenToTheTrail() {
        URI uri = URI.create("http://127.0.0.1:9/hook");
        runner().withPropertyValues("govaudit.alerts.webhook.url=" + uri,
                "govaudit.alerts.webhook.timeout=2s", "govaudit.alerts.attempts=3",
                "govaudit.alerts.backoff=50ms", "govaudit.alerts.queue-capacity=10").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(WebhookAlertListener.class)
                            .doesNotHaveBean(GovauditAlertsAutoConfiguration.MAIL_BEAN);
                    WebhookAlertListener webhook = context.getBean(WebhookAlertListener.class);
                    assertThat(webhook.policy()).isEqualTo(
                            new DeliveryPolicy(10, 3, Duration.ofMillis(50), Duration.ofSeconds(10)));
                    assertThat(webhook.uri()).isEqualTo(uri);
                    assertThat(context.getBean(AuditTrail.class)).isNotNull();
                });
    }

    @Test
    void webhook_plainHttpToRemoteHost_startupFailsNamingTheProperty() {
        runner().withPropertyValues("govaudit.alerts.webhook.url=http://alerts.example.gov.tw/hook").run(context ->
                assertThat(context).getFailure().rootCause().isInstanceOf(AuditConfigurationException.class)
                        .hasMessageContaining("govaudit.alerts.webhook").hasMessageContaining("plain http"));
    }

    @Test
    void noAlertProperties_noListenerNoHealthNoMeters() {
        runner().withBean(SimpleMeterRegistry.class).run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(QueuedAlertListener.class)
                .doesNotHaveBean(GovauditAlertsActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN)
                .doesNotHaveBean(GovauditAlertsActuatorAutoConfiguration.METRICS_BEAN));
    }

    @Test
    void mail_hostSet_emailListenerFromProperties() {
        runner().withPropertyValues("govaudit.alerts.mail.host=smtp.example.gov.tw", "govaudit.alerts.mail.port=2525",
                "govaudit.alerts.mail.from=audit@example.gov.tw", "govaudit.alerts.mail.to=ops@example.gov.tw,sec@example.gov.tw")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EmailAlertListener.class);
                    assertThat(context.getBean(EmailAlertListener.class).name())
                            .isEqualTo("mail smtp://smtp.example.gov.tw:2525 to 2 recipients");
                });
    }

    @Test
    void mail_withoutAuditMail_backsOff() {
        runner().withClassLoader(new FilteredClassLoader("io.govaudit.mail"))
                .withPropertyValues("govaudit.alerts.mail.host=smtp.example.gov.tw").run(context ->
                        assertThat(context).hasNotFailed().doesNotHaveBean(GovauditAlertsAutoConfiguration.MAIL_BEAN));
    }

    @Test
    void mail_passwordVariableUnset_startupFailsNamingIt() {
        runner().withPropertyValues("govaudit.alerts.mail.host=smtp.example.gov.tw",
                "govaudit.alerts.mail.from=audit@example.gov.tw", "govaudit.alerts.mail.to=ops@example.gov.tw",
                "govaudit.alerts.mail.username=alerts", "govaudit.alerts.mail.password-env=GOVAUDIT_TEST_UNSET_VARIABLE")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(AuditConfigurationException.class)
                        .hasMessageContaining("govaudit.alerts.mail").hasMessageContaining("GOVAUDIT_TEST_UNSET_VARIABLE"));
    }

    @Test
    void webhookDown_failuresShowInHealthAndMeters() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        runner().withBean(SimpleMeterRegistry.class)
                .withPropertyValues("govaudit.alerts.webhook.url=http://127.0.0.1:" + port + "/hook",
                        "govaudit.alerts.attempts=2", "govaudit.alerts.backoff=10ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    WebhookAlertListener webhook = context.getBean(WebhookAlertListener.class);
                    webhook.onAlert(new AuditAlert(AlertKind.RECORDING_STOPPED, "node-1", Instant.EPOCH, "stopped",
                            Map.of()));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (webhook.stats().failed() == 0) {
                        assertThat(System.nanoTime()).isLessThan(deadline);
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    }
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    context.getBean(GovauditAlertsActuatorAutoConfiguration.METRICS_BEAN, MeterBinder.class)
                            .bindTo(registry);
                    String tag = "webhook http://127.0.0.1:" + port + "/hook";
                    assertThat(registry.get("govaudit.alerts.failed").tag("listener", tag).functionCounter().count())
                            .isEqualTo(1);
                    assertThat(registry.get("govaudit.alerts.delivered").functionCounter().count()).isZero();
                    assertThat(registry.get("govaudit.alerts.dropped").functionCounter().count()).isZero();
                    assertThat(registry.get("govaudit.alerts.retries").functionCounter().count()).isEqualTo(1);
                    // by name and reflection, so that the test runs under Boot 3.5 and 4.0
                    Object indicator = context.getBean(GovauditAlertsActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN);
                    Object health = indicator.getClass().getMethod("health").invoke(indicator);
                    assertThat(health.getClass().getMethod("getStatus").invoke(health)).asString().isEqualTo("UP");
                    Map<?, ?> details = (Map<?, ?>) health.getClass().getMethod("getDetails").invoke(health);
                    assertThat(details.containsKey("warning")).isTrue();
                    assertThat(details.get(tag)).asString().contains("state=DEGRADED", "failed=1");
                });
    }
}
