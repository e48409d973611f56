package io.govaudit.jdbc;

import io.govaudit.internal.store.SegmentNames;
import io.govaudit.jdbc.internal.JdbcUrls;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.RecordSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Reads the chains of a JDBC store ({@code audit_record}) for {@link io.govaudit.verify.AuditVerifier}:
 * the verifier checks the rows' {@code record_json} exactly as it checks segment files (docs/format.md
 * sections 1-2 and 9), and this source checks each row's indexed columns against its record.
 *
 * <pre>{@code
 * VerificationReport report = AuditVerifier.forSource(JdbcRecordSource.of(dataSource, "audit@db-1"))
 *         .verify();
 * }</pre>
 *
 * <p>Shape: one part per chain, named {@code audit_record}, holding the chain's rows in
 * {@code seq} order, one record line per row; problem lines are row numbers within the chain
 * (1 = the row with the lowest seq).
 *
 * <p>Memory: on PostgreSQL (a pgjdbc connection, perhaps inside a pool) a chain whose id is valid
 * is streamed with {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)}, about 1.5 times as fast as a cursor and
 * with the same checks and report ({@code CopyRowStream}); other databases and other chain ids
 * are read with a server-side cursor (auto-commit off and a fetch size, which pgjdbc needs to use
 * a cursor). Either way verifying a chain of millions of rows takes constant memory, one
 * connection per chain, and nothing is written.
 *
 * <p>Columns: a row whose indexed columns ({@code seq}, {@code ts}, {@code event_type},
 * {@code outcome}, {@code actor_id}, {@code subject_id}, {@code client_ip}, {@code host},
 * {@code hash}) disagree with its {@code record_json} is {@code COLUMN_MISMATCH}, naming the first
 * such column with both values (shortened). A {@code record_json} that is no record is left to
 * the verifier, which reports it {@code UNPARSEABLE}. Rows under a {@code chain_id} that no writer
 * accepts (such as {@code ../x}) are verified like any chain and also reported {@code WRONG_CHAIN}.
 * A {@code record_json} holding a raw line
 * break, which no writer produces, is reported {@code UNPARSEABLE} here and passed on with each
 * line break written as the two characters {@code \n}, so one row stays one line and cannot pass
 * for two records.
 *
 * <p>Thread-safety: immutable; each {@link Part#open} uses its own connection.
 *
 * @since 0.1.0
 */
public final class JdbcRecordSource implements RecordSource {

    /** The part name of every chain: the table it is read from. */
    public static final String PART_NAME = "audit_record";
    /** Rows fetched per round trip. */
    static final int FETCH_SIZE = 1000;

    /** Whether pgjdbc is on the class path, so that {@link CopyRowStream} can load. */
    private static final boolean PGJDBC = pgjdbcPresent();

    private final DataSource dataSource;
    private final String description;
    private final boolean copy;

    private JdbcRecordSource(DataSource dataSource, String description, boolean copy) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.description = description;
        this.copy = copy;
    }

    private static boolean pgjdbcPresent() {
        try {
            Class.forName("org.postgresql.PGConnection", false, JdbcRecordSource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * A source that reads every chain through the cursor ({@link RowStream}), never by COPY: for
     * tests that compare the two paths.
     */
    static JdbcRecordSource withoutCopy(DataSource dataSource) {
        return new JdbcRecordSource(dataSource, null, false);
    }

    /**
     * Creates a source reading the {@code audit_record} table of a database; the report names
     * the database by its JDBC URL without credentials or parameters.
     *
     * @param dataSource the database (a read-only role is enough: it only runs SELECT)
     * @return the source
     */
    public static JdbcRecordSource of(DataSource dataSource) {
        return new JdbcRecordSource(dataSource, null, true);
    }

    /**
     * Creates a source reading the {@code audit_record} table of a database, named in the report
     * by {@code description}.
     *
     * @param dataSource  the database
     * @param description how the report names the database; must not hold credentials
     * @return the source
     */
    public static JdbcRecordSource of(DataSource dataSource, String description) {
        return new JdbcRecordSource(dataSource, Objects.requireNonNull(description, "description"), true);
    }

    /**
     * Returns the description given, or else the database's JDBC URL without credentials and
     * parameters, or {@code "database"} if the URL cannot be read.
     */
    @Override
    public String location() {
        if (description != null) {
            return description;
        }
        return JdbcUrls.describe(dataSource);
    }

    @Override
    public List<String> chains() throws IOException {
        // a chain named only in audit_segment or audit_chain lost its records (e.g. TRUNCATE
        // audit_record): it is listed, so the verifier reports it rather than passing over it
        java.util.TreeSet<String> chains = new java.util.TreeSet<>(); // Java's order, not the collation's
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT DISTINCT chain_id FROM audit_record "
                        + "UNION SELECT chain_id FROM audit_segment UNION SELECT chain_id FROM audit_chain");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                chains.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw failure("cannot list the chains of tables audit_record, audit_segment and audit_chain", e);
        }
        return new ArrayList<>(chains);
    }

    /** The newest segment row: it is committed with that segment's first record. */
    @Override
    public ChainState state(String chain) throws IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT max(first_seq) FROM audit_segment WHERE chain_id = ?")) {
            select.setString(1, chain);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                long first = rs.getLong(1);
                return rs.wasNull() || first <= 0 ? ChainState.NONE
                        : new ChainState(first, "its newest row in audit_segment (first_seq " + first + ")");
            }
        } catch (SQLException e) {
            throw failure("cannot read the segments of chain '" + chain + "' in table audit_segment", e);
        }
    }

    @Override
    public List<Part> parts(String chain) throws IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT min(seq) FROM audit_record WHERE chain_id = ?")) {
            select.setString(1, chain);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                rs.getLong(1);
                return rs.wasNull() ? List.of() : List.of(new Rows(chain));
            }
        } catch (SQLException e) {
            throw failure("cannot read chain '" + chain + "' of table audit_record", e);
        }
    }

    private IOException failure(String what, SQLException e) {
        return new IOException(what + " in " + location() + ": " + e.getMessage()
                + " (SQLState " + e.getSQLState() + ")", e);
    }

    /** The rows of one chain. */
    private final class Rows implements Part {
        private final String chain;

        Rows(String chain) {
            this.chain = chain;
        }

        @Override
        public String name() {
            return PART_NAME;
        }

        @Override
        public long namedFirstSeq() {
            return -1;
        }

        @Override
        public long size() {
            return 0; // summing record_json lengths would read the table twice
        }

        @Override
        public boolean closed() {
            return true; // every row is a whole line: there is no torn tail
        }

        @Override
        public InputStream open(ProblemSink problems) throws IOException {
            if (!SegmentNames.isChainId(chain)) {
                problems.report(ProblemKind.WRONG_CHAIN, 0, 0, "chain_id " + RowCheck.quote(chain) + " is not a "
                        + "chain id (1 to 64 of A-Z a-z 0-9 . _ -): no govaudit writer stored these rows");
            }
            try {
                Connection c = dataSource.getConnection();
                boolean byCopy;
                try {
                    byCopy = copy && PGJDBC && chain.matches(CopyRowStream.CHAIN_ID) && CopyRowStream.accepts(c);
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                return byCopy ? CopyRowStream.open(c, chain, problems) : RowStream.open(c, chain, problems);
            } catch (SQLException e) {
                throw failure("cannot read chain '" + chain + "' of table audit_record", e);
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcRecordSource[" + location() + "]";
    }
}
