package io.govaudit.examples.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.query.StoredRecord;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One row of the audit page, from a stored record: the time in Asia/Taipei and in UTC, the type
 * code (the page adds its label), actor, subject, client address, operation and the detail as
 * stored. Every value is shown with {@code th:text}: a record's content is never markup.
 *
 * @param chain   the chain id
 * @param seq     the record's seq
 * @param taipei  the time in Asia/Taipei
 * @param utc     the time in UTC
 * @param type    the event type code
 * @param outcome {@code SUCCESS} or {@code FAILURE}
 * @param actor   the actor id
 * @param subject {@code kind/id}, or empty
 * @param ip      the client's address, or empty
 * @param op      {@code where.op}, or empty
 * @param detail  the detail object as JSON, or empty
 */
record AuditRow(String chain, long seq, String taipei, String utc, String type, String outcome, String actor,
        String subject, String ip, String op, String detail) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static AuditRow of(StoredRecord record) {
        JsonNode line = parse(record.line());
        String subject = record.subjectKind() == null ? "" : record.subjectKind() + "/" + record.subjectId();
        JsonNode detail = line.path("detail");
        return new AuditRow(record.chain(), record.seq(), TIME.format(record.ts().atZone(AuditFilter.TAIPEI)),
                TIME.format(record.ts().atZone(ZoneOffset.UTC)), record.type(), record.outcome(),
                record.actorId(), subject, record.ip() == null ? "" : record.ip(), line.path("where").path("op").asText(""),
                detail.isMissingNode() ? "" : detail.toString());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            // the reader has checked the line against its hash: this does not happen
            throw new IllegalStateException("stored record is not JSON", e);
        }
    }
}
