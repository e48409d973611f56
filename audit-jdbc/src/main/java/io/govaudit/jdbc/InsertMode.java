package io.govaudit.jdbc;

/**
 * How a batch of records is sent to the database. Every mode inserts a batch in one transaction,
 * all of it or none; they differ only in speed and driver needs.
 *
 * @since 0.1.0
 */
public enum InsertMode {

    /**
     * The default: on PostgreSQL {@link #MULTI_ROW} for batches under
     * {@value #AUTO_COPY_FROM} records and {@link #COPY} from there on, which is the faster of the
     * two at either size (benchmarks/README.md, {@code JdbcInsertBenchmark}); on H2
     * {@link #MULTI_ROW}.
     */
    AUTO,

    /**
     * PostgreSQL only: {@code COPY audit_record FROM STDIN} through pgjdbc's {@code CopyManager}.
     * The fastest for large batches; needs a connection that unwraps to
     * {@code org.postgresql.PGConnection}.
     */
    COPY,

    /**
     * One {@code INSERT ... VALUES (...), (...), ...} prepared statement per up to 1000 records.
     */
    MULTI_ROW,

    /** One prepared {@code INSERT} per record, sent as one JDBC batch: the baseline. */
    BATCH;

    /** The batch size from which {@link #AUTO} uses {@code COPY} on PostgreSQL. */
    public static final int AUTO_COPY_FROM = 64;
}
