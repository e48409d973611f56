package io.govaudit.cli;

import io.govaudit.alert.AuditAlertListener;
import io.govaudit.alert.DeliveryStats;
import io.govaudit.alert.QueuedAlertListener;
import io.govaudit.alert.WebhookAlertListener;
import io.govaudit.mail.EmailAlertListener;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The alert delivery options of long-running commands ({@code generate}, {@code watch}): a webhook
 * that receives each alert as JSON, and e-mail through an SMTP server with STARTTLS required
 * (audit-mail's {@link EmailAlertListener}; docs/operations.md, Alerts). Secrets are never option
 * values: the webhook's Authorization header and the SMTP password are read from environment
 * variables the options name, and never printed. A picocli mixin:
 *
 * <pre>{@code
 * @Mixin AlertOptions alerting;
 * ...
 * try (AlertOptions.Delivery delivery = alerting.open(spec.commandLine());
 *         AuditTrail trail = builder.alertListener(delivery.listener(printer)).build()) {
 *     ...
 * } // the trail closes first, then the webhook and the mail drain (up to 5 s each)
 * delivery.report(err);
 * }</pre>
 *
 * <p>Not thread-safe: picocli fills one instance per run; the {@link Delivery} is as thread-safe as
 * the listener it holds.
 */
final class AlertOptions {

    @Option(names = "--alert-webhook", paramLabel = "URL",
            description = "Also post each alert as JSON to this URL (https, or http to the loopback address), "
                    + "retried with backoff, from a thread of its own.")
    URI webhook;

    @Option(names = "--alert-webhook-auth-env", paramLabel = "VAR",
            description = "Send the value of environment variable VAR as the webhook's Authorization header "
                    + "(e.g. \"Bearer ...\"); the value is never printed.")
    String authorizationEnv;

    @Option(names = "--alert-webhook-allow-http",
            description = "Allow plain http to a host that is not the loopback address.")
    boolean allowPlainHttp;

    @Option(names = "--alert-mail-host", paramLabel = "HOST",
            description = "Also mail each alert through this SMTP server, STARTTLS required (the server's "
                    + "certificate and name are checked against the JVM's trust store), from a thread of its own.")
    String mailHost;

    @Option(names = "--alert-mail-port", paramLabel = "PORT", defaultValue = "587",
            description = "The SMTP server's port (default ${DEFAULT-VALUE}, submission with STARTTLS).")
    int mailPort;

    @Option(names = "--alert-mail-from", paramLabel = "ADDR", description = "The sender address of alert mails.")
    String mailFrom;

    @Option(names = "--alert-mail-to", paramLabel = "ADDR",
            description = "A recipient of alert mails; repeat for several.")
    List<String> mailTo = new ArrayList<>();

    @Option(names = "--alert-mail-user", paramLabel = "USER",
            description = "The SMTP AUTH user; its password comes from --alert-mail-password-env.")
    String mailUser;

    @Option(names = "--alert-mail-password-env", paramLabel = "NAME",
            description = "Read the SMTP password from environment variable NAME (never an option value); "
                    + "the password is never printed.")
    String mailPasswordEnv;

    /**
     * Test seam: makes the e-mail listener's builder for a host. Production always uses
     * {@link EmailAlertListener#builder}, which requires STARTTLS; the loopback SMTP server of the
     * tests has none, so they replace this for one run. Not an option: nothing a user can reach.
     */
    static volatile Function<String, EmailAlertListener.Builder> mailBuilder = EmailAlertListener::builder;

    /**
     * Creates the listeners the options ask for: the webhook, the e-mail, both or none.
     *
     * @param commandLine for the usage error
     * @return the delivery; close it after the trail
     * @throws CommandLine.ParameterException if an option or a variable is not usable
     */
    Delivery open(CommandLine commandLine) {
        List<String> problems = new ArrayList<>();
        if (webhook == null && (authorizationEnv != null || allowPlainHttp)) {
            problems.add("--alert-webhook-auth-env and --alert-webhook-allow-http need --alert-webhook");
        }
        if (mailHost == null && (mailFrom != null || !mailTo.isEmpty() || mailUser != null || mailPasswordEnv != null
                || mailPort != 587)) {
            problems.add("--alert-mail-port, --alert-mail-from, --alert-mail-to, --alert-mail-user and "
                    + "--alert-mail-password-env need --alert-mail-host");
        }
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, String.join("; ", problems));
        }
        List<QueuedAlertListener> listeners = new ArrayList<>();
        try {
            if (webhook != null) {
                listeners.add(webhook(commandLine));
            }
            if (mailHost != null) {
                listeners.add(mail(commandLine));
            }
        } catch (CommandLine.ParameterException e) {
            listeners.forEach(QueuedAlertListener::close);
            throw e;
        }
        return new Delivery(listeners);
    }

    private WebhookAlertListener webhook(CommandLine commandLine) {
        try {
            WebhookAlertListener.Builder builder = WebhookAlertListener.builder(webhook).allowPlainHttp(allowPlainHttp);
            if (authorizationEnv != null) {
                builder.headerFromEnv("Authorization", authorizationEnv);
            }
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(commandLine, "--alert-webhook: " + e.getMessage());
        }
    }

    /** The builder's problems name its settings (from, to, password …); the message adds the options' prefix. */
    private EmailAlertListener mail(CommandLine commandLine) {
        try {
            EmailAlertListener.Builder builder = mailBuilder.apply(mailHost).port(mailPort)
                    .to(mailTo.toArray(String[]::new));
            if (mailFrom != null) {
                builder.from(mailFrom);
            }
            if (mailUser != null) {
                builder.username(mailUser);
            }
            if (mailPasswordEnv != null) {
                builder.passwordFromEnv(mailPasswordEnv);
            }
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(commandLine, "--alert-mail-*: " + e.getMessage());
        }
    }

    /** The webhook and e-mail listeners of one run, if any. */
    static final class Delivery implements AutoCloseable {
        private final List<QueuedAlertListener> listeners;

        private Delivery(List<QueuedAlertListener> listeners) {
            this.listeners = List.copyOf(listeners);
        }

        /**
         * Returns the listener to give the trail.
         *
         * @param local the command's own listener (for example the stderr printer)
         * @return {@code local}, then the webhook and the e-mail when there are any
         */
        AuditAlertListener listener(AuditAlertListener local) {
            AuditAlertListener all = local;
            for (QueuedAlertListener listener : listeners) {
                all = all.and(listener);
            }
            return all;
        }

        /** Prints {@code alert delivery: <channel>: delivered N, retries N, failed N, dropped N} per channel. */
        void report(PrintWriter out) {
            for (QueuedAlertListener listener : listeners) {
                DeliveryStats s = listener.stats();
                out.printf(Locale.ROOT, "alert delivery:  %s: delivered %d, retries %d, failed %d, dropped %d%n",
                        listener.name(), s.delivered(), s.retries(), s.failed(), s.dropped());
            }
            out.flush();
        }

        /** Waits up to 5 s per channel for queued alerts, then stops its thread. */
        @Override
        public void close() {
            listeners.forEach(QueuedAlertListener::close);
        }
    }
}
