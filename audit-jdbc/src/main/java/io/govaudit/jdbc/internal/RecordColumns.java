package io.govaudit.jdbc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * The indexed copies of a record's members that the {@code audit_record} table keeps beside the
 * record's text (docs/format.md sections 1-2). The writer fills the columns from here, and the verifier
 * compares them with the record it reads back ({@code COLUMN_MISMATCH}).
 *
 * @param seq       {@code seq}
 * @param ts        {@code ts}, the exact text of the record
 * @param type      {@code type}
 * @param outcome   {@code outcome}
 * @param actorId   {@code actor.id}, or null
 * @param subjectId {@code subject.id}, or null
 * @param clientIp  {@code where.ip}, or null
 * @param host      {@code where.host}, or null
 * @param hash      {@code hash}
 */
public record RecordColumns(long seq, String ts, String type, String outcome, String actorId, String subjectId,
        String clientIp, String host, String hash) {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(4 << 20).build())
            .build();

    /** @return {@link #ts} as an instant */
    public Instant instant() {
        return Instant.parse(ts);
    }

    /**
     * Reads the columns from a record line.
     *
     * @param line   the buffer
     * @param offset where the line starts
     * @param length its length, without the {@code \n}
     * @return the columns
     * @throws IOException if the line is not a record (a member missing or of the wrong kind)
     */
    public static RecordColumns read(byte[] line, int offset, int length) throws IOException {
        long seq = -1;
        String ts = null;
        String type = null;
        String outcome = null;
        String actorId = null;
        String subjectId = null;
        String clientIp = null;
        String host = null;
        String hash = null;
        try (JsonParser parser = JSON.createParser(line, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("record is not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "ts" -> ts = text(parser, value);
                    case "type" -> type = text(parser, value);
                    case "outcome" -> outcome = text(parser, value);
                    case "hash" -> hash = text(parser, value);
                    case "actor" -> actorId = member(parser, value, "id", null);
                    case "subject" -> subjectId = member(parser, value, "id", null);
                    case "where" -> {
                        String[] ipHost = new String[2];
                        member(parser, value, "ip", ipHost);
                        clientIp = ipHost[0];
                        host = ipHost[1];
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("record is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (seq < 1 || ts == null || type == null || outcome == null || hash == null) {
            throw new IOException("record lacks seq, ts, type, outcome or hash");
        }
        return new RecordColumns(seq, ts, type, outcome, actorId, subjectId, clientIp, host, hash);
    }

    /**
     * Reads a record line given as a string (a row's {@code record_json}).
     *
     * @param line the record text
     * @return the columns
     * @throws IOException if it is not a record
     */
    public static RecordColumns read(String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return read(bytes, 0, bytes.length);
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            return null;
        }
        return columnText(parser.getText());
    }

    /**
     * A member's value as its column holds it: U+0000, which a record escapes but PostgreSQL
     * text cannot hold, becomes U+FFFD. The writer and the verifier both read columns through
     * here, so they agree; the record text keeps the exact value.
     *
     * @param value the decoded member value
     * @return the column value
     */
    static String columnText(String value) {
        return value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    /**
     * Reads one string member of an object value: {@code id}, or with {@code ipHost} given,
     * {@code ip} into [0] and {@code host} into [1].
     */
    private static String member(JsonParser parser, JsonToken value, String wanted, String[] ipHost)
            throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String found = null;
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken member = parser.nextToken();
            if (ipHost != null && (name.equals("ip") || name.equals("host"))) {
                ipHost[name.equals("ip") ? 0 : 1] = text(parser, member);
            } else if (ipHost == null && name.equals(wanted)) {
                found = text(parser, member);
            } else {
                parser.skipChildren();
            }
        }
        return found;
    }

    /**
     * Names the first column that differs from {@code stored}, or returns null if all agree.
     *
     * @param stored the columns as read from the row
     * @return the name of the column that disagrees, or null
     */
    public String firstDifference(RecordColumns stored) {
        if (seq != stored.seq) {
            return "seq";
        }
        if (!Objects.equals(ts, stored.ts) && !Objects.equals(instant(), stored.instant())) {
            return "ts"; // equal texts are equal instants: the two parses only when the texts differ
        }
        if (!Objects.equals(type, stored.type)) {
            return "event_type";
        }
        if (!Objects.equals(outcome, stored.outcome)) {
            return "outcome";
        }
        if (!Objects.equals(actorId, stored.actorId)) {
            return "actor_id";
        }
        if (!Objects.equals(subjectId, stored.subjectId)) {
            return "subject_id";
        }
        if (!Objects.equals(clientIp, stored.clientIp)) {
            return "client_ip";
        }
        if (!Objects.equals(host, stored.host)) {
            return "host";
        }
        return Objects.equals(hash, stored.hash) ? null : "hash";
    }
}
