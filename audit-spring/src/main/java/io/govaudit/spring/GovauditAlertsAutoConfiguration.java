package io.govaudit.spring;

import io.govaudit.AuditConfigurationException;
import io.govaudit.alert.DeliveryPolicy;
import io.govaudit.alert.QueuedAlertListener;
import io.govaudit.alert.WebhookAlertListener;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Alert delivery to people (B8) from the {@code govaudit.alerts.*} properties: a
 * {@link WebhookAlertListener} when {@code govaudit.alerts.webhook.url} is set, and an e-mail
 * listener when {@code govaudit.alerts.mail.host} is set and io.govaudit:audit-mail is on the class
 * path. They are {@code AuditAlertListener} beans, so {@link GovauditAutoConfiguration} gives them
 * to the trail; Spring closes them after the trail (the trail depends on them), which lets the
 * trail's last alerts go out. Each backs off when the application defines a bean of its type.
 * Invalid settings stop the startup with an {@link AuditConfigurationException} naming the property.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = GovauditAutoConfiguration.class)
@EnableConfigurationProperties(GovauditProperties.class)
public final class GovauditAlertsAutoConfiguration {

    /** The bean name of the webhook listener. */
    static final String WEBHOOK_BEAN = "govauditWebhookAlertListener";
    /** The bean name of the e-mail listener. */
    static final String MAIL_BEAN = "govauditEmailAlertListener";

    @Bean(name = WEBHOOK_BEAN, destroyMethod = "close")
    @ConditionalOnMissingBean(WebhookAlertListener.class)
    @ConditionalOnProperty(prefix = "govaudit.alerts.webhook", name = "url")
    WebhookAlertListener govauditWebhookAlertListener(GovauditProperties properties) {
        GovauditProperties.Alerts alerts = properties.getAlerts();
        GovauditProperties.Alerts.Webhook webhook = alerts.getWebhook();
        return configured("govaudit.alerts.webhook", () -> {
            WebhookAlertListener.Builder builder = WebhookAlertListener.builder(webhook.getUrl())
                    .timeout(webhook.getTimeout()).allowPlainHttp(webhook.isAllowPlainHttp()).policy(policy(alerts));
            if (webhook.getAuthorizationEnv() != null) {
                builder.headerFromEnv("Authorization", webhook.getAuthorizationEnv());
            }
            return builder.build();
        });
    }

    /** E-mail alerts, only with io.govaudit:audit-mail (an optional dependency). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = MailAlerts.EMAIL_LISTENER)
    @ConditionalOnProperty(prefix = "govaudit.alerts.mail", name = "host")
    static class MailConfiguration {

        @Bean(name = MAIL_BEAN, destroyMethod = "close")
        @ConditionalOnMissingBean(type = MailAlerts.EMAIL_LISTENER)
        QueuedAlertListener govauditEmailAlertListener(GovauditProperties properties) {
            return configured("govaudit.alerts.mail", () -> MailAlerts.listener(properties.getAlerts()));
        }
    }

    /** The queue, attempts and backoff every channel shares. */
    static DeliveryPolicy policy(GovauditProperties.Alerts alerts) {
        return new DeliveryPolicy(alerts.getQueueCapacity(), alerts.getAttempts(), alerts.getBackoff(),
                alerts.getMaxBackoff());
    }

    /** Runs a builder; its IllegalArgumentException or IllegalStateException names the properties. */
    static <T> T configured(String prefix, java.util.function.Supplier<T> builder) {
        try {
            return builder.get();
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new AuditConfigurationException(List.of(prefix + ".*: " + e.getMessage()));
        }
    }
}
