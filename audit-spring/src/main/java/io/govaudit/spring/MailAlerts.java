package io.govaudit.spring;

import io.govaudit.mail.EmailAlertListener;

/**
 * Builds the e-mail listener from {@code govaudit.alerts.mail.*}. A class of its own so that only
 * it names audit-mail's types, and it is loaded only when audit-mail is present. Thread-safe:
 * stateless.
 */
final class MailAlerts {

    /** audit-mail's listener, by name: the dependency is optional. */
    static final String EMAIL_LISTENER = "io.govaudit.mail.EmailAlertListener";

    private MailAlerts() {
    }

    static EmailAlertListener listener(GovauditProperties.Alerts alerts) {
        GovauditProperties.Alerts.Mail mail = alerts.getMail();
        EmailAlertListener.Builder builder = EmailAlertListener.builder(mail.getHost()).port(mail.getPort())
                .starttls(mail.isStarttls()).timeout(mail.getTimeout()).subjectPrefix(mail.getSubjectPrefix())
                .to(mail.getTo().toArray(String[]::new)).policy(GovauditAlertsAutoConfiguration.policy(alerts));
        if (mail.getFrom() != null) {
            builder.from(mail.getFrom());
        }
        if (mail.getUsername() != null) {
            builder.username(mail.getUsername());
        }
        if (mail.getPasswordEnv() != null) {
            builder.passwordFromEnv(mail.getPasswordEnv());
        }
        return builder.build();
    }
}
