package io.govaudit.jdbc;

import io.govaudit.AuditConfigurationException;
import io.govaudit.jdbc.internal.Connector;
import io.govaudit.jdbc.internal.JdbcChainStore;
import io.govaudit.jdbc.internal.RowWriter;
import io.govaudit.jdbc.internal.Sleeper;
import io.govaudit.jdbc.internal.StoreSettings;
import io.govaudit.spi.AuditStore;
import io.govaudit.spi.ChainStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Keeps audit chains in a database table (PostgreSQL, or H2 embedded) instead of a directory:
 * the same record bytes, the same hash chain, the same writer with its group commit, durability
 * modes and capacity policies (docs/format.md sections 1-2, 6-7; docs/operations.md, retention and capacity).
 *
 * <pre>{@code
 * JdbcSchema.install(ownerDataSource);           // once, as the owner of the tables
 * try (AuditTrail trail = AuditTrail.builder()
 *         .store(JdbcAuditStore.builder(appDataSource).stateDirectory(Path.of("/var/lib/myapp/audit-keys")).build())
 *         .chainId(JdbcAuditStore.defaultChainId("permit-portal"))
 *         .system("permit-portal")
 *         .build()) {
 *     trail.record(AuditEvent.login(Actor.of("A123456")).build());
 * }
 * }</pre>
 *
 * <p>Durability: a batch of records is one transaction on a fresh connection from the data
 * source; with {@code Durability.SYNC} a record returns after that transaction committed, with
 * {@code synchronous_commit} on for it on PostgreSQL. A batch is stored whole or not at all.
 *
 * <p>One writer per chain: while a trail is open it keeps one extra connection from the data
 * source for its hold on the chain (a PostgreSQL advisory lock, an H2 row lock). Size the pool
 * for it, and do not let the pool end connections held that long (HikariCP's
 * {@code maxLifetime} does not end a connection that is in use). A second writer on the same
 * chain, in any process, gets {@link io.govaudit.ChainLockedException} naming the holder. Each
 * application node writes its own chain (see {@link #defaultChainId}).
 *
 * <p>Failure: a lost connection or a refused commit fails that batch, and the trail's
 * {@code CapacityPolicy.OnFull} action applies; the next batch connects again. PostgreSQL's
 * {@code disk_full} counts as a full store. If the connection that holds the chain ends, the
 * store takes the chain again before its next commit (or stops, if another writer took it).
 * Give the driver a socket timeout (pgjdbc {@code socketTimeout}, in seconds) so that a network
 * cut without a reset fails a batch instead of blocking the writer, and with it every
 * {@code SYNC} caller, until the operating system gives up on the connection.
 *
 * <p>Capacity: {@code CapacityPolicy.maxBytes} counts what the file store would hold: each
 * record's text in UTF-8 plus one byte for its line end. The database's own overhead (row
 * headers, indexes, TOAST) is not counted; plan the tablespace with room for it (typically 1.5
 * to 2 times). Segments are rows of {@code audit_segment}; purges remove whole closed segments
 * through the database function {@code govaudit_purge}, after the attesting
 * {@code RETENTION_PURGE} record is committed.
 *
 * <p>Thread-safety: immutable and thread-safe; each opened chain belongs to one trail.
 *
 * @since 0.1.0
 */
public final class JdbcAuditStore implements AuditStore {

    private final DataSource dataSource;
    private final Dialect configuredDialect;
    private final InsertMode configuredMode;
    private final Path stateDirectory;
    private final String holder;
    private final Sleeper sleeper;
    private final Clock clock;
    /** The database's URL (without parameters) once a chain was opened, for messages. */
    private volatile String location;

    private JdbcAuditStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.configuredDialect = builder.dialect;
        this.configuredMode = builder.insertMode;
        this.stateDirectory = builder.stateDirectory;
        this.holder = builder.holder != null ? builder.holder : defaultHolder();
        this.sleeper = builder.sleeper;
        this.clock = builder.clock;
    }

    /**
     * Starts configuring a store on a data source (typically a connection pool).
     *
     * @param dataSource where connections come from; the application's role needs the grants
     *                   listed by {@link JdbcSchema#grantStatements}
     * @return a new builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public ChainStore openChain(String chainId, long segmentMaxBytes, Duration segmentMaxAge) throws IOException {
        Dialect dialect;
        String location;
        try (Connection c = dataSource.getConnection()) {
            dialect = configuredDialect != null ? configuredDialect : Dialect.of(c);
            location = location(c, dialect);
            this.location = location;
            if (dialect == Dialect.H2) {
                io.govaudit.jdbc.internal.H2Files.restrict(c);
            }
        } catch (SQLException e) {
            throw new IOException("cannot connect to the audit database: [" + e.getSQLState() + "] " + e.getMessage(), e);
        }
        InsertMode mode = insertMode(dialect);
        StoreSettings settings = new StoreSettings(dialect, new Connector(dataSource, sleeper), RowWriter.of(mode),
                holder, clock, location);
        return JdbcChainStore.open(settings, chainId, segmentMaxBytes, segmentMaxAge);
    }

    /** The configured insert mode, or the dialect's default; COPY is refused on H2. */
    private InsertMode insertMode(Dialect dialect) {
        if (configuredMode == null || configuredMode == InsertMode.AUTO) {
            return dialect == Dialect.POSTGRESQL ? InsertMode.AUTO : InsertMode.MULTI_ROW;
        }
        if (configuredMode == InsertMode.COPY && dialect != Dialect.POSTGRESQL) {
            throw new AuditConfigurationException(List.of("insertMode COPY needs PostgreSQL, but the database is "
                    + dialect + "; use MULTI_ROW or BATCH"));
        }
        return configuredMode;
    }

    /** The database's URL without its query part, where drivers may carry credentials. */
    private static String location(Connection c, Dialect dialect) throws SQLException {
        String url = c.getMetaData().getURL();
        if (url == null) {
            return dialect + " database";
        }
        int cut = url.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = url.indexOf(separator);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return url.substring(0, cut);
    }

    @Override
    public Optional<Path> stateDirectory() {
        return Optional.ofNullable(stateDirectory);
    }

    /** @return the database's URL without its parameters once a chain was opened, and this writer's name */
    @Override
    public String describe() {
        String where = location;
        return "JDBC store " + (where != null ? where : "(" + (configuredDialect == null ? "dialect from the connection"
                : configuredDialect) + ")") + " as holder '" + holder + "'";
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Makes a chain id for this node from the application's name and the host name:
     * {@code <application>-<host>}, with every character outside {@code A-Z a-z 0-9 . _ -}
     * replaced by {@code -}, cut to 64 characters. Each node of a cluster thereby writes its own
     * chain; set the chain id explicitly where host names change (containers).
     *
     * @param application the application's name, not blank
     * @return the chain id
     */
    public static String defaultChainId(String application) {
        return chainId(application, hostName());
    }

    static String chainId(String application, String host) {
        if (application == null || application.isBlank()) {
            throw new IllegalArgumentException("application must not be blank, was "
                    + (application == null ? "null" : "'" + application + "'"));
        }
        String id = (application.strip() + "-" + host).replaceAll("[^A-Za-z0-9._-]", "-");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    private static String hostName() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return host == null || host.isBlank() ? "localhost" : host.toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String defaultHolder() {
        String holder = hostName() + " pid " + ProcessHandle.current().pid();
        return holder.length() > 255 ? holder.substring(0, 255) : holder;
    }

    /**
     * Configures a {@link JdbcAuditStore}. {@link #build()} checks every setting and reports all
     * problems at once. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private final DataSource dataSource;
        private Dialect dialect;
        private boolean dialectSet;
        private InsertMode insertMode;
        private boolean insertModeSet;
        private Path stateDirectory;
        private String holder;
        private boolean holderSet;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * Sets the database dialect; default: detected from the connection's metadata when a
         * chain is opened.
         *
         * @param dialect the dialect
         * @return this builder
         */
        public Builder dialect(Dialect dialect) {
            this.dialect = dialect;
            this.dialectSet = true;
            return this;
        }

        /**
         * Sets how batches are inserted; default {@link InsertMode#AUTO}: on PostgreSQL COPY for
         * large batches and multi-row INSERT for small ones, on H2 (which has no COPY) multi-row
         * INSERT.
         *
         * @param insertMode the mode
         * @return this builder
         */
        public Builder insertMode(InsertMode insertMode) {
            this.insertMode = insertMode;
            this.insertModeSet = true;
            return this;
        }

        /**
         * Sets a local directory (created 0700) for what must not live beside the records: the key
         * that hashes session ids, and a keyed chain's epoch key state. Without it session ids are
         * hashed with a key made for each run, and keyed or signed chains are refused.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = directory;
            return this;
        }

        /**
         * Sets the name this writer gives in {@code audit_chain}, shown to a refused second
         * writer; default the host name and process id.
         *
         * @param holder 1 to 255 characters, not blank
         * @return this builder
         */
        public Builder holder(String holder) {
            this.holder = holder;
            this.holderSet = true;
            return this;
        }

        /** Test seam: how the store waits before connecting again (STYLE.md S37). */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** Test seam: the clock for the hold's {@code since}. */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Checks the settings and creates the store. Does not connect: the database is first
         * used when a trail opens a chain.
         *
         * @return the store
         * @throws AuditConfigurationException listing every invalid setting
         */
        public JdbcAuditStore build() {
            List<String> problems = new ArrayList<>();
            if (dataSource == null) {
                problems.add("dataSource must not be null");
            }
            if (dialectSet && dialect == null) {
                problems.add("dialect must be POSTGRESQL or H2, was null (leave it unset to detect it)");
            }
            if (insertModeSet && insertMode == null) {
                problems.add("insertMode must be AUTO, COPY, MULTI_ROW or BATCH, was null (leave it unset for AUTO)");
            }
            if (insertMode == InsertMode.COPY && dialect == Dialect.H2) {
                problems.add("insertMode COPY needs PostgreSQL, but dialect is H2; use MULTI_ROW or BATCH");
            }
            if (holderSet && (holder == null || holder.isBlank() || holder.length() > 255)) {
                problems.add("holder must be 1 to 255 characters and not blank, was "
                        + (holder == null ? "null" : "'" + holder + "'"));
            }
            if (sleeper == null || clock == null) {
                problems.add("sleeper and clock must not be null");
            }
            if (!problems.isEmpty()) {
                throw new AuditConfigurationException(problems);
            }
            return new JdbcAuditStore(this);
        }
    }
}
