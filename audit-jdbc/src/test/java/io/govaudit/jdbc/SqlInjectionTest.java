package io.govaudit.jdbc;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditRecordRejectedException;
import io.govaudit.AuditTrail;
import io.govaudit.Location;
import io.govaudit.Subject;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.DatabaseKind;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.jdbc.testing.StoreUnderTest;
import io.govaudit.jdbc.testing.Stores;
import io.govaudit.testing.TestClock;
import io.govaudit.verify.AuditVerifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every string member of an event filled with SQL, COPY and escaping payloads: the records are
 * stored verbatim, nothing is executed, and the chain verifies intact. Runs against every
 * {@link StoreUnderTest} on every database.
 */
class SqlInjectionTest {

    /** Each at most 64 characters, so it fits every indexed column (client_ip is varchar(64)). */
    private static final String IP = "192.0.2.7";

    static final List<String> PAYLOADS = List.of(
            "'); DROP TABLE audit_record; --",
            "x'; DELETE FROM audit_record WHERE '1'='1",
            "\\'",
            "\\' OR 1=1 --",
            "$$",
            "$body$; DROP TABLE audit_record; $body$",
            "\\.",
            "a\n\\.\nb",
            "\\N",
            "tab\there\ttoo",
            "back\\slash\\\\ end\\",
            "\"double\" 'single' `back`",
            "/* c */ OR 1=1 -- ;",
            "E'\\x27' || chr(39)",
            "%s %n {0} ${jndi:ldap://x}",
            "臺灣 ✓ é 😀 \u2028\u2029 ﾟ",
            "\r\n\u0007\u001b[31m",
            "?, ?, ?); --");

    static Stream<Arguments> storesAndDatabases() {
        List<Function<Path, StoreUnderTest>> stores = List.of(Stores::copying, tmp -> Stores.jdbc());
        return Stream.of(DatabaseKind.values()).flatMap(kind -> stores.stream().map(s -> Arguments.of(kind, s)));
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {index}")
    @MethodSource("storesAndDatabases")
    void record_injectionPayloadsInEveryStringMember_storedVerbatimAndChainIntact(DatabaseKind kind,
            Function<Path, StoreUnderTest> storeFactory) throws Exception {
        DataSource db = kind.withSchema("inject");
        createCanary(db);
        StoreUnderTest store = storeFactory.apply(tmp);
        TestClock clock = TestClock.create();

        try (AuditTrail trail = store.open(db, SampleChains.builder("node-1", clock))) {
            for (String payload : PAYLOADS) {
                clock.advance(Duration.ofSeconds(1));
                trail.record(event(payload));
            }
        }

        List<String> stored = ChainRows.lines(db, "node-1");
        assertThat(ChainRows.count(db, "SELECT count(*) FROM audit_record")).isEqualTo(stored.size());
        assertThat(ChainRows.count(db, "SELECT count(*) FROM canary")).isEqualTo(1);
        List<JsonNode> events = eventRecords(stored);
        assertThat(events).hasSize(PAYLOADS.size());
        for (int i = 0; i < PAYLOADS.size(); i++) {
            assertMembers(events.get(i), PAYLOADS.get(i));
        }
        Optional<List<String>> fileLines = store.fileLines("node-1");
        fileLines.ifPresent(lines -> assertThat(stored).as("record_json byte for byte").isEqualTo(lines));
        assertThat(AuditVerifier.forSource(JdbcRecordSource.of(db)).verify()).hasNoProblems();
    }

    @Test
    void detailKey_withQuoteOrSemicolon_isRejectedBeforeAnyStore() {
        Actor actor = Actor.of("A123456");

        assertThatThrownBy(() -> AuditEvent.adminAction(actor, "op").detail("a'; DROP TABLE x; --", "v"))
                .isInstanceOf(AuditRecordRejectedException.class);
    }

    private static AuditEvent event(String p) {
        Actor actor = Actor.builder(p).name(p).roles(p, "ADMIN").admin(true).build();
        return AuditEvent.adminAction(actor, p)
                .subject(new Subject("DATA", p, p))
                .where(new Location(p, p, p, IP, p, p)) // where.ip takes address literals only
                .detail("value", p)
                .detail("list", List.of(p, "plain"))
                .detail("x--drop.table_-", p)
                .failure(p)
                .build();
    }

    private static void assertMembers(JsonNode record, String p) {
        assertThat(record.at("/actor/id").asText()).isEqualTo(p);
        assertThat(record.at("/actor/name").asText()).isEqualTo(p);
        assertThat(record.at("/actor/roles/0").asText()).isEqualTo(p);
        assertThat(record.at("/subject/id").asText()).isEqualTo(p);
        assertThat(record.at("/subject/name").asText()).isEqualTo(p);
        for (String member : List.of("system", "host", "node", "op", "ua")) {
            assertThat(record.at("/where/" + member).asText()).as("where." + member).isEqualTo(p);
        }
        assertThat(record.at("/where/ip").asText()).isEqualTo(IP);
        assertThat(record.at("/detail/value").asText()).isEqualTo(p);
        assertThat(record.at("/detail/list/0").asText()).isEqualTo(p);
        assertThat(record.get("detail").get("x--drop.table_-").asText()).isEqualTo(p);
        assertThat(record.get("reason").asText()).isEqualTo(p);
    }

    private static List<JsonNode> eventRecords(List<String> stored) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : stored) {
            JsonNode record = json.readTree(line);
            if (record.get("type").asText().equals("ADMIN_ACTION")) {
                events.add(record);
            }
        }
        return events;
    }

    private static void createCanary(DataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE canary (id int)");
            s.execute("INSERT INTO canary VALUES (1)");
        }
    }
}
