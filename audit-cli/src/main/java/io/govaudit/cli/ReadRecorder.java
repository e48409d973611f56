package io.govaudit.cli;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.jdbc.JdbcAuditStore;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Records a read of the log (S9) as {@code AUDIT_LOG_READ} in the reader chain
 * {@code audit-cli-<host>} of the store that was read, with the OS user as the actor, as
 * {@code verify --record-read} and {@code bundle} do (docs/format.md section 9, the reader chain).
 * Stateless and thread-safe.
 */
final class ReadRecorder {

    private ReadRecorder() {
    }

    /** @return the reader chain's id on this host */
    static String chainId() {
        return JdbcAuditStore.defaultChainId("audit-cli");
    }

    /** @return the OS user running the command, the actor of the read */
    static Actor actor() {
        return Actor.of(System.getProperty("user.name", "unknown"));
    }

    /**
     * Appends one event to the reader chain.
     *
     * @param store    the store directory, or null for the database
     * @param database the database, asked for only when {@code store} is null
     * @param event    the event
     * @throws RuntimeException when the trail cannot be opened or refuses the event
     */
    static void record(Path store, Supplier<DataSource> database, AuditEvent event) {
        AuditTrail.Builder builder = AuditTrail.builder().chainId(chainId()).system("audit-cli");
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
