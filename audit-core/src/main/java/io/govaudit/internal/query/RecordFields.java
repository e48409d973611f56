package io.govaudit.internal.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.govaudit.query.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads the members a query filters on from one stored line with a streaming parser: the
 * top-level {@code outcome}, {@code actor.id}, {@code subject.kind}, {@code subject.id} and
 * {@code where.ip}. Thread-safe (the factory is).
 */
public final class RecordFields {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private RecordFields() {
    }

    /**
     * Builds the stored record of a line whose chain members were already read.
     *
     * @param chain the chain
     * @param seq   the seq
     * @param ts    the time
     * @param type  the type code
     * @param line  the line's bytes (UTF-8, without the line feed)
     * @param from  its start in {@code line}
     * @param length its length
     * @return the record
     * @throws IOException if the line is not a JSON object
     */
    public static StoredRecord read(String chain, long seq, Instant ts, String type, byte[] line, int from,
            int length) throws IOException {
        String outcome = null;
        String actorId = null;
        String subjectKind = null;
        String subjectId = null;
        String ip = null;
        try (JsonParser p = JSON.createParser(line, from, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "outcome" -> outcome = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "actor" -> actorId = member(p, value, "id", null)[0];
                    case "subject" -> {
                        String[] kindAndId = member(p, value, "kind", "id");
                        subjectKind = kindAndId[0];
                        subjectId = kindAndId[1];
                    }
                    case "where" -> ip = member(p, value, "ip", null)[0];
                    default -> p.skipChildren();
                }
            }
        }
        return new StoredRecord(chain, seq, ts, type, outcome, actorId, subjectKind, subjectId, ip,
                new String(line, from, length, StandardCharsets.UTF_8));
    }

    /** The string values of up to two members of an object value; skips anything else. */
    private static String[] member(JsonParser p, JsonToken value, String first, String second) throws IOException {
        String[] found = new String[2];
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return found;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken inner = p.nextToken();
            if (inner == JsonToken.VALUE_STRING && name.equals(first)) {
                found[0] = p.getText();
            } else if (inner == JsonToken.VALUE_STRING && name.equals(second)) {
                found[1] = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return found;
    }
}
