package io.govaudit.jdbc;

/**
 * How a batch of records is sent to the database. Every mode inserts a batch in one transaction,
 * all of it or none; they differ only in speed and driver needs.
 *
 * @since 0.1.0
 */
public enum InsertMode {

    /**
     * PostgreSQL only: {@code COPY audit_record FROM STDIN} through pgjdbc's {@code CopyManager}.
     * The fastest; needs a connection that unwraps to {@code org.postgresql.PGConnection}. The
     * default on PostgreSQL.
     */
    COPY,

    /**
     * One {@code INSERT ... VALUES (...), (...), ...} prepared statement per up to 1000 records.
     * The default on H2.
     */
    MULTI_ROW,

    /** One prepared {@code INSERT} per record, sent as one JDBC batch. */
    BATCH
}
