package io.govaudit.examples.quickstart;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.govaudit.AuditTrail;
import io.govaudit.jdbc.JdbcAuditStore;
import io.govaudit.jdbc.JdbcRecordSource;
import io.govaudit.jdbc.JdbcSchema;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;

/**
 * The quickstart with the chain in a database: a HikariCP pool, the schema installed, one event
 * of each required type recorded, then the table verified.
 *
 * <p>Run it with {@code java -cp … io.govaudit.examples.quickstart.JdbcQuickstart [jdbc-url]};
 * the default is an H2 file database under {@code target/}. For PostgreSQL give its URL and set
 * {@code AUDIT_DB_USER} and {@code AUDIT_DB_PASSWORD}; the password is never an argument.
 */
public final class JdbcQuickstart {

    private JdbcQuickstart() {
    }

    /**
     * Writes the demo events into the database and prints the verification report.
     *
     * @param args optional JDBC URL (default an H2 file database in {@code target/})
     * @throws IOException  if the records cannot be read back
     * @throws SQLException if the schema cannot be installed
     */
    public static void main(String[] args) throws IOException, SQLException {
        String url = args.length > 0 ? args[0] : "jdbc:h2:file:./target/quickstart-db/audit";
        try (HikariDataSource pool = pool(url, System.getenv("AUDIT_DB_USER"), System.getenv("AUDIT_DB_PASSWORD"))) {
            VerificationReport report = run(pool, System.out);
            System.exit(report.intact() ? 0 : 1);
        }
    }

    /**
     * Opens a small pool for the trail. A short connection timeout matters: the trail's writer
     * waits for a connection when the database is away, and records are counted as not recorded
     * (or refused) while it does.
     *
     * @param url      the JDBC URL
     * @param user     the user, or null
     * @param password the password, or null
     * @return the pool
     */
    public static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(3_000);
        config.setPoolName("govaudit");
        return new HikariDataSource(config);
    }

    /**
     * Installs the schema, records the demo events and verifies the table.
     *
     * @param dataSource the database
     * @param out        where to print the report
     * @return the verification report
     * @throws IOException  if the records cannot be read back
     * @throws SQLException if the schema cannot be installed
     */
    public static VerificationReport run(javax.sql.DataSource dataSource, PrintStream out)
            throws IOException, SQLException {
        JdbcSchema.install(dataSource); // or let the DBA run the script: JdbcSchema.script(dialect)
        try (AuditTrail trail = AuditTrail.builder()
                .store(JdbcAuditStore.builder(dataSource).build())
                .chainId(JdbcAuditStore.defaultChainId("permit-portal"))
                .system("permit-portal")
                .build()) {
            Quickstart.recordRequiredEvents(trail);
        }
        VerificationReport report = AuditVerifier.forSource(JdbcRecordSource.of(dataSource)).verify();
        Quickstart.print(report, out);
        return report;
    }
}
