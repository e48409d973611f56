package io.govaudit.cli;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.jdbc.JdbcAuditStore;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Records a read of the log by this tool (reads of the log are audited, S9): an
 * {@code AUDIT_LOG_READ} event, actor = the OS user running the command, in the reader chain
 * {@code audit-cli-<host>} of the store that was read, a file store or a database. Used by
 * {@code verify --record-read}, {@code bundle} and {@code export}. Stateless.
 *
 * <p>The reader chain is neither keyed nor signed (the tool does not hold the application's
 * keys): the verifier reports it as the warning {@code READER_CHAIN_UNSEALED}
 * (docs/format.md section 9b).
 */
final class ReadRecorder {

    private ReadRecorder() {
    }

    /** @return the reader chain of this host, {@code audit-cli-<host>} */
    static String chain() {
        return JdbcAuditStore.defaultChainId("audit-cli");
    }

    /**
     * Starts the event.
     *
     * @param log    the store as reports name it
     * @param action the command, e.g. {@code export}
     * @return a builder of an {@code AUDIT_LOG_READ} event by the OS user
     */
    static AuditEvent.Builder event(String log, String action) {
        return AuditEvent.auditLogRead(Actor.of(System.getProperty("user.name", "unknown")), log, action);
    }

    /**
     * Writes the event into the reader chain of a file store or, when {@code store} is null, of
     * the database.
     *
     * @param store    the store directory, or null for the database
     * @param database the database, asked for only when {@code store} is null
     * @param event    the event
     * @throws RuntimeException when the trail cannot be opened or refuses the event
     */
    static void record(Path store, Supplier<DataSource> database, AuditEvent event) {
        AuditTrail.Builder builder = AuditTrail.builder().chainId(chain()).system("audit-cli");
        if (store != null) {
            builder.directory(store);
        } else {
            builder.store(JdbcAuditStore.builder(database.get()).build());
        }
        try (AuditTrail trail = builder.build()) {
            trail.record(event);
        }
    }
}
