package io.govaudit.jdbc;

import io.govaudit.jdbc.testing.DatabaseKind;

/** The store contract on PostgreSQL (embedded server, fsync on) with {@link InsertMode#MULTI_ROW}. */
class PostgresMultiRowStoreContractTest extends JdbcStoreContract {

    PostgresMultiRowStoreContractTest() {
        super(DatabaseKind.POSTGRESQL, InsertMode.MULTI_ROW);
    }
}
