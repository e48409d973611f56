package io.govaudit.jdbc;

import io.govaudit.jdbc.testing.TestDatabases;
import javax.sql.DataSource;

/** The store contract on embedded H2 with JDBC batch inserts. */
class H2BatchStoreContractTest extends JdbcStoreContract {

    @Override
    DataSource newDatabase() {
        return TestDatabases.newH2("contract_batch");
    }

    @Override
    InsertMode insertMode() {
        return InsertMode.BATCH;
    }
}
