package io.govaudit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.EventType;
import io.govaudit.Outcome;
import io.govaudit.jdbc.testing.ChainRows;
import io.govaudit.jdbc.testing.DatabaseKind;
import io.govaudit.jdbc.testing.SampleChains;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.Cursor;
import io.govaudit.query.QueryPage;
import io.govaudit.query.RecordIntegrityException;
import io.govaudit.query.StoredRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The query API over a database gives the same answers as over the file store the rows were
 * copied from (the file reader being tested on its own against a brute-force filter), page by
 * page through keyset cursors; a changed row is never handed back; filter values are data, never
 * SQL.
 */
class JdbcAuditReaderTest {

    @TempDir
    Path store;

    private DataSource copy(DatabaseKind kind, String name) {
        SampleChains.write(store, "node-1", 120);
        SampleChains.write(store, "node-2", 45);
        DataSource db = kind.withSchema(name);
        ChainRows.copyStore(store, db);
        return db;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void answersEqualTheFileStoresForEveryFilterAndOrder(DatabaseKind kind) {
        DataSource db = copy(kind, "reader-equal");
        Instant from = Instant.parse("2026-01-01T00:00:20Z");
        Instant to = Instant.parse("2026-01-01T00:01:30Z");
        List<AuditQuery> queries = List.of(
                AuditQuery.builder().build(),
                AuditQuery.builder().from(from).to(to).build(),
                AuditQuery.builder().from(from).to(to).newestFirst().build(),
                AuditQuery.builder().chain("node-2").types(EventType.LOGIN, EventType.USER_LOCK).build(),
                AuditQuery.builder().actor("A123456").outcome(Outcome.SUCCESS).newestFirst().build(),
                AuditQuery.builder().subjectKind("USER").subject("u-5").build(),
                AuditQuery.builder().ip("10.0.0.7").build(),
                AuditQuery.builder().types(EventType.TRAIL_START, EventType.TRAIL_STOP).build());
        try (AuditReader files = AuditReader.forDirectory(store);
             AuditReader rows = JdbcAuditReader.forDataSource(db, "test-db")) {
            for (AuditQuery query : queries) {
                List<String> expected = lines(files, query);
                assertThat(expected).as(query.toString()).isNotEmpty();
                assertThat(lines(rows, query)).as(query.toString()).containsExactlyElementsOf(expected);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void keysetPagesCoverTheAnswerOnceInEitherOrder(DatabaseKind kind) {
        DataSource db = copy(kind, "reader-pages");
        try (AuditReader rows = JdbcAuditReader.forDataSource(db)) {
            for (AuditQuery.Order order : AuditQuery.Order.values()) {
                AuditQuery query = AuditQuery.builder().order(order).limit(13).build();
                List<String> paged = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    QueryPage page = rows.page(query);
                    page.records().forEach(r -> paged.add(r.line()));
                    if (page.next().isEmpty()) {
                        break;
                    }
                    query = query.toBuilder().after(Cursor.parse(page.next().get().token())).build();
                }
                assertThat(paged).containsExactlyElementsOf(lines(rows, query.toBuilder().after(null).build()));
            }
            assertThat(rows.location()).doesNotContain("password");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aChangedRowStopsTheReadAndFilterValuesAreNeverSql(DatabaseKind kind) {
        DataSource db = copy(kind, "reader-tamper");
        try (AuditReader rows = JdbcAuditReader.forDataSource(db)) {
            assertThat(lines(rows, AuditQuery.builder().actor("x' OR '1'='1").build())).isEmpty();
            assertThat(lines(rows, AuditQuery.builder().subject("u-5' --").build())).isEmpty();

            ChainRows.tamper(db, List.of("UPDATE audit_record SET record_json = REPLACE(record_json, 'u-9', 'u-8') "
                    + "WHERE chain_id = ? AND seq = ?"), "node-1", 12L);
            assertThatThrownBy(() -> lines(rows, AuditQuery.builder().chain("node-1").build()))
                    .isInstanceOfSatisfying(RecordIntegrityException.class, e -> {
                        assertThat(e.chain()).isEqualTo("node-1");
                        assertThat(e.seq()).isEqualTo(12);
                    });
            // a query that does not reach the changed row still answers
            assertThat(lines(rows, AuditQuery.builder().chain("node-2").build())).isNotEmpty();
        }
    }

    @Test
    void onPostgresqlTheTimeTypeAndActorFiltersCanUseTheirIndexes() throws SQLException {
        DataSource db = copy(DatabaseKind.POSTGRESQL, "reader-plan");
        Instant from = Instant.parse("2026-01-01T00:00:20Z");
        Map<String, AuditQuery> byIndex = Map.of(
                "audit_record_ts", AuditQuery.builder().from(from).to(from.plusSeconds(60)).build(),
                "audit_record_type_ts", AuditQuery.builder().types(EventType.USER_LOCK).from(from).build(),
                "audit_record_actor_ts", AuditQuery.builder().actor("A123456").from(from).build());
        try (Connection c = db.getConnection(); Statement settings = c.createStatement()) {
            // a table this small is read whole by the planner: show that the indexes can serve
            settings.execute("SET enable_seqscan = off");
            for (Map.Entry<String, AuditQuery> entry : byIndex.entrySet()) {
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + JdbcAuditReader.sql(entry.getValue()))) {
                    int i = 1;
                    explain.setObject(i++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                    AuditQuery query = entry.getValue();
                    if (query.to().isPresent()) {
                        explain.setObject(i++, OffsetDateTime.ofInstant(query.to().get(), ZoneOffset.UTC));
                    }
                    for (String type : query.types()) {
                        explain.setString(i++, type);
                    }
                    if (query.actor().isPresent()) {
                        explain.setString(i, query.actor().get());
                    }
                    try (ResultSet rs = explain.executeQuery()) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                }
                assertThat(plan.toString()).as(entry.getValue().toString()).contains(entry.getKey())
                        .doesNotContain("Seq Scan");
            }
        }
    }

    private static List<String> lines(AuditReader reader, AuditQuery query) {
        try (Stream<StoredRecord> records = reader.stream(query)) {
            return records.map(StoredRecord::line).toList();
        }
    }
}
