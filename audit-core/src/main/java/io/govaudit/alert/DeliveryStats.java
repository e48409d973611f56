package io.govaudit.alert;

/**
 * What a {@link QueuedAlertListener} has done with the alerts it was given, since it was created.
 * Health and metrics read it ({@code govaudit.alerts.delivered}, {@code .failed}, {@code .dropped}).
 * A snapshot, immutable; the listener's counters may have moved on since it was taken.
 *
 * @param delivered   alerts delivered (the receiver accepted them)
 * @param retries     attempts after a failed one, over all alerts
 * @param failed      alerts given up after the policy's last attempt
 * @param dropped     alerts never attempted: the queue was full, or the listener was closed
 * @param queued      alerts waiting now
 * @param failing     whether the most recent alert that finished was given up (and none was
 *                    delivered since)
 * @param lastFailure what went wrong last, for people (never a secret), or empty
 * @since 0.1.0
 */
public record DeliveryStats(long delivered, long retries, long failed, long dropped, int queued, boolean failing,
        String lastFailure) {

    /**
     * Returns whether people may have missed alerts: the last alert failed, or some were dropped.
     *
     * @return {@code failing || dropped > 0}
     */
    public boolean degraded() {
        return failing || dropped > 0;
    }
}
