package io.govaudit.cli;

import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.alert.AuditAlertListener;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The alert listener of {@code generate}: prints each alert as one line {@code ALERT <kind>
 * <message>} on stderr, counts the alerts by kind, and adds up the {@code not_recorded} figures of
 * {@code RECORDING_RESUMED} alerts (how {@code ASYNC} runs learn what was not recorded).
 *
 * <p>Thread-safe: the trail calls it on its writer thread, the command reads it after close.
 */
final class AlertPrinter implements AuditAlertListener {

    private final PrintWriter err;
    private final Map<AlertKind, Integer> counts = new EnumMap<>(AlertKind.class);
    private long notRecordedBeforeResume;

    AlertPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void onAlert(AuditAlert alert) {
        err.println("ALERT " + alert.kind() + " " + alert.message());
        err.flush();
        counts.merge(alert.kind(), 1, Integer::sum);
        if (alert.kind() == AlertKind.RECORDING_RESUMED && alert.facts().get("not_recorded") instanceof Number n) {
            notRecordedBeforeResume += n.longValue();
        }
    }

    /** @return the events the trail reported as not recorded when it resumed */
    synchronized long notRecordedBeforeResume() {
        return notRecordedBeforeResume;
    }

    /** @return e.g. {@code CAPACITY_WARNING 1, RETENTION_PURGE 12}, or {@code none} */
    synchronized String summary() {
        StringJoiner text = new StringJoiner(", ");
        counts.forEach((kind, n) -> text.add(kind + " " + n));
        return counts.isEmpty() ? "none" : text.toString();
    }
}
