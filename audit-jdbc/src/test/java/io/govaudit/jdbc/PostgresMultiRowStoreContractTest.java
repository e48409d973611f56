package io.govaudit.jdbc;

import io.govaudit.jdbc.testing.TestDatabases;
import javax.sql.DataSource;

/** The store contract on PostgreSQL (embedded server, fsync on) with {@link InsertMode#MULTI_ROW}. */
class PostgresMultiRowStoreContractTest extends JdbcStoreContract {

    @Override
    DataSource newDatabase() {
        return TestDatabases.newPostgres("contract_multi_row");
    }

    @Override
    InsertMode insertMode() {
        return InsertMode.MULTI_ROW;
    }
}
