package io.govaudit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DDL printed in the database guides for DBAs is the script the installer runs. */
class DocsDdlTest {

    @ParameterizedTest
    @ValueSource(strings = {"jdbc.md", "jdbc.zh-TW.md"})
    void guide_printsThePostgresScriptOfTheJar(String guide) throws IOException {
        String doc = Files.readString(Path.of("..", "docs", guide), StandardCharsets.UTF_8);
        String block = doc.substring(doc.lastIndexOf("```sql\n") + "```sql\n".length(), doc.lastIndexOf("\n```"));

        assertThat(block + "\n").isEqualTo(JdbcSchema.script(Dialect.POSTGRESQL));
    }
}
