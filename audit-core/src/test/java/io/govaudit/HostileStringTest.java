package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.testing.Segments;
import io.govaudit.testing.VerificationAssert;
import io.govaudit.verify.AuditVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log injection defence (docs/format.md sections 1-2): whatever a caller puts in a string member, one
 * record stays one line of valid UTF-8 JSON, the value reads back as given (lone surrogates as
 * U+FFFD, counted in {@code detail._replaced_surrogates}), and the chain verifies. {@code where.ip}
 * is the exception: it must be an address literal, so hostile text there is rejected
 * ({@link BadInputTest}) and this test gives it a fixed address.
 */
class HostileStringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IP = "2001:db8::7";

    private static final List<String> HOSTILE = List.of(
            "\r", "\n", "\r\n", "\n\r", "\u2028", "\u2029", "\u0000", "\u0001", "\u0008", "\t", "\u000b", "\u000c",
            "\u001b[31mred", "\u001f", "\u007f", "\u0080", "\u0085", "\u009b", "\u009f",
            "\ud800", "\udfff", "\udc00\ud800", "x\ud83dy", "\ud83d\ude00", "\ud83d\udc69\u200d\ud83d\udcbb",
            "\"", "\\", "\\\"", "\\u000a", "'", "\",\"hash\":\"00", "\"},\"prev\":\"" + "0".repeat(40),
            "\"}\n{\"v\":1,\"chain\":\"c1\",\"seq\":99,", "</script><script>", "\ufeff", "\ufffd", "${jndi:ldap://x/a}",
            "%0d%0a", "\u00e9\u4e2d\u0416");

    @TempDir
    Path store;

    @Test
    void record_hostileStringInEveryStringMember_staysOneParseableLineAndRoundTrips() throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        for (String hostile : HOSTILE) {
            events.add(eventWithEverywhere("a" + hostile + "b"));
        }
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c1").system("sys").host("h")
                .build()) {
            for (AuditEvent event : events) {
                trail.record(event);
            }
        }

        Path segment = Segments.list(store.resolve("c1")).get(0);
        byte[] bytes = Segments.bytes(segment);
        assertLineSafe(bytes);
        List<String> lines = Segments.lines(segment);
        assertThat(lines).hasSize(events.size() + 3);
        for (int i = 0; i < events.size(); i++) {
            String given = "a" + HOSTILE.get(i) + "b";
            JsonNode record = JSON.readTree(lines.get(i + 2));
            assertRoundTrip(record, given, lines.get(i + 2));
        }
        VerificationAssert.assertThat(AuditVerifier.forDirectory(store).verify()).isIntact().hasNoProblems();
    }

    private static AuditEvent eventWithEverywhere(String s) {
        Actor actor = Actor.builder(s).name(s).roles(s).build();
        return AuditEvent.of(EventType.ADMIN_ACTION, actor).subject(new Subject("DATA", s, s))
                .where(new Location(s, s, s, IP, s, s)).detail("text", s).detail("list", List.of(s, s))
                .failure(s).build();
    }

    private static void assertLineSafe(byte[] bytes) throws Exception {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            assertThat(b < 0x20 && b != '\n').as("raw control byte 0x%02x at %d", b, i).isFalse();
            assertThat(b).as("raw DEL at %d", i).isNotEqualTo(0x7F);
            if (i + 1 < bytes.length) {
                int next = bytes[i + 1] & 0xFF;
                assertThat(b == 0xC2 && next >= 0x80 && next <= 0x9F).as("raw C1 control at %d", i).isFalse();
            }
            if (i + 2 < bytes.length && b == 0xE2 && (bytes[i + 1] & 0xFF) == 0x80) {
                int third = bytes[i + 2] & 0xFF;
                assertThat(third == 0xA8 || third == 0xA9).as("raw U+2028/2029 at %d", i).isFalse();
            }
        }
    }

    private static void assertRoundTrip(JsonNode record, String given, String line) {
        String expected = replaceLoneSurrogates(given);
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        assertThat(names).as(line).containsExactly("v", "chain", "seq", "ts", "type", "outcome", "actor", "subject",
                "where", "detail", "reason", "prev", "hash");
        assertThat(record.get("hash").asText()).isEqualTo(EventRoundTripTest.sha256OfPrefix(line));
        JsonNode actor = record.get("actor");
        assertThat(List.of(actor.get("id").asText(), actor.get("name").asText(), actor.get("roles").get(0).asText(),
                record.get("subject").get("id").asText(), record.get("subject").get("name").asText(),
                record.get("reason").asText(), record.get("detail").get("text").asText(),
                record.get("detail").get("list").get(1).asText()))
                .as(line).containsOnly(expected);
        JsonNode where = record.get("where");
        for (String member : List.of("system", "host", "node", "op", "ua")) {
            assertThat(where.get(member).asText()).as("where.%s of %s", member, line).isEqualTo(expected);
        }
        assertThat(where.get("ip").asText()).isEqualTo(IP);
        int lone = loneSurrogates(given);
        JsonNode replaced = record.get("detail").get("_replaced_surrogates");
        if (lone == 0) {
            assertThat(replaced).as(line).isNull();
        } else {
            assertThat(replaced.asInt()).as(line).isEqualTo(14 * lone);
        }
    }

    private static int loneSurrogates(String s) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                count++;
            }
        }
        return count;
    }

    private static String replaceLoneSurrogates(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return out.toString();
    }
}
