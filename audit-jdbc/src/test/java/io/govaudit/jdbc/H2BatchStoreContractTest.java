package io.govaudit.jdbc;

import io.govaudit.jdbc.testing.DatabaseKind;

/** The store contract on embedded H2 with JDBC batch inserts. */
class H2BatchStoreContractTest extends JdbcStoreContract {

    H2BatchStoreContractTest() {
        super(DatabaseKind.H2, InsertMode.BATCH);
    }
}
