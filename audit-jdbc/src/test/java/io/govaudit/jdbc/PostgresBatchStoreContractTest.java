package io.govaudit.jdbc;

import io.govaudit.jdbc.testing.TestDatabases;
import javax.sql.DataSource;

/** The store contract on PostgreSQL (embedded server, fsync on) with {@link InsertMode#BATCH}. */
class PostgresBatchStoreContractTest extends JdbcStoreContract {

    @Override
    DataSource newDatabase() {
        return TestDatabases.newPostgres("contract_batch");
    }

    @Override
    InsertMode insertMode() {
        return InsertMode.BATCH;
    }
}
