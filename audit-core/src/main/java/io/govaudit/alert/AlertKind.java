package io.govaudit.alert;

/**
 * What an alert is about. The names are stable codes: monitoring rules may match on them.
 *
 * @since 0.1.0
 */
public enum AlertKind {
    /** The store passed its capacity warning threshold ({@code warnAt}). */
    CAPACITY_WARNING(Severity.WARNING),
    /** Closed segments were deleted under the retention or capacity policy. */
    RETENTION_PURGE(Severity.INFO),
    /** Overwriting the oldest records deleted data younger than the retention minimum. */
    RETENTION_VIOLATION(Severity.ERROR),
    /** Recording stopped: events are counted but not recorded (STOP_RECORDING). */
    RECORDING_STOPPED(Severity.ERROR),
    /** Events are refused: {@code record} throws so the application refuses the operation (FAIL_CLOSED). */
    RECORDS_REFUSED(Severity.ERROR),
    /** Recording resumed after a stop; the alert says how many events were not recorded. */
    RECORDING_RESUMED(Severity.WARNING),
    /** A write or device flush failed (for example EIO, ENOSPC or lost permissions). */
    STORE_IO_ERROR(Severity.ERROR),
    /** A signed checkpoint could not be published to an anchor sink. */
    ANCHOR_FAILED(Severity.ERROR),
    /**
     * The clock stepped backwards, or the clock check ({@code AuditTrail.Builder.clockCheck}) found
     * it too far off, stepped or jumped, or no time server answering; a {@code CLOCK_ANOMALY}
     * record says by how much (none when no server answered: {@code reason} {@code no_answer}).
     */
    CLOCK_ANOMALY(Severity.WARNING),
    /** The trail failed for good and must be reopened; nothing more is recorded. */
    TRAIL_FAILED(Severity.ERROR),
    /**
     * Scheduled verification ({@code AuditTrail.Builder.verifyEvery}, {@code audit-cli watch})
     * found an integrity problem; the facts name the problem kind, {@code seq}, {@code file} and
     * {@code line}. Raised on the verification thread, not the writer's.
     */
    INTEGRITY_FAILURE(Severity.ERROR),
    /**
     * A replica ({@code AuditTrail.Builder.replicateTo}) cannot be opened or written, or holds
     * records the trail does not; the facts name the {@code replica}, its {@code replicated_seq}
     * and the {@code trail_seq}. Raised on the replica's thread; recording goes on, and the
     * replica is retried.
     */
    REPLICA_FAILED(Severity.ERROR),
    /**
     * A replica has not held every record the trail made durable for longer than
     * {@code replicaMaxLag}, or the trail closed before it caught up; the facts add
     * {@code behind_records}.
     */
    REPLICA_BEHIND(Severity.WARNING),
    /** A replica that was behind holds every durable record again. */
    REPLICA_CAUGHT_UP(Severity.INFO);

    private final Severity severity;

    AlertKind(Severity severity) {
        this.severity = severity;
    }

    /**
     * Returns how urgent alerts of this kind are.
     *
     * @return the severity
     */
    public Severity severity() {
        return severity;
    }

    /**
     * How urgent an alert is; the logging listener maps it onto the SLF4J level.
     *
     * @since 0.1.0
     */
    public enum Severity {
        /** For the record: something expected happened. */
        INFO,
        /** Someone should look soon. */
        WARNING,
        /** Someone must act now: events are or were not recorded, or data was lost. */
        ERROR
    }
}
