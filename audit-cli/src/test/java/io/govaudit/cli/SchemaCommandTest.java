package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.jdbc.Dialect;
import io.govaudit.jdbc.JdbcSchema;
import io.govaudit.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code schema} prints the installer's script ready for psql, and the application role's GRANTs. */
class SchemaCommandTest {

    @Test
    void schema_printsEveryStatementOfTheScript_andTheGrants() {
        CliRun run = CliRun.of("schema", "--grant-to", "permit_portal_app");

        assertThat(run.exit()).isZero();
        for (String statement : JdbcSchema.statements(Dialect.POSTGRESQL)) {
            assertThat(run.out()).contains(statement.strip());
        }
        for (String grant : JdbcSchema.grantStatements(Dialect.POSTGRESQL, "permit_portal_app")) {
            assertThat(run.out()).contains(grant + ";");
        }
        assertThat(run.out()).doesNotContainPattern("(?m)^--;$").doesNotContain("UPDATE ON audit_record");
    }

    @Test
    void schema_output_installsOnPostgreSQL_andTheRoleMayOnlyInsertAndSelect() throws Exception {
        DataSource owner = TestDatabases.newPostgres("schema_cli");
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'schema_cli_app') "
                    + "THEN CREATE ROLE schema_cli_app; END IF; END $$");
            s.execute(CliRun.of("schema", "--grant-to", "schema_cli_app").out()); // as psql would run it
            try (ResultSet rs = s.executeQuery("SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) "
                    + "FROM information_schema.role_table_grants WHERE grantee = 'schema_cli_app' "
                    + "AND table_name = 'audit_record'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("INSERT,SELECT");
            }
        }
    }

    @Test
    void schema_badDialectOrRole_isAUsageError() {
        assertThat(CliRun.of("schema", "--dialect", "oracle").exit()).isEqualTo(AuditCli.EXIT_ERROR);
        CliRun badRole = CliRun.of("schema", "--grant-to", "app; DROP TABLE audit_record");
        assertThat(badRole.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(badRole.err()).contains("--grant-to");
    }
}
