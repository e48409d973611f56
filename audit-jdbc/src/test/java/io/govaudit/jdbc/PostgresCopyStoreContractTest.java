package io.govaudit.jdbc;

import io.govaudit.jdbc.testing.DatabaseKind;

/** The store contract on PostgreSQL (embedded server, fsync on) with {@link InsertMode#COPY}. */
class PostgresCopyStoreContractTest extends JdbcStoreContract {

    PostgresCopyStoreContractTest() {
        super(DatabaseKind.POSTGRESQL, InsertMode.COPY);
    }
}
