package io.govaudit.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.h2.api.Trigger;

/**
 * H2's append-only rule for {@code audit_record} and {@code audit_segment}: every UPDATE and
 * DELETE is refused, except the deletes of {@link #purge}, the database function
 * {@code govaudit_purge(chain, through_seq)} that deletes a chain's oldest records only when a
 * stored {@code RETENTION_PURGE} record attests the range (as on PostgreSQL).
 *
 * <p>Why a thread-local: H2 runs the function and the deletes it issues, with their triggers,
 * on one thread of the database engine, so a flag set there for the length of the purge is seen
 * by exactly those deletes. H2 is embedded in the application's JVM, so this is a guard against
 * mistakes, not a security boundary: code in the same JVM can drop the trigger. H2 triggers do
 * not fire on TRUNCATE.
 *
 * <p>Thread-safe.
 */
public final class H2AppendOnlyTrigger implements Trigger {

    private static final ThreadLocal<Boolean> PURGING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private String table;

    /** Called by H2. */
    public H2AppendOnlyTrigger() {
    }

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
            int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (newRow == null && PURGING.get()) {
            return;
        }
        String operation = newRow == null ? "DELETE" : "UPDATE";
        throw new SQLException("govaudit: " + operation + " on " + table + " refused: audit records are append-only",
                "42501");
    }

    /**
     * The database function {@code govaudit_purge}: deletes the chain's records and segments
     * through {@code throughSeq} if a stored {@code RETENTION_PURGE} record after them names
     * {@code last_seq = throughSeq}.
     *
     * @param conn       the calling session (given by H2)
     * @param chainId    the chain
     * @param throughSeq the last seq to delete
     * @return how many records were deleted
     * @throws SQLException if no record attests the range
     */
    public static long purge(Connection conn, String chainId, long throughSeq) throws SQLException {
        if (!attested(conn, chainId, throughSeq)) {
            throw new SQLException("govaudit: purge of chain " + chainId + " through seq " + throughSeq
                    + " refused: no RETENTION_PURGE record attests it", "42501");
        }
        PURGING.set(Boolean.TRUE);
        try {
            long deleted = delete(conn, "DELETE FROM audit_record WHERE chain_id = ? AND seq <= ?", chainId, throughSeq);
            delete(conn, "DELETE FROM audit_segment WHERE chain_id = ? AND first_seq <= ?", chainId, throughSeq);
            return deleted;
        } finally {
            PURGING.remove();
        }
    }

    private static boolean attested(Connection conn, String chainId, long throughSeq) throws SQLException {
        Pattern names = Pattern.compile("\"last_seq\":" + throughSeq + "[,}]");
        try (PreparedStatement q = conn.prepareStatement("SELECT record_json FROM audit_record "
                + "WHERE chain_id = ? AND seq > ? AND event_type = 'RETENTION_PURGE'")) {
            q.setString(1, chainId);
            q.setLong(2, throughSeq);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if (names.matcher(rs.getString(1)).find()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static long delete(Connection conn, String sql, String chainId, long throughSeq) throws SQLException {
        try (PreparedStatement delete = conn.prepareStatement(sql)) {
            delete.setString(1, chainId);
            delete.setLong(2, throughSeq);
            return delete.executeUpdate();
        }
    }
}
