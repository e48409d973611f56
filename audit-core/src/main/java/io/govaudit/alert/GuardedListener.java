package io.govaudit.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wrapper returned by {@link AuditAlertListener#guarded}: whatever the wrapped listener
 * throws is logged and goes no further (STYLE.md S17). Thread-safe if the wrapped listener is.
 */
final class GuardedListener implements AuditAlertListener {

    private static final Logger LOG = LoggerFactory.getLogger(AuditAlertListener.class);

    private final AuditAlertListener delegate;

    GuardedListener(AuditAlertListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onAlert(AuditAlert alert) {
        try {
            delegate.onAlert(alert);
        } catch (RuntimeException | LinkageError e) {
            LOG.error(AUDIT_ALERT, "alert listener {} failed on {}; recording continues", delegate, alert, e);
        }
    }

    /** Delivers if the wrapped listener does. */
    @Override
    public boolean delivers() {
        return delegate.delivers();
    }
}
