package io.govaudit.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * {@link io.govaudit.jdbc.InsertMode#MULTI_ROW}: {@code INSERT ... VALUES (...), (...)} with up
 * to {@link #ROWS_PER_STATEMENT} rows per statement, well below PostgreSQL's 32767 bind
 * parameters.
 */
final class MultiRowWriter implements RowWriter {

    static final int ROWS_PER_STATEMENT = 1000;

    @Override
    public void insert(Connection connection, String chainId, List<StagedRow> rows) throws SQLException {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<StagedRow> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement insert = connection.prepareStatement(sql(chunk.size()))) {
                for (int i = 0; i < chunk.size(); i++) {
                    RowWriter.bind(insert, 1 + i * COLUMN_COUNT, chainId, chunk.get(i));
                }
                insert.executeUpdate();
            }
        }
    }

    private static String sql(int rows) {
        String one = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        StringBuilder sql = new StringBuilder(64 + rows * (one.length() + 2))
                .append("INSERT INTO audit_record (").append(COLUMNS).append(") VALUES ").append(one);
        for (int i = 1; i < rows; i++) {
            sql.append(", ").append(one);
        }
        return sql.toString();
    }
}
