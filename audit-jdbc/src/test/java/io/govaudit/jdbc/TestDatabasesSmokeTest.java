package io.govaudit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The test databases start and run with fsync on. */
class TestDatabasesSmokeTest {

    @Test
    void postgres_startsWithFsyncOn() throws Exception {
        DataSource ds = TestDatabases.newPostgres("smoke");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW fsync")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("on");
        }
    }
}
