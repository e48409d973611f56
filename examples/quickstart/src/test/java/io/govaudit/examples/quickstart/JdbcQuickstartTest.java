package io.govaudit.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.govaudit.EventType;
import io.govaudit.verify.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcQuickstartTest {

    @TempDir
    Path dir;

    @Test
    void run_h2FileDatabase_recordsEveryRequiredTypeAndVerifiesIntact() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HikariDataSource pool = JdbcQuickstart.pool("jdbc:h2:file:" + dir.resolve("audit"), "sa", null)) {
            VerificationReport report = JdbcQuickstart.run(pool, new PrintStream(out, true, StandardCharsets.UTF_8));

            assertThat(report.intact()).isTrue();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("INTACT").doesNotContain("NOT INTACT");
            Set<String> types = new HashSet<>();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT DISTINCT event_type FROM audit_record")) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
            for (EventType type : EventType.required()) {
                assertThat(types).as("type %s recorded", type).contains(type.code());
            }
        }
    }
}
