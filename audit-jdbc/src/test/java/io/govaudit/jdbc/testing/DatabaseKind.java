package io.govaudit.jdbc.testing;

import javax.sql.DataSource;

/** The databases the JDBC tests run against, for {@code @EnumSource}. */
public enum DatabaseKind {
    /** In-memory H2. */
    H2 {
        @Override
        public DataSource create(String prefix) {
            return TestDatabases.newH2(prefix);
        }
    },
    /** The embedded PostgreSQL server, a fresh database. */
    POSTGRESQL {
        @Override
        public DataSource create(String prefix) {
            return TestDatabases.newPostgres(prefix);
        }
    };

    /**
     * Creates an empty database.
     *
     * @param prefix a readable part of its name
     * @return a data source for its owner
     */
    public abstract DataSource create(String prefix);

    /**
     * Creates a database with the govaudit schema installed.
     *
     * @param prefix a readable part of its name
     * @return a data source for its owner
     */
    public DataSource withSchema(String prefix) {
        DataSource db = create(prefix);
        ChainRows.installSchema(db);
        return db;
    }
}
