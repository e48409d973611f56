package io.govaudit.jdbc;

import io.govaudit.jdbc.testing.TestDatabases;
import javax.sql.DataSource;

/** The store contract on PostgreSQL (embedded server, fsync on) with {@link InsertMode#COPY}. */
class PostgresCopyStoreContractTest extends JdbcStoreContract {

    @Override
    DataSource newDatabase() {
        return TestDatabases.newPostgres("contract_copy");
    }

    @Override
    InsertMode insertMode() {
        return InsertMode.COPY;
    }
}
