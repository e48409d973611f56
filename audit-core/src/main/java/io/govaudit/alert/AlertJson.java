package io.govaudit.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of an alert that {@link WebhookAlertListener} posts (docs/operations.md, Alerts):
 *
 * <pre>{@code
 * {"schema":"govaudit.alert/1","kind":"RECORDING_STOPPED","severity":"ERROR","chain":"node-1",
 *  "time":"2026-06-01T00:00:00Z","message":"...","details":{"not_recorded":0,...}}
 * }</pre>
 *
 * <p>{@code details} are the alert's facts, sorted by name: numbers and booleans as such,
 * everything else as a string. Thread-safe: stateless.
 */
final class AlertJson {

    static final String SCHEMA = "govaudit.alert/1";
    private static final JsonFactory JSON = new JsonFactory();

    private AlertJson() {
    }

    static byte[] encode(AuditAlert alert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("schema", SCHEMA);
            json.writeStringField("kind", alert.kind().name());
            json.writeStringField("severity", alert.kind().severity().name());
            json.writeStringField("chain", alert.chain());
            json.writeStringField("time", alert.time().toString());
            json.writeStringField("message", alert.message());
            json.writeObjectFieldStart("details");
            for (Map.Entry<String, Object> fact : new TreeMap<>(alert.facts()).entrySet()) {
                json.writeFieldName(fact.getKey());
                value(json, fact.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static void value(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            json.writeNumber(big);
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                json.writeNumber(d);
            } else {
                json.writeString(Double.toString(d));
            }
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value.toString());
        }
    }
}
