package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.testing.Segments;
import io.govaudit.testing.VerificationAssert;
import io.govaudit.verify.AuditVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records every required event type through its typed factory and reads the stored line back
 * with an independent JSON parser and digest (docs/format.md sections 1-2, 4).
 */
class EventRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MEMBER_ORDER = List.of("v", "chain", "seq", "ts", "type", "outcome",
            "actor", "subject", "where", "detail", "reason", "prev", "hash");
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456789Z");

    @TempDir
    Path store;

    private final Actor admin = Actor.builder("A123456").name("Chen Mei-Ling").roles("ADMIN", "AUDITOR")
            .admin(true).session("JSESSIONID-raw-0001").build();

    private AuditTrail open() {
        return AuditTrail.builder().directory(store).chainId("node-1").system("permit-portal").host("host-a")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    private Map<EventType, AuditEvent> oneEventPerRequiredType() {
        Map<EventType, AuditEvent> events = new LinkedHashMap<>();
        events.put(EventType.LOGIN, AuditEvent.login(admin).where(Location.defaults().withIp("10.1.2.3")).build());
        events.put(EventType.LOGIN_FAILURE, AuditEvent.loginFailure(admin, "bad credentials").build());
        events.put(EventType.LOGOUT, AuditEvent.logout(admin).build());
        events.put(EventType.PASSWORD_CHANGE, AuditEvent.passwordChange(admin).build());
        events.put(EventType.USER_PASSWORD_RESET, AuditEvent.userPasswordReset(admin, "u-1").build());
        events.put(EventType.USER_LOCK, AuditEvent.userLock(admin, "u-2").build());
        events.put(EventType.USER_UNLOCK, AuditEvent.userUnlock(admin, "u-3").build());
        events.put(EventType.PERMISSION_CHANGE,
                AuditEvent.permissionChange(admin, "u-4", List.of("REPORTS"), List.of("ADMIN")).build());
        events.put(EventType.USER_CREATE, AuditEvent.userCreate(admin, "u-5").build());
        events.put(EventType.USER_DELETE, AuditEvent.userDelete(admin, "u-6").build());
        events.put(EventType.CONFIG_CHANGE, AuditEvent.configChange(admin, "session.timeout", "15m", "30m").build());
        events.put(EventType.SENSITIVE_ACCESS, AuditEvent.sensitiveAccess(admin, "CITIZEN", "R-77",
                List.of("name", "address"), "case review 2026-118").build());
        events.put(EventType.ADMIN_ACTION, AuditEvent.adminAction(admin, "POST /admin/reports/export")
                .where(Location.defaults().withUa("Mozilla/5.0").withNode("n2")).build());
        return events;
    }

    @Test
    void record_everyRequiredType_roundTripsInFixedMemberOrderWithValidChain() throws Exception {
        Map<EventType, AuditEvent> events = oneEventPerRequiredType();
        assertThat(events.keySet()).containsExactlyInAnyOrderElementsOf(EventType.required());
        Map<EventType, Long> seqs = new LinkedHashMap<>();
        try (AuditTrail trail = open()) {
            events.forEach((type, event) -> seqs.put(type, trail.record(event).seq().orElseThrow()));
        }

        List<String> lines = Segments.allLines(store.resolve("node-1"));
        String prev = "0".repeat(64);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            JsonNode record = JSON.readTree(line);
            assertMemberOrder(record);
            assertThat(record.get("v").asInt()).isEqualTo(2);
            assertThat(record.get("chain").asText()).isEqualTo("node-1");
            assertThat(record.get("seq").asLong()).isEqualTo(i + 1);
            assertThat(record.get("ts").asText()).isEqualTo("2026-03-04T05:06:07.123456Z");
            assertThat(record.get("prev").asText()).isEqualTo(prev);
            assertThat(record.get("hash").asText()).isEqualTo(sha256OfPrefix(line));
            prev = record.get("hash").asText();
        }
        for (Map.Entry<EventType, AuditEvent> entry : events.entrySet()) {
            JsonNode record = JSON.readTree(lines.get((int) (seqs.get(entry.getKey()) - 1)));
            assertRoundTrip(record, entry.getValue());
        }
        VerificationAssert.assertThat(AuditVerifier.forDirectory(store).verify()).isIntact().hasNoProblems();
    }

    private static void assertMemberOrder(JsonNode record) {
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        List<String> expected = new ArrayList<>(MEMBER_ORDER);
        expected.retainAll(names);
        assertThat(names).as("members of %s", record).containsExactlyElementsOf(expected)
                .contains("v", "chain", "seq", "ts", "type", "outcome", "actor", "where", "prev", "hash");
        assertThat(names.get(names.size() - 1)).isEqualTo("hash");
    }

    private void assertRoundTrip(JsonNode record, AuditEvent event) {
        assertThat(record.get("type").asText()).isEqualTo(event.type().code());
        assertThat(record.get("outcome").asText()).isEqualTo(event.outcome().name());
        JsonNode actor = record.get("actor");
        assertThat(actor.get("id").asText()).isEqualTo("A123456");
        assertThat(actor.get("name").asText()).isEqualTo("Chen Mei-Ling");
        assertThat(actor.get("roles")).extracting(JsonNode::asText).containsExactly("ADMIN", "AUDITOR");
        assertThat(actor.get("admin").asBoolean()).isTrue();
        String session = actor.get("session").asText();
        assertThat(session).matches("[0-9a-f]{32}").doesNotContain("JSESSIONID");
        if (event.subject() == null) {
            assertThat(record.has("subject")).isFalse();
        } else {
            assertThat(record.get("subject").get("kind").asText()).isEqualTo(event.subject().kind());
            assertThat(record.get("subject").get("id").asText()).isEqualTo(event.subject().id());
        }
        JsonNode where = record.get("where");
        assertThat(where.get("system").asText()).isEqualTo("permit-portal");
        assertThat(where.get("host").asText()).isEqualTo("host-a");
        assertOptional(where, "ip", event.where().ip());
        assertOptional(where, "op", event.where().op());
        assertOptional(where, "ua", event.where().ua());
        assertOptional(where, "node", event.where().node());
        assertOptional(record, "reason", event.reason());
        if (event.detail().isEmpty()) {
            assertThat(record.has("detail")).isFalse();
        } else {
            assertThat(JSON.convertValue(record.get("detail"), new TypeReference<Map<String, Object>>() { })).isEqualTo(event.detail());
        }
    }

    private static void assertOptional(JsonNode parent, String member, String expected) {
        if (expected == null) {
            assertThat(parent.has(member)).as(member).isFalse();
        } else {
            assertThat(parent.get(member).asText()).as(member).isEqualTo(expected);
        }
    }

    @Test
    void record_timestamp_hasSixFractionDigitsEvenWhenZeroAndEndsInZ() throws Exception {
        Instant whole = Instant.parse("2026-12-31T23:59:59Z");
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c").system("s").host("h")
                .clock(Clock.fixed(whole, ZoneOffset.UTC)).build()) {
            trail.record(AuditEvent.login(admin).build());
        }

        for (String line : Segments.allLines(store.resolve("c"))) {
            assertThat(JSON.readTree(line).get("ts").asText()).isEqualTo("2026-12-31T23:59:59.000000Z");
        }
    }

    @Test
    void record_sameSessionTwice_writesSameKeyedHashNotTheRawId() throws Exception {
        Actor other = Actor.builder("B7").session("JSESSIONID-raw-0002").build();
        try (AuditTrail trail = open()) {
            trail.record(AuditEvent.login(admin).build());
            trail.record(AuditEvent.logout(admin).build());
            trail.record(AuditEvent.login(other).build());
        }

        List<String> lines = Segments.allLines(store.resolve("node-1"));
        String first = JSON.readTree(lines.get(2)).get("actor").get("session").asText();
        String second = JSON.readTree(lines.get(3)).get("actor").get("session").asText();
        String third = JSON.readTree(lines.get(4)).get("actor").get("session").asText();
        assertThat(second).isEqualTo(first);
        assertThat(third).isNotEqualTo(first);
        String plain = sha256Hex("JSESSIONID-raw-0001".getBytes(StandardCharsets.UTF_8));
        assertThat(plain).doesNotStartWith(first);
        assertThat(String.join("\n", lines)).doesNotContain("JSESSIONID");
    }

    @Test
    void record_auditLogRead_isRecordedByApplications() throws Exception {
        try (AuditTrail trail = open()) {
            trail.record(AuditEvent.auditLogRead(admin, "/var/lib/app/audit", "export").detail("rows", 12).build());
        }

        JsonNode record = JSON.readTree(Segments.allLines(store.resolve("node-1")).get(2));
        assertThat(record.get("type").asText()).isEqualTo("AUDIT_LOG_READ");
        assertThat(record.get("subject").get("kind").asText()).isEqualTo("AUDIT_LOG");
        assertThat(record.get("subject").get("id").asText()).isEqualTo("/var/lib/app/audit");
        assertThat(record.get("detail").get("action").asText()).isEqualTo("export");
        assertThat(EventType.AUDIT_LOG_READ.isLibraryType()).isFalse();
        assertThat(EventType.RETENTION_PURGE.isLibraryType()).isTrue();
    }

    @Test
    void record_accessDenied_isAFailureWithTheOperation() throws Exception {
        Actor clerk = Actor.builder("clerk-7").roles(List.of("ROLE_CLERK")).build();
        try (AuditTrail trail = open()) {
            trail.record(AuditEvent.accessDenied(clerk, "POST /api/settings/{key}").build());
        }

        JsonNode record = JSON.readTree(Segments.allLines(store.resolve("node-1")).get(2));
        assertThat(record.get("type").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(record.get("outcome").asText()).isEqualTo("FAILURE");
        assertThat(record.get("where").get("op").asText()).isEqualTo("POST /api/settings/{key}");
        assertThat(record.get("actor").get("id").asText()).isEqualTo("clerk-7");
        assertThat(EventType.ACCESS_DENIED.isLibraryType()).isFalse();
        assertThatThrownBy(() -> AuditEvent.accessDenied(clerk, " "))
                .isInstanceOfSatisfying(AuditRecordRejectedException.class,
                        e -> assertThat(e.member()).isEqualTo("where.op"));
    }

    @Test
    void record_applicationDefinedUpperSnakeType_isRecorded() throws Exception {
        EventType export = EventType.of("REPORT_EXPORT_2");
        try (AuditTrail trail = open()) {
            trail.record(AuditEvent.of(export, admin).detail("rows", 120).build());
        }

        JsonNode record = JSON.readTree(Segments.allLines(store.resolve("node-1")).get(2));
        assertThat(record.get("type").asText()).isEqualTo("REPORT_EXPORT_2");
        assertThat(export.isLibraryType()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "report_export", "Report", "1ABC", "_ABC", "A-B", "A B", "ÄBC", "LOGIN\n",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void eventTypeOf_notUpperSnakeCase_isRejectedNamingType(String code) {
        assertThatThrownBy(() -> EventType.of(code)).isInstanceOfSatisfying(AuditRecordRejectedException.class,
                e -> assertThat(e.member()).isEqualTo("type"));
    }

    @Test
    void of_libraryType_isRejectedWhenBuiltAndNothingWritten() throws Exception {
        try (AuditTrail trail = open()) {
            byte[] before = Segments.bytes(Segments.list(store.resolve("node-1")).get(0));
            for (String code : List.of("CHAIN_START", "TRAIL_START", "TRAIL_STOP", "CHECKPOINT", "RECOVERY",
                    "RECORDS_LOST", "RETENTION_PURGE", "CAPACITY_WARNING", "RECORDING_STOPPED", "RECORDING_RESUMED",
                    "KEY_ROTATION", "CLOCK_ANOMALY", "CLOCK_CHECK")) {
                // refused by the factory itself, before any trail sees it
                assertThatThrownBy(() -> AuditEvent.of(EventType.of(code), admin))
                        .isInstanceOfSatisfying(AuditRecordRejectedException.class,
                                e -> assertThat(e.member()).isEqualTo("type"))
                        .hasMessageContaining("written only by the library");
            }
            assertThatCode(() -> trail.record(AuditEvent.of(EventType.AUDIT_LOG_READ, admin).build()))
                    .doesNotThrowAnyException();
            before = Segments.bytes(Segments.list(store.resolve("node-1")).get(0));
            trail.flush();
            assertThat(Segments.bytes(Segments.list(store.resolve("node-1")).get(0))).isEqualTo(before);
        }
    }

    /** Recomputes the hash as docs/format.md sections 1-2 defines it, without the library's code. */
    static String sha256OfPrefix(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        String suffixOpen = ",\"hash\":\"";
        assertThat(line).endsWith("\"}");
        int hashOpen = line.length() - (suffixOpen.length() + 64 + 2);
        assertThat(line.substring(hashOpen)).startsWith(suffixOpen);
        int prefixBytes = line.substring(0, hashOpen).getBytes(StandardCharsets.UTF_8).length;
        byte[] prefix = java.util.Arrays.copyOf(bytes, prefixBytes);
        return sha256Hex(prefix);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
