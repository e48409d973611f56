package io.govaudit.internal.trail;

import io.govaudit.alert.AlertKind;
import io.govaudit.alert.AuditAlert;
import io.govaudit.verify.Problem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link AlertKind#INTEGRITY_FAILURE} alert for a problem found by scheduled verification,
 * the same from the trail ({@code verifyEvery}) and from {@code audit-cli watch}: the message says
 * what, where and what to do; the facts are {@code problem} (the problem kind), {@code seq},
 * {@code file} and {@code line} (docs/operations.md, scheduled verification).
 *
 * <p>Stateless and thread-safe.
 */
public final class IntegrityAlerts {

    private IntegrityAlerts() {
    }

    /**
     * Returns the alert for a problem.
     *
     * @param problem the problem (an integrity problem)
     * @param store   the store directory or description, for the command to run
     * @param now     the alert's time
     * @return the alert
     */
    public static AuditAlert of(Problem problem, String store, Instant now) {
        String message = "chain '" + problem.chain() + "': " + problem.kind()
                + (problem.seq() > 0 ? " at seq " + problem.seq() : "")
                + (problem.file() != null ? " in " + problem.location() : "") + ": " + problem.message()
                + "; run audit-cli verify " + store + " and keep a copy of the store as evidence";
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("problem", problem.kind().name());
        facts.put("seq", problem.seq());
        facts.put("file", problem.file() == null ? "" : problem.file());
        facts.put("line", problem.line());
        return new AuditAlert(AlertKind.INTEGRITY_FAILURE, problem.chain(), now, message, facts);
    }

    /**
     * Returns the alert that says a chain is not being verified.
     *
     * @param chain the chain, or the store when no single chain is concerned
     * @param cause why the round could not run
     * @param now   the alert's time
     * @return the alert
     */
    public static AuditAlert notVerified(String chain, Exception cause, Instant now) {
        return new AuditAlert(AlertKind.INTEGRITY_FAILURE, chain, now, "chain '" + chain + "': scheduled verification "
                + "could not run (" + cause + "); the chain is not being verified until this is fixed",
                Map.of("error", cause.toString()));
    }

    /**
     * Returns the alert that counts the problems of a round beyond those alerted one by one.
     *
     * @param chain the chain
     * @param more  how many more
     * @param store the store directory or description
     * @param now   the alert's time
     * @return the alert
     */
    public static AuditAlert more(String chain, int more, String store, Instant now) {
        return new AuditAlert(AlertKind.INTEGRITY_FAILURE, chain, now, "chain '" + chain + "': " + more
                + " further integrity problems; run audit-cli verify " + store, Map.of("more_problems", more));
    }
}
