package io.govaudit.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries of one chain's rows. Sizes are counted as the file store counts them: the record
 * text's UTF-8 bytes plus one for the newline each line would end with; the database's own
 * overhead (row headers, indexes, TOAST) is not counted, so a {@code capacity.maxBytes} bounds
 * the audit data, not the table's size on disk.
 *
 * <p>Stateless and thread-safe; every method runs on the connection it is given.
 */
final class ChainTables {

    /** A chain's last row. */
    record Head(long seq, String json) {
    }

    private static final String SEGMENTS = "SELECT s.first_seq, s.opened_at, "
            + "(SELECT COALESCE(SUM(OCTET_LENGTH(r.record_json) + 1), 0) FROM audit_record r "
            + "WHERE r.chain_id = s.chain_id AND r.seq >= s.first_seq AND r.seq < COALESCE("
            + "(SELECT MIN(n.first_seq) FROM audit_segment n WHERE n.chain_id = s.chain_id AND n.first_seq > s.first_seq), "
            + Long.MAX_VALUE + ")) "
            + "FROM audit_segment s WHERE s.chain_id = ? ORDER BY s.first_seq";

    private final String chainId;

    ChainTables(String chainId) {
        this.chainId = chainId;
    }

    Head head(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT seq, record_json FROM audit_record WHERE chain_id = ? "
                + "ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")) {
            q.setString(1, chainId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : null;
            }
        }
    }

    /** @return the chain's segments with the bytes of their records, oldest first, all persisted */
    List<Segment> segments(Connection c) throws SQLException {
        List<Segment> segments = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(SEGMENTS)) {
            q.setString(1, chainId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    segments.add(new Segment(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getLong(3), true));
                }
            }
        }
        return segments;
    }

    /** @return the chain's smallest stored seq, 0 if it holds no record */
    long minSeq(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT MIN(seq) FROM audit_record WHERE chain_id = ?")) {
            q.setString(1, chainId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                return rs.wasNull() ? 0 : min;
            }
        }
    }

    String hashAt(Connection c, long seq) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT hash FROM audit_record WHERE chain_id = ? AND seq = ?")) {
            q.setString(1, chainId);
            q.setLong(2, seq);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("chain '" + chainId + "' has no record " + seq + " to close a purge with");
                }
                return rs.getString(1);
            }
        }
    }

    void insertSegment(Connection c, Segment segment) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO audit_segment (chain_id, first_seq, opened_at) VALUES (?, ?, ?)")) {
            insert.setString(1, chainId);
            insert.setLong(2, segment.firstSeq);
            insert.setObject(3, OffsetDateTime.ofInstant(segment.openedAt, ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    /**
     * Deletes the chain's records through {@code throughSeq} with the database's guarded purge
     * function, which refuses unless a stored RETENTION_PURGE record attests that range.
     */
    long purge(Connection c, long throughSeq) throws SQLException {
        try (PreparedStatement purge = c.prepareStatement("SELECT govaudit_purge(?, ?)")) {
            purge.setString(1, chainId);
            purge.setLong(2, throughSeq);
            try (ResultSet rs = purge.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
