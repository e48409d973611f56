package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.PersonalDataMasking.Rule;
import io.govaudit.testing.Segments;
import io.govaudit.testing.VerificationAssert;
import io.govaudit.verify.AuditVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal data never reaches the file (issue 12): the issue's example recorded through a real
 * trail is stored masked in every free-text member, the identifiers meant to be stored
 * ({@code actor.id}, {@code subject.id}) are kept, {@code TRAIL_START} says which masking was in
 * force, and the chain verifies intact. The rules themselves are tabled in
 * {@code internal.format.PersonalDataTest}.
 */
class PersonalDataMaskingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE =
            "申請人 A123456789 手機 0912-345-678 信箱 chen.meiling@example.gov.tw 卡號 4111 1111 1111 1111";
    private static final List<String> IDENTIFIERS = List.of("A123456789", "0912-345-678", "0912345678",
            "chen.meiling", "4111 1111 1111 1111", "4111111111111111");

    @TempDir
    Path store;

    @Test
    void record_issueExample_storesMaskedFormsOnly() throws Exception {
        Actor clerk = Actor.builder("emp-10442").name("陳美玲 0912-345-678").build();
        try (AuditTrail trail = open(PersonalDataMasking.defaults())) {
            trail.record(AuditEvent.sensitiveAccess(clerk, "CITIZEN", "R-77", List.of("name", EXAMPLE), EXAMPLE)
                    .subject(new Subject("CITIZEN", "R-77", "陳美玲 A123456789"))
                    .where(Location.defaults().withOp("GET /citizens/A123456789").withUa("app chen.meiling@example.gov.tw"))
                    .detail("note", EXAMPLE)
                    .reason(EXAMPLE)
                    .build());
            trail.record(AuditEvent.configChange(clerk, "contact.phone", "0912-345-678", "(02) 2345-6789").build());
        }
        String file = String.join("\n", Segments.allLines(store.resolve("c1")));
        for (String identifier : IDENTIFIERS) {
            assertThat(file).doesNotContain(identifier);
        }
        JsonNode event = record(3);
        String masked = "申請人 A12*****89 手機 09**-***-678 信箱 c***@example.gov.tw 卡號 **** **** **** 1111";
        assertThat(event.at("/detail/note").asText()).isEqualTo(masked);
        assertThat(event.at("/detail/purpose").asText()).isEqualTo(masked);
        assertThat(event.at("/detail/fields/1").asText()).isEqualTo(masked);
        assertThat(event.at("/reason").asText()).isEqualTo(masked);
        assertThat(event.at("/actor/name").asText()).isEqualTo("陳美玲 09**-***-678");
        assertThat(event.at("/subject/name").asText()).isEqualTo("陳美玲 A12*****89");
        assertThat(event.at("/where/op").asText()).isEqualTo("GET /citizens/A12*****89");
        assertThat(event.at("/where/ua").asText()).isEqualTo("app c***@example.gov.tw");
        assertThat(event.at("/actor/id").asText()).isEqualTo("emp-10442");
        assertThat(event.at("/subject/id").asText()).isEqualTo("R-77");
        JsonNode config = record(4);
        assertThat(config.at("/detail/old").asText()).isEqualTo("09**-***-678");
        assertThat(config.at("/detail/new").asText()).isEqualTo("(02) ****-**89");
        assertThat(record(2).at("/detail/masking").asText())
                .isEqualTo("TW_ID,TW_RESIDENT_ID,MOBILE,LANDLINE,EMAIL,CARD;custom=0;hash=off");
        VerificationAssert.assertThat(AuditVerifier.forDirectory(store).verify()).isIntact().hasNoProblems();
    }

    @Test
    void record_ids_areStoredAsGiven() throws Exception {
        // the agency's own choice: never a national ID as an id, but if it does, it is stored (documented)
        try (AuditTrail trail = open(PersonalDataMasking.defaults())) {
            trail.record(AuditEvent.userLock(Actor.builder("A123456789").build(), "F222222222").build());
        }
        JsonNode event = record(3);
        assertThat(event.at("/actor/id").asText()).isEqualTo("A123456789");
        assertThat(event.at("/subject/id").asText()).isEqualTo("F222222222");
    }

    @Test
    void record_rulesOffAndHashOn_isRecordedInTrailStartAndApplied() throws Exception {
        PersonalDataMasking masking = PersonalDataMasking.builder()
                .rules(Rule.TW_ID, Rule.EMAIL)
                .pattern("CASE_NO", Pattern.compile("案\\d{6}"))
                .keyedHash(true)
                .build();
        try (AuditTrail trail = open(masking)) {
            trail.record(AuditEvent.of(EventType.of("APP_NOTE"), Actor.builder("emp-1").build())
                    .detail("a", "A123456789 0912-345-678 案123456").build());
            trail.record(AuditEvent.of(EventType.of("APP_NOTE"), Actor.builder("emp-1").build())
                    .detail("a", "又是 a123456789").build());
        }
        assertThat(record(2).at("/detail/masking").asText()).isEqualTo("TW_ID,EMAIL;custom=1:CASE_NO;hash=on");
        String first = record(3).at("/detail/a").asText();
        assertThat(first).matches("A12\\*\\*\\*\\*\\*89#[0-9a-f]{8} 0912-345-678 \\*{7}#[0-9a-f]{8}");
        String second = record(4).at("/detail/a").asText();
        assertThat(second.substring(second.indexOf('#'))).as("same person, same hash")
                .isEqualTo(first.substring(first.indexOf('#'), first.indexOf(' ')));
        VerificationAssert.assertThat(AuditVerifier.forDirectory(store).verify()).isIntact();
    }

    @Test
    void build_nullMasking_isAConfigurationProblem() {
        assertThatThrownBy(() -> AuditTrail.builder().directory(store).chainId("c1").system("s")
                .personalDataMasking(null).build())
                .isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("personalDataMasking must not be null");
    }

    @Test
    void policyBuilder_rejectsBadPatternsAndRepeatedRules() {
        PersonalDataMasking.Builder builder = PersonalDataMasking.builder().rules(Rule.CARD);
        assertThatThrownBy(() -> builder.rules(Rule.EMAIL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[CARD]");
        assertThatThrownBy(() -> builder.pattern("EMPTY", Pattern.compile("x*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty string");
        assertThatThrownBy(() -> builder.pattern("bad name", Pattern.compile("x")))
                .isInstanceOf(IllegalArgumentException.class);
        builder.pattern("X", Pattern.compile("x"));
        assertThatThrownBy(() -> builder.pattern("X", Pattern.compile("y")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already set to x");
    }

    private AuditTrail open(PersonalDataMasking masking) {
        return AuditTrail.builder().directory(store).chainId("c1").system("permit-portal").host("h")
                .personalDataMasking(masking).build();
    }

    private JsonNode record(int seq) throws Exception {
        for (Path segment : Segments.list(store.resolve("c1"))) {
            for (String line : Files.readAllLines(segment, StandardCharsets.UTF_8)) {
                JsonNode node = JSON.readTree(line);
                if (node.get("seq").asLong() == seq) {
                    return node;
                }
            }
        }
        throw new AssertionError("no record " + seq);
    }
}
