package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.testing.Segments;
import io.govaudit.testing.VerificationAssert;
import io.govaudit.verify.AuditVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets never reach the file: configuration changes of secret-looking keys and secret-looking
 * detail members are masked by the word rule documented on {@link AuditEvent}, secret-shaped text
 * in any string member is masked when recorded (the shape table is in
 * {@code internal.format.SecretsTest}), and session ids are written only as keyed hashes.
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
            "clientsecret", "apikey", "secrets.store", "api.keys", "Key", "pin", "user.pin", "otp", "totp_code",
            "passphrase", "authorization", "Proxy-Authorization", "auth", "basic-auth", "cookie", "set-cookie",
            "Set-Cookie", "credential", "credentials", "private_key", "privatekey", "smtp.pass", "session_id",
            "sessionId", "SESSION-ID", "JSESSIONID", "x-api-key", "aws_access_key_id", "accesskey", "secretKey",
            "passcode", "bearer", "pin_code_length", "auth.method", "password.policy"})
    void looksSecret_secretWords_isTrue(String key) {
        assertThat(AuditEvent.looksSecret(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"session.timeout", "monkey.count", "keyboard.layout", "hotkey", "turkey", "donkey_id",
            "tokenizer.mode", "secretary.name", "passwordless", "keystore.path", "max.login.attempts", "mode",
            "compass", "bypass_count", "spinner", "opinion", "passport_no", "oauth_provider", "author", "authority",
            "pinned", "spin", "session.count", "session", "id", "user_id", "identity", "cookiecutter", "passenger",
            "opt_sent_at"})
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

    private static final Actor A = Actor.of("A1");
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqd3Qtc3ViIn0.jwt-signature-9f8e";

    /** Issue 11 part 5: each secret the trial found stored verbatim, and where it is stored masked. */
    static Stream<Arguments> secrets() {
        return Stream.of(
                arguments("detail pin", AuditEvent.login(A).detail("pin", "4321"), "4321", "/detail/pin",
                        AuditEvent.MASKED),
                arguments("detail otp", AuditEvent.login(A).detail("otp", "918273"), "918273", "/detail/otp",
                        AuditEvent.MASKED),
                arguments("detail passphrase", AuditEvent.login(A).detail("passphrase", "correct horse battery"),
                        "correct horse", "/detail/passphrase", AuditEvent.MASKED),
                arguments("detail authorization", AuditEvent.login(A).detail("authorization", "Bearer tok-auth-777"),
                        "tok-auth-777", "/detail/authorization", AuditEvent.MASKED),
                arguments("detail cookie", AuditEvent.login(A).detail("cookie", "JSESSIONID=F00DCAFE"), "F00DCAFE",
                        "/detail/cookie", AuditEvent.MASKED),
                arguments("detail set-cookie", AuditEvent.login(A).detail("set-cookie", "sid=BEEF42; HttpOnly"),
                        "BEEF42", "/detail/set-cookie", AuditEvent.MASKED),
                arguments("detail credentials", AuditEvent.login(A).detail("credentials", "cr3d-xyz"), "cr3d-xyz",
                        "/detail/credentials", AuditEvent.MASKED),
                arguments("detail credential", AuditEvent.login(A).detail("credential", "cr3d-abc"), "cr3d-abc",
                        "/detail/credential", AuditEvent.MASKED),
                arguments("detail private_key", AuditEvent.login(A).detail("private_key", "MIIEvQIBADAN"),
                        "MIIEvQIBADAN", "/detail/private_key", AuditEvent.MASKED),
                arguments("configChange smtp.pass", AuditEvent.configChange(A, "smtp.pass", "old-pw-1", "new-pw-2"),
                        "new-pw-2", "/detail/new", AuditEvent.MASKED),
                arguments("config value password=", AuditEvent.configChange(A, "db.url",
                        "jdbc:postgresql://db/app?user=app&password=pw-in-query", null), "pw-in-query", "/detail/old",
                        "jdbc:postgresql://db/app?user=app&password=<masked>"),
                arguments("config value pwd=", AuditEvent.configChange(A, "db.url", null,
                        "Server=db;Uid=sa;Pwd=pw-in-conn;"), "pw-in-conn", "/detail/new",
                        "Server=db;Uid=sa;Pwd=<masked>;"),
                arguments("config value user:pass@", AuditEvent.configChange(A, "db.url", null,
                        "postgresql://app:pw-in-userinfo@db:5432/app"), "pw-in-userinfo", "/detail/new",
                        "postgresql://app:<masked>@db:5432/app"),
                arguments("detail value JWT", AuditEvent.login(A).detail("note", "got " + JWT), "jwt-signature",
                        "/detail/note", "got <masked>"),
                arguments("detail value Basic", AuditEvent.login(A).detail("note", "Authorization: Basic "
                        + "YWxpY2U6YmFzaWMtcHc="), "YWxpY2U6YmFzaWMtcHc", "/detail/note", "Authorization: <masked>"),
                arguments("detail value PEM", AuditEvent.login(A).detail("upload",
                        "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPEM\n-----END EC PRIVATE KEY-----"), "MHcCAQEEIPEM",
                        "/detail/upload", AuditEvent.MASKED),
                arguments("list element", AuditEvent.login(A).detail("urls", List.of("https://u:list-pw@h/", "x")),
                        "list-pw", "/detail/urls/0", "https://u:<masked>@h/"),
                arguments("reason", AuditEvent.loginFailure(A, "retry with pwd=reason-pw"), "reason-pw", "/reason",
                        "retry with pwd=<masked>"),
                arguments("subject name", AuditEvent.login(A).subject(new Subject("DATA", "R-1",
                        "https://u:subject-pw@h/")), "subject-pw", "/subject/name", "https://u:<masked>@h/"),
                arguments("where op", AuditEvent.adminAction(A, "GET /cb?code=1&access_token=op-token-1"),
                        "op-token-1", "/where/op", "GET /cb?code=1&access_token=<masked>"),
                arguments("where ua", AuditEvent.login(A).where(Location.defaults()
                        .withUa("curl -H Authorization: Bearer ua-token-123456")), "ua-token-123456", "/where/ua",
                        "curl -H Authorization: <masked>"),
                arguments("actor name", AuditEvent.login(Actor.builder("A2").name("token=actor-tok").build()),
                        "actor-tok", "/actor/name", "token=<masked>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void record_secretUnderAnotherNameOrShape_isMaskedInTheStoredLineAndTheChainVerifies(String label,
            AuditEvent.Builder event, String secret, String pointer, String stored) throws Exception {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c1").system("s").build()) {
            trail.record(event.build());
        }

        List<String> lines = Segments.allLines(store.resolve("c1"));
        assertThat(String.join("\n", lines)).doesNotContain(secret);
        assertThat(JSON.readTree(lines.get(2)).at(pointer).asText()).isEqualTo(stored);
        VerificationAssert.assertThat(AuditVerifier.forDirectory(store).verify()).isIntact();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            compass      | north
            bypass_count | 3
            spinner      | on
            opinion      | agree
            passport_no  | 312345678
            session.timeout | 30m
            oauth_provider  | MOICA
            """)
    void record_lookAlikeKeys_keepTheirValues(String key, String value) throws Exception {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c1").system("s").build()) {
            trail.record(AuditEvent.login(A).detail(key, value).build());
            trail.record(AuditEvent.configChange(A, key, "old", value).build());
        }

        List<String> lines = Segments.allLines(store.resolve("c1"));
        assertThat(JSON.readTree(lines.get(2)).get("detail").get(key).asText()).isEqualTo(value);
        assertThat(JSON.readTree(lines.get(3)).at("/detail/new").asText()).isEqualTo(value);
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
        String previous = "";
        for (String word : WORD_BREAK.split(key)) {
            String lower = word.toLowerCase(java.util.Locale.ROOT);
            if (List.of("key", "keys", "pass", "pin", "otp", "totp", "hotp", "auth", "bearer").contains(lower)
                    || lower.equals("id") && previous.equals("session")) {
                return true;
            }
            for (String ending : List.of("password", "passwords", "passwd", "pwd", "passphrase", "passphrases",
                    "passcode", "passcodes", "secret", "secrets", "token", "tokens", "credential", "credentials",
                    "apikey", "apikeys", "privatekey", "privatekeys", "secretkey", "accesskey", "authorization",
                    "cookie", "cookies", "sessionid")) {
                if (lower.endsWith(ending)) {
                    return true;
                }
            }
            previous = lower.isEmpty() ? previous : lower;
        }
        return false;
    }

    @Test
    void looksSecret_randomKeysFromSecretWordPieces_agreesWithTheRegularExpressionRule() {
        String[] pieces = {"key", "Key", "KEY", "keys", "pass", "word", "Word", "pwd", "PWD", "secret", "Secret",
            "token", "Token", "credential", "api", "API", "private", "mon", "a", "B", "x9", "2", "0", ".", "_", "-",
            " ", "\u00e9", "\u212a", "\uD83D\uDE00", "ey", "s", "S", "tok", "en", "apikey", "ApiKey", "pin", "Pin",
            "otp", "auth", "Auth", "session", "Session", "id", "Id", "ID", "cookie", "com", "by", "phrase", "code"};
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
