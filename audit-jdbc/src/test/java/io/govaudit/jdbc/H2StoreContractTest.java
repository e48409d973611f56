package io.govaudit.jdbc;

import io.govaudit.jdbc.testing.TestDatabases;
import javax.sql.DataSource;

/** The store contract on embedded H2 with multi-row inserts (its default). */
class H2StoreContractTest extends JdbcStoreContract {

    @Override
    DataSource newDatabase() {
        return TestDatabases.newH2("contract");
    }

    @Override
    InsertMode insertMode() {
        return InsertMode.MULTI_ROW;
    }
}
