package io.govaudit.jdbc;

import io.govaudit.jdbc.testing.DatabaseKind;

/** The store contract on PostgreSQL (embedded server, fsync on) with {@link InsertMode#BATCH}. */
class PostgresBatchStoreContractTest extends JdbcStoreContract {

    PostgresBatchStoreContractTest() {
        super(DatabaseKind.POSTGRESQL, InsertMode.BATCH);
    }
}
