package io.govaudit.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** {@link io.govaudit.jdbc.InsertMode#BATCH}: one prepared INSERT, one JDBC batch. */
final class BatchRowWriter implements RowWriter {

    private static final String SQL = "INSERT INTO audit_record (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Override
    public void insert(Connection connection, String chainId, List<StagedRow> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(SQL)) {
            for (StagedRow row : rows) {
                RowWriter.bind(insert, 1, chainId, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
