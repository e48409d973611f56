package io.govaudit.alert;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Receives the alerts of a trail: capacity warnings, storage full, purges, recording stopped
 * and resumed, I/O failures (REQUIREMENTS.md B7, B8).
 *
 * <p>The trail calls listeners on its writer thread right after the event, so the time from a
 * failure to the callback is the time to handle the failing batch. A listener must return
 * quickly: hand slow work to another thread, as {@link QueuedAlertListener} does for
 * {@link WebhookAlertListener} and audit-mail's e-mail listener. The trail wraps every listener
 * with {@link #guarded}, so an exception thrown by it is logged and never stops recording.
 *
 * <pre>{@code
 * AuditTrail trail = AuditTrail.builder()
 *         ...
 *         .alertListener(AuditAlertListener.logging().and(alert -> pager.send(alert.toString())))
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AuditAlertListener {

    /** Marker on every alert logged by {@link #logging()}, for routing alerts to people. */
    Marker AUDIT_ALERT = MarkerFactory.getMarker("AUDIT_ALERT");

    /**
     * Handles an alert. Called on the trail's writer thread ({@link AlertKind#INTEGRITY_FAILURE}:
     * on its verification thread); must not block for long.
     *
     * @param alert the alert
     */
    void onAlert(AuditAlert alert);

    /**
     * Tells whether this listener delivers alerts to people outside the process (a webhook, a
     * mail server), as {@link io.govaudit.ComplianceLevel#HIGH} demands (REQUIREMENTS.md B8), rather than only
     * logging or handling them in the process. False by default and for {@link #logging()};
     * true for every {@link QueuedAlertListener} ({@link WebhookAlertListener}, audit-mail's
     * e-mail listener); a listener combined with {@link #and} delivers if either part does, and
     * one wrapped with {@link #guarded} if the wrapped one does. Override it only in a listener
     * that really reaches people outside the process.
     *
     * @return true if alerts leave the process to reach people
     * @since 0.1.0
     */
    default boolean delivers() {
        return false;
    }

    /**
     * Returns a listener that calls this one, then {@code next}; each is guarded separately. It
     * {@linkplain #delivers() delivers} if either does.
     *
     * @param next the listener to call second
     * @return the combined listener
     */
    default AuditAlertListener and(AuditAlertListener next) {
        AuditAlertListener first = guarded(this);
        AuditAlertListener second = guarded(next);
        return new AuditAlertListener() {
            @Override
            public void onAlert(AuditAlert alert) {
                first.onAlert(alert);
                second.onAlert(alert);
            }

            @Override
            public boolean delivers() {
                return first.delivers() || second.delivers();
            }
        };
    }

    /**
     * Returns the default listener: logs each alert through SLF4J logger {@code io.govaudit.alert}
     * with marker {@link #AUDIT_ALERT}, at INFO, WARN or ERROR by the kind's severity.
     *
     * @return the logging listener
     */
    static AuditAlertListener logging() {
        Logger log = LoggerFactory.getLogger("io.govaudit.alert");
        return alert -> {
            switch (alert.kind().severity()) {
                case INFO -> log.info(AUDIT_ALERT, "{}", alert);
                case WARNING -> log.warn(AUDIT_ALERT, "{}", alert);
                default -> log.error(AUDIT_ALERT, "{}", alert);
            }
        };
    }

    /**
     * Returns a listener that posts each alert as JSON to {@code uri} from its own thread, with
     * the default timeout, queue and retries ({@link WebhookAlertListener}). Close it after the
     * trail.
     *
     * @param uri an {@code https} URL, or {@code http} to the loopback address
     * @return the webhook listener
     * @throws IllegalArgumentException if the URI is not allowed (see {@link WebhookAlertListener})
     */
    static WebhookAlertListener webhook(java.net.URI uri) {
        return WebhookAlertListener.builder(uri).build();
    }

    /**
     * Wraps a listener so that whatever it throws is logged at ERROR and goes no further.
     *
     * @param listener the listener
     * @return the guarded listener (the same one if already guarded)
     */
    static AuditAlertListener guarded(AuditAlertListener listener) {
        Objects.requireNonNull(listener, "listener");
        return listener instanceof GuardedListener ? listener : new GuardedListener(listener);
    }
}
