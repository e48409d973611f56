package io.govaudit.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.Location;
import io.govaudit.PersonalDataMasking;
import io.govaudit.Subject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The body {@link BodyEncoder} writes without a Jackson generator is byte for byte the body the
 * Jackson generator wrote before (the record format must not change, issue 17): random events
 * with every optional member, lists, every kind of number, hostile and non-ASCII text, lone
 * surrogates and text that masking rewrites, against the former generator code kept here as the
 * reference.
 */
class BodyEncoderBytesTest {

    private static final SessionHasher SESSIONS = new SessionHasher(new byte[32]);
    private static final PersonalData PERSONAL = PersonalData.of(PersonalDataMasking.defaults(), SESSIONS);
    private static final String[] PIECES = {"a", "Jane", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u007f",
        "\u0085", "\u2028", "中文", "é", "😀", "\ud800", "\udc00", "0912-345-678", "A123456789", "x@example.org",
        "password=hunter2", "4111 1111 1111 1111", "PUT /cases/1130012345", "{}", "[]", ":", ","};

    @Test
    void encode_randomEvents_equalsTheJacksonEncoding() throws IOException {
        BodyEncoder encoder = new BodyEncoder(64 * 1024, SESSIONS, PersonalDataMasking.defaults());
        Random random = new Random(12);
        for (int i = 0; i < 3_000; i++) {
            AuditEvent event = event(random);
            String system = "system-" + text(random);
            String host = random.nextBoolean() ? "host" : null;
            Location where = event.where().withDefaults(system, host);
            byte[] ours = encoder.encode(event, where);
            byte[] reference = reference(event, where);
            assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(new String(reference, StandardCharsets.UTF_8));
            assertThat(ours).isEqualTo(reference);
            // the trail's path: the event's own location, its defaults applied while encoding
            assertThat(encoder.encode(event, system, host)).isEqualTo(reference);
        }
    }

    /**
     * Each thread reuses one encoding state for every encoder: two encoders with different masking
     * and limits, used in turn on one thread, give each event the bytes it gets alone on a thread
     * that never encoded before.
     */
    @Test
    void encode_twoEncodersInTurnOnOneThread_equalEachEventEncodedOnAFreshThread() throws Exception {
        BodyEncoder masking = new BodyEncoder(64 * 1024, SESSIONS, PersonalDataMasking.defaults());
        BodyEncoder plain = new BodyEncoder(16 * 1024, SESSIONS, PersonalDataMasking.builder().rules().build());
        Random random = new Random(34);
        for (int i = 0; i < 200; i++) {
            BodyEncoder encoder = i % 2 == 0 ? masking : plain;
            AuditEvent event = event(random);
            Location where = event.where().withDefaults("system", "host");
            byte[] reused = encoder.encode(event, where);
            byte[][] fresh = new byte[1][];
            Thread thread = new Thread(() -> fresh[0] = encoder.encode(event, where));
            thread.start();
            thread.join();
            assertThat(reused).as("event %d", i).isEqualTo(fresh[0]);
        }
    }

    private static AuditEvent event(Random random) {
        Actor.Builder actor = Actor.builder("id-" + text(random));
        if (random.nextBoolean()) {
            actor.name(text(random));
        }
        if (random.nextBoolean()) {
            actor.roles("ADMIN", "r-" + text(random));
        }
        actor.admin(random.nextBoolean());
        if (random.nextInt(4) == 0) {
            actor.session("session-" + random.nextInt());
        }
        AuditEvent.Builder event = AuditEvent.adminAction(actor.build(), "op-" + text(random));
        if (random.nextBoolean()) {
            event.subject(random.nextBoolean() ? Subject.user("u-" + text(random)) : Subject.of("DATA", "d-" + text(random)));
        }
        Location where = random.nextInt(4) == 0 // an event naming its own system (and host), which the trail's do not replace
                ? new Location("own-" + text(random), random.nextBoolean() ? "own-host" : null, null, null, null, null)
                : Location.defaults();
        if (random.nextBoolean()) {
            where = where.withIp("10.0.0." + random.nextInt(255));
        }
        if (random.nextBoolean()) {
            where = where.withUa(text(random));
        }
        if (random.nextBoolean()) {
            where = where.withNode("node-" + random.nextInt(9));
        }
        event.where(where);
        int details = random.nextInt(6);
        for (int d = 0; d < details; d++) {
            event.detail("k" + d, value(random));
        }
        if (random.nextBoolean()) {
            event.reason(text(random));
        }
        return event.build();
    }

    private static Object value(Random random) {
        switch (random.nextInt(9)) {
            case 0: return random.nextLong();
            case 1: return random.nextInt();
            case 2: return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 3: return random.nextFloat();
            case 4: return new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(20) - 10);
            case 5: return new BigInteger(100, random);
            case 6: return random.nextBoolean();
            case 7: return List.of(text(random), random.nextInt(), text(random));
            default: return text(random);
        }
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = 1 + random.nextInt(5);
        for (int p = 0; p < pieces; p++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    // ---- the former encoding, through the Jackson generator ----

    private static byte[] reference(AuditEvent event, Location where) throws IOException {
        int lone = 0;
        for (String s : strings(event, where)) {
            lone += BodyEncoder.countLoneSurrogates(s);
        }
        boolean replace = lone > 0;
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator json = RecordFormat.jsonFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("type", event.type().code());
            json.writeStringField("outcome", event.outcome().name());
            Actor actor = event.actor();
            json.writeObjectFieldStart("actor");
            json.writeStringField("id", clean(actor.id(), replace));
            text(json, "name", actor.name(), replace);
            if (!actor.roles().isEmpty()) {
                json.writeArrayFieldStart("roles");
                for (String role : actor.roles()) {
                    json.writeString(clean(role, replace));
                }
                json.writeEndArray();
            }
            if (actor.admin()) {
                json.writeBooleanField("admin", true);
            }
            if (actor.rawSession() != null) {
                json.writeStringField("session", SESSIONS.hash(actor.rawSession()));
            }
            json.writeEndObject();
            if (event.subject() != null) {
                json.writeObjectFieldStart("subject");
                json.writeStringField("kind", event.subject().kind());
                json.writeStringField("id", clean(event.subject().id(), replace));
                text(json, "name", event.subject().name(), replace);
                json.writeEndObject();
            }
            json.writeObjectFieldStart("where");
            json.writeStringField("system", clean(where.system(), replace));
            if (where.host() != null) {
                json.writeStringField("host", clean(where.host(), replace));
            }
            if (where.node() != null) {
                json.writeStringField("node", clean(where.node(), replace));
            }
            if (where.ip() != null) {
                json.writeStringField("ip", clean(where.ip(), replace));
            }
            text(json, "op", where.op(), replace);
            text(json, "ua", where.ua(), replace);
            json.writeEndObject();
            if (!event.detail().isEmpty() || lone > 0) {
                json.writeObjectFieldStart("detail");
                for (Map.Entry<String, Object> entry : event.detail().entrySet()) {
                    json.writeFieldName(entry.getKey());
                    if (entry.getValue() instanceof List<?>) {
                        json.writeStartArray();
                        for (Object item : (List<?>) entry.getValue()) {
                            scalar(json, item, replace);
                        }
                        json.writeEndArray();
                    } else {
                        scalar(json, entry.getValue(), replace);
                    }
                }
                if (lone > 0) {
                    json.writeNumberField(RecordFormat.REPLACED_SURROGATES, lone);
                }
                json.writeEndObject();
            }
            text(json, "reason", event.reason(), replace);
            json.writeEndObject();
        }
        byte[] object = bytes.toByteArray();
        byte[] body = new byte[object.length - 2];
        System.arraycopy(object, 1, body, 0, body.length);
        return body;
    }

    private static List<String> strings(AuditEvent event, Location where) {
        List<String> all = new ArrayList<>();
        Actor actor = event.actor();
        all.add(actor.id());
        all.add(actor.name());
        all.addAll(actor.roles());
        all.add(actor.rawSession());
        if (event.subject() != null) {
            all.add(event.subject().id());
            all.add(event.subject().name());
        }
        all.add(where.system());
        all.add(where.host());
        all.add(where.node());
        all.add(where.ip());
        all.add(where.op());
        all.add(where.ua());
        for (Object value : event.detail().values()) {
            if (value instanceof List<?>) {
                for (Object item : (List<?>) value) {
                    all.add(item instanceof String ? (String) item : null);
                }
            } else {
                all.add(value instanceof String ? (String) value : null);
            }
        }
        all.add(event.reason());
        all.removeIf(s -> s == null);
        return all;
    }

    private static String clean(String value, boolean replace) {
        return Secrets.mask(replace ? BodyEncoder.replaceLoneSurrogates(value) : value);
    }

    private static void text(JsonGenerator json, String name, String value, boolean replace) throws IOException {
        if (value != null) {
            json.writeStringField(name, PERSONAL.mask(clean(value, replace)));
        }
    }

    private static void scalar(JsonGenerator json, Object value, boolean replace) throws IOException {
        if (value instanceof String) {
            json.writeString(PERSONAL.mask(clean((String) value, replace)));
        } else if (value instanceof Boolean) {
            json.writeBoolean((Boolean) value);
        } else if (value instanceof BigDecimal) {
            json.writeNumber((BigDecimal) value);
        } else if (value instanceof BigInteger) {
            json.writeNumber((BigInteger) value);
        } else if (value instanceof Double || value instanceof Float) {
            json.writeNumber(((Number) value).doubleValue());
        } else {
            json.writeNumber(((Number) value).longValue());
        }
    }
}
