package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.testing.Segments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets never reach the file: configuration changes of secret-looking keys and secret-looking
 * detail members are masked by the word rule documented on {@link AuditEvent}, and session ids
 * are written only as keyed hashes.
 */
class SecretMaskingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    private final Actor admin = Actor.builder("A1").session("SESSION-RAW-7f3a9c").build();

    @ParameterizedTest
    @ValueSource(strings = {"db.password", "DB_PASSWORD", "spring.datasource.password", "smtp.passwd", "ldap.pwd",
            "oauth.clientSecret", "client-secret", "api_key", "apiKey", "APIKey", "privateKey", "jwt.signing-key",
            "auth.token", "accessToken", "oauth2Token", "service.credentials", "aws.credential", "dbpassword",
            "clientsecret", "apikey", "secrets.store", "api.keys", "Key"})
    void looksSecret_secretWords_isTrue(String key) {
        assertThat(AuditEvent.looksSecret(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"session.timeout", "monkey.count", "keyboard.layout", "hotkey", "turkey", "donkey_id",
            "tokenizer.mode", "secretary.name", "passwordless", "keystore.path", "max.login.attempts", "mode"})
    void looksSecret_wordsThatOnlyContainASecretWord_isFalse(String key) {
        assertThat(AuditEvent.looksSecret(key)).isFalse();
    }

    @Test
    void configChange_secretLookingKey_masksOldAndNewButKeepsTheKey() {
        AuditEvent event = AuditEvent.configChange(admin, "db.password", "hunter2", "correct horse").build();

        assertThat(event.detail()).containsEntry("key", "db.password").containsEntry("old", AuditEvent.MASKED)
                .containsEntry("new", AuditEvent.MASKED);
        assertThat(event.subject().id()).isEqualTo("db.password");
    }

    @Test
    void configChange_ordinaryKeysIncludingOnesContainingKey_keepValues() {
        for (String key : List.of("session.timeout", "monkey.count", "keyboard.layout")) {
            AuditEvent event = AuditEvent.configChange(admin, key, "15m", "30m").build();
            assertThat(event.detail()).as(key).containsEntry("key", key).containsEntry("old", "15m")
                    .containsEntry("new", "30m");
        }
    }

    @Test
    void detail_memberNamedKey_isKeptBecauseItHoldsAName() {
        AuditEvent event = AuditEvent.login(admin).detail("key", "session.timeout").detail("monkey", "banana")
                .detail("api_key", "sk-live-123").detail("privateKey", "-----BEGIN").build();

        assertThat(event.detail()).containsEntry("key", "session.timeout").containsEntry("monkey", "banana")
                .containsEntry("api_key", AuditEvent.MASKED).containsEntry("privateKey", AuditEvent.MASKED);
    }

    @Test
    void record_secretsAndSession_neverAppearInTheFileBytes() throws Exception {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c1").system("s").build()) {
            trail.record(AuditEvent.configChange(admin, "db.password", "hunter2", "correct horse").build());
            trail.record(AuditEvent.configChange(admin, "oauth.clientSecret", "cs-old-999", "cs-new-999").build());
            trail.record(AuditEvent.configChange(admin, "session.timeout", "15m", "30m").build());
            trail.record(AuditEvent.login(admin).detail("apiKey", "sk-live-123").detail("accessToken", "eyJhbGci")
                    .detail("user.password", List.of("pw-in-list")).build());
        }

        StringBuilder everything = new StringBuilder();
        try (Stream<Path> files = Files.walk(store)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                everything.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(everything.toString()).doesNotContain("hunter2", "correct horse", "cs-old-999", "cs-new-999",
                "sk-live-123", "eyJhbGci", "pw-in-list", "SESSION-RAW-7f3a9c", "7f3a9c");
        List<String> lines = Segments.allLines(store.resolve("c1"));
        JsonNode timeout = JSON.readTree(lines.get(4)).get("detail");
        assertThat(timeout.get("old").asText()).isEqualTo("15m");
        assertThat(timeout.get("new").asText()).isEqualTo("30m");
        JsonNode masked = JSON.readTree(lines.get(2)).get("detail");
        assertThat(masked.get("key").asText()).isEqualTo("db.password");
        assertThat(masked.get("old").asText()).isEqualTo(AuditEvent.MASKED);
    }

    @Test
    void actorToString_withSession_neverPrintsIt() {
        assertThat(admin.toString()).doesNotContain("SESSION-RAW").contains("<secret>");
        assertThat(AuditEvent.login(admin).build().toString()).doesNotContain("SESSION-RAW");
    }

    /** The word rule as first written, with a regular expression: the character loop must agree with it. */
    private static final java.util.regex.Pattern WORD_BREAK = java.util.regex.Pattern.compile(
            "[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])");

    private static boolean looksSecretByRegex(String key) {
        for (String word : WORD_BREAK.split(key)) {
            String lower = word.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("key") || lower.equals("keys")) {
                return true;
            }
            for (String ending : List.of("password", "passwords", "passwd", "pwd", "secret", "secrets", "token",
                    "tokens", "credential", "credentials", "apikey", "apikeys", "privatekey")) {
                if (lower.endsWith(ending)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void looksSecret_randomKeysFromSecretWordPieces_agreesWithTheRegularExpressionRule() {
        String[] pieces = {"key", "Key", "KEY", "keys", "pass", "word", "Word", "pwd", "PWD", "secret", "Secret",
            "token", "Token", "credential", "api", "API", "private", "mon", "a", "B", "x9", "2", "0", ".", "_", "-",
            " ", "\u00e9", "\u212a", "\uD83D\uDE00", "ey", "s", "S", "tok", "en", "apikey", "ApiKey"};
        java.util.Random random = new java.util.Random(5);
        int secret = 0;
        for (int round = 0; round < 50_000; round++) {
            StringBuilder key = new StringBuilder();
            for (int n = random.nextInt(6); n >= 0; n--) {
                key.append(pieces[random.nextInt(pieces.length)]);
            }
            boolean expected = looksSecretByRegex(key.toString());
            secret += expected ? 1 : 0;
            assertThat(AuditEvent.looksSecret(key.toString())).as(key.toString()).isEqualTo(expected);
        }
        assertThat(secret).as("both outcomes are exercised").isBetween(1000, 49_000);
    }
}
