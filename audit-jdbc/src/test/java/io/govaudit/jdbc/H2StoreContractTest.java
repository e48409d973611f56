package io.govaudit.jdbc;

import io.govaudit.jdbc.testing.DatabaseKind;

/** The store contract on embedded H2 with multi-row inserts (its default). */
class H2StoreContractTest extends JdbcStoreContract {

    H2StoreContractTest() {
        super(DatabaseKind.H2, InsertMode.MULTI_ROW);
    }
}
