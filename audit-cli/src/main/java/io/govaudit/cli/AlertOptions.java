package io.govaudit.cli;

import io.govaudit.alert.AuditAlertListener;
import io.govaudit.alert.DeliveryStats;
import io.govaudit.alert.WebhookAlertListener;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The alert delivery options of long-running commands ({@code generate}, {@code watch}): a webhook
 * that receives each alert as JSON (docs/operations.md, Alerts). A picocli mixin:
 *
 * <pre>{@code
 * @Mixin AlertOptions alerting;
 * ...
 * try (AlertOptions.Delivery delivery = alerting.open(spec.commandLine());
 *         AuditTrail trail = builder.alertListener(delivery.listener(printer)).build()) {
 *     ...
 * } // the trail closes first, then the webhook drains (up to 5 s)
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

    /**
     * Creates the webhook listener, if {@code --alert-webhook} was given.
     *
     * @param commandLine for the usage error
     * @return the delivery; close it after the trail
     * @throws CommandLine.ParameterException if the URL or the variable is not usable
     */
    Delivery open(CommandLine commandLine) {
        if (webhook == null) {
            if (authorizationEnv != null || allowPlainHttp) {
                throw new CommandLine.ParameterException(commandLine,
                        "--alert-webhook-auth-env and --alert-webhook-allow-http need --alert-webhook");
            }
            return new Delivery(null);
        }
        try {
            WebhookAlertListener.Builder builder = WebhookAlertListener.builder(webhook).allowPlainHttp(allowPlainHttp);
            if (authorizationEnv != null) {
                builder.headerFromEnv("Authorization", authorizationEnv);
            }
            return new Delivery(builder.build());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(commandLine, "--alert-webhook: " + e.getMessage());
        }
    }

    /** The webhook of one run, if any. */
    static final class Delivery implements AutoCloseable {
        private final WebhookAlertListener webhook;

        private Delivery(WebhookAlertListener webhook) {
            this.webhook = webhook;
        }

        /**
         * Returns the listener to give the trail.
         *
         * @param local the command's own listener (for example the stderr printer)
         * @return {@code local}, then the webhook when there is one
         */
        AuditAlertListener listener(AuditAlertListener local) {
            return webhook == null ? local : local.and(webhook);
        }

        /** Prints {@code alert delivery: webhook URL: delivered N, retries N, failed N, dropped N}. */
        void report(PrintWriter out) {
            if (webhook != null) {
                DeliveryStats s = webhook.stats();
                out.printf(Locale.ROOT, "alert delivery:  %s: delivered %d, retries %d, failed %d, dropped %d%n",
                        webhook.name(), s.delivered(), s.retries(), s.failed(), s.dropped());
                out.flush();
            }
        }

        /** Waits up to 5 s for queued alerts, then stops the webhook's thread. */
        @Override
        public void close() {
            if (webhook != null) {
                webhook.close();
            }
        }
    }
}
