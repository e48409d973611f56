package io.govaudit.internal.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the scalar members of a record's {@code detail} object, for the few library records whose
 * detail the writer or verifier must understand ({@code RETENTION_PURGE}, {@code RECORDING_RESUMED},
 * {@code TRAIL_STOP}, {@code CHECKPOINT}, {@code KEY_ROTATION}). Only called for those records, so
 * the hot path never parses JSON fully.
 * Stateless and thread-safe.
 */
public final class DetailFields {

    private DetailFields() {
    }

    /**
     * Returns the detail's scalar members as text.
     *
     * @param line   the buffer
     * @param offset the line's start
     * @param length the line's length
     * @return the members, empty if there is no detail or the line is not JSON
     */
    public static Map<String, String> read(byte[] line, int offset, int length) {
        Map<String, String> detail = new HashMap<>();
        try (JsonParser parser = RecordFormat.jsonFactory().createParser(line, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return detail;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("detail") && value == JsonToken.START_OBJECT) {
                    readScalars(parser, detail);
                    return detail;
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            detail.clear();
        }
        return detail;
    }

    private static void readScalars(JsonParser parser, Map<String, String> into) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value.isScalarValue()) {
                into.put(name, parser.getText());
            } else {
                parser.skipChildren();
            }
        }
    }
}
