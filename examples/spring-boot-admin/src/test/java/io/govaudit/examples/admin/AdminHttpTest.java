package io.govaudit.examples.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The access rules, validation messages, CSRF, language switch, the lock after five failed logins
 * and the export, over real HTTP against the application on a random port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminHttpTest {

    static final String PASSWORD = "Http-" + UUID.randomUUID();
    static final Path STORE = tempStore("admin-http-");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("govaudit.file.directory", STORE::toString);
        registry.add(DemoPassword.VARIABLE, () -> PASSWORD);
    }

    static Path tempStore(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    WebSession as(String user) {
        WebSession session = new WebSession(port);
        assertThat(session.login(user, PASSWORD)).endsWith("/");
        return session;
    }

    @Test
    void anonymous_protectedPages_redirectToLogin() {
        WebSession anonymous = new WebSession(port);
        for (String page : List.of("/", "/users", "/settings", "/citizens", "/citizens/C0001", "/audit", "/account/password")) {
            HttpResponse<String> response = anonymous.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow()).as(page).endsWith("/login");
        }
    }

    @Test
    void clerk_users_isRefusedWithThe403PageAndRecorded() {
        HttpResponse<String> response = as("clerk").get("/users");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("拒絕存取").contains("lang=\"zh-TW\"");
        assertThat(StoreRecords.of(STORE, "ACCESS_DENIED", r -> StoreRecords.actor(r).equals("clerk")))
                .anySatisfy(r -> {
                    assertThat(r.path("outcome").asText()).isEqualTo("FAILURE");
                    assertThat(StoreRecords.op(r)).isEqualTo("GET /users");
                    assertThat(StoreRecords.ip(r)).isEqualTo("127.0.0.1");
                });
    }

    @Test
    void rules_byRole() {
        WebSession auditor = as("auditor");
        assertThat(auditor.get("/settings").statusCode()).isEqualTo(403);
        assertThat(auditor.get("/users").statusCode()).isEqualTo(403);
        assertThat(auditor.get("/citizens").statusCode()).isEqualTo(403);
        assertThat(auditor.get("/audit").statusCode()).isEqualTo(200);

        WebSession admin = as("admin");
        assertThat(admin.get("/audit").statusCode()).as("an administrator does not read the trail").isEqualTo(403);
        assertThat(admin.get("/citizens").statusCode()).isEqualTo(200);
        assertThat(admin.get("/settings").statusCode()).isEqualTo(200);

        WebSession clerk = as("clerk");
        assertThat(clerk.get("/citizens").statusCode()).isEqualTo(200);
        assertThat(clerk.get("/settings").statusCode()).isEqualTo(403);
        assertThat(clerk.get("/audit/export").statusCode()).isEqualTo(403);
    }

    @Test
    void post_withoutCsrfToken_isRefused() {
        WebSession admin = as("admin");
        admin.get("/users");

        HttpResponse<String> response = admin.postRaw("/users/clerk/lock");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(admin.get("/users").body()).doesNotContain("id=\"unlock-clerk\"");
        assertThat(StoreRecords.of(STORE, "USER_LOCK", r -> StoreRecords.subject(r).equals("clerk"))).isEmpty();
    }

    @Test
    void everyPostForm_carriesTheCsrfToken() {
        WebSession admin = as("admin");
        for (String page : List.of("/", "/users", "/settings", "/citizens", "/citizens/C0001", "/account/password")) {
            String body = admin.get(page).body();
            assertThat(count(body, "name=\"_csrf\"")).as(page).isEqualTo(count(body, "method=\"post\"")).isPositive();
        }
        String audit = as("auditor").get("/audit").body();
        assertThat(count(audit, "name=\"_csrf\"")).isEqualTo(count(audit, "method=\"post\""));
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void login_withoutCsrfToken_isRefused() {
        WebSession session = new WebSession(port);
        HttpResponse<String> response = session.postRaw("/login", "username", "admin", "password", PASSWORD);
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void createUser_invalidFields_redirectBackWithTheMessages() {
        WebSession admin = as("admin");
        admin.get("/users");

        HttpResponse<String> blank = admin.post("/users", "username", "", "password", "", "roles", "ROLE_CLERK");
        assertThat(blank.statusCode()).isEqualTo(302);
        assertThat(admin.follow(blank).body()).contains("請輸入帳號。").contains("請輸入密碼。");

        HttpResponse<String> weak = admin.post("/users", "username", "newclerk", "password", "short1", "roles", "ROLE_CLERK");
        assertThat(admin.follow(weak).body()).contains("密碼長度至少須為 12 個字元。").contains("value=\"newclerk\"")
                .doesNotContain("short1");

        HttpResponse<String> letters = admin.post("/users", "username", "newclerk", "password", "onlylettersherE",
                "roles", "ROLE_CLERK");
        assertThat(admin.follow(letters).body()).contains("密碼須同時包含英文字母與數字。");

        HttpResponse<String> role = admin.post("/users", "username", "newclerk", "password", "Good-password-42",
                "roles", "ROLE_ROOT");
        assertThat(admin.follow(role).body()).contains("角色不存在，請從清單中選擇。");

        assertThat(StoreRecords.of(STORE, "USER_CREATE", r -> StoreRecords.subject(r).equals("newclerk"))).isEmpty();
    }

    @Test
    void changeRoles_unknownRole_isRefusedWithAMessage() {
        WebSession admin = as("admin");
        admin.get("/users");
        HttpResponse<String> response = admin.post("/users/auditor/roles", "roles", "ROLE_AUDITOR", "roles", "ROLE_ROOT");
        assertThat(admin.follow(response).body()).contains("角色不存在");
        assertThat(StoreRecords.of(STORE, "PERMISSION_CHANGE", r -> StoreRecords.subject(r).equals("auditor"))).isEmpty();
    }

    @Test
    void settings_invalidValues_showTheMessages() {
        WebSession admin = as("admin");
        admin.get("/settings");
        HttpResponse<String> response = admin.post("/settings", "sessionTimeoutMinutes", "1", "passwordMinLength", "12",
                "smtpRelay", "no port", "smtpPassword", "");
        assertThat(admin.follow(response).body()).contains("閒置登出時間須介於 5 至 480 分鐘。")
                .contains("格式須為「主機:連接埠」");
    }

    @Test
    void langEn_switchesThePagesToEnglish() {
        WebSession session = new WebSession(port);
        assertThat(session.get("/login").body()).contains("lang=\"zh-TW\"").contains("登入");

        HttpResponse<String> english = session.get("/login?lang=en");
        assertThat(english.body()).contains("lang=\"en\"").contains("Log in").contains("User name");
        assertThat(session.get("/login").body()).as("kept in the session").contains("User name");
    }

    @Test
    void fiveFailedLogins_lockTheAccount_recordedAsUserLockBySystem() {
        WebSession admin = as("admin");
        admin.get("/users");
        admin.post("/users", "username", "trainee", "password", "Trainee-pass-42", "roles", "ROLE_CLERK");

        WebSession stranger = new WebSession(port);
        for (int i = 0; i < LoginAttempts.LIMIT; i++) {
            assertThat(stranger.login("trainee", "wrong-" + i)).endsWith("/login?error");
        }
        assertThat(stranger.login("trainee", "Trainee-pass-42")).as("locked").endsWith("/login?error");

        List<JsonNode> locks = StoreRecords.of(STORE, "USER_LOCK", r -> StoreRecords.subject(r).equals("trainee"));
        assertThat(locks).singleElement().satisfies(r -> {
            assertThat(StoreRecords.actor(r)).isEqualTo("system");
            assertThat(StoreRecords.ip(r)).isEqualTo("127.0.0.1");
            assertThat(StoreRecords.op(r)).isEqualTo("POST /login");
        });
        assertThat(StoreRecords.of(STORE, "LOGIN_FAILURE", r -> StoreRecords.actor(r).equals("trainee"))).hasSize(6)
                .last().satisfies(r -> assertThat(r.path("reason").asText()).contains("Locked"));
    }

    @Test
    void export_sendsTheStoredLinesAsNdjson_andIsRecorded() throws IOException {
        WebSession auditor = as("auditor");
        HttpResponse<String> response = auditor.get("/audit/export?type=LOGIN&actor=auditor");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        List<String> lines = response.body().lines().toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).contains("\"type\":\"LOGIN\""));
        String stored = String.join("\n", StoreRecords.storedLines(STORE));
        assertThat(lines).allSatisfy(line -> assertThat(stored).contains(line));
        assertThat(StoreRecords.of(STORE, "AUDIT_LOG_READ", r -> StoreRecords.actor(r).equals("auditor")
                && r.path("detail").path("filter").asText().contains("LOGIN"))).isNotEmpty();
    }

    @Test
    void roleChange_takesEffectAtTheNextLogin_passwordResetToo() {
        WebSession admin = as("admin");
        admin.get("/users");
        admin.post("/users", "username", "mover", "password", "Mover-pass-42", "roles", "ROLE_CLERK");
        WebSession before = new WebSession(port);
        assertThat(before.login("mover", "Mover-pass-42")).endsWith("/");

        admin.get("/users");
        admin.post("/users/mover/roles", "roles", "ROLE_AUDITOR");
        admin.get("/users");
        admin.post("/users/mover/password", "password", "Mover-new-pass-43");

        assertThat(before.get("/citizens").statusCode()).as("the running session keeps its roles").isEqualTo(200);
        assertThat(before.get("/audit").statusCode()).isEqualTo(403);
        WebSession after = new WebSession(port);
        assertThat(after.login("mover", "Mover-pass-42")).endsWith("/login?error");
        assertThat(after.login("mover", "Mover-new-pass-43")).endsWith("/");
        assertThat(after.get("/audit").statusCode()).isEqualTo(200);
        assertThat(after.get("/citizens").statusCode()).isEqualTo(403);
        assertThat(StoreRecords.of(STORE, "PERMISSION_CHANGE", r -> StoreRecords.subject(r).equals("mover")))
                .singleElement().satisfies(r -> assertThat(r.path("detail").toString()).contains("ROLE_CLERK")
                        .contains("ROLE_AUDITOR"));
    }

    @Test
    void audit_paging_followsTheCursor() {
        WebSession auditor = as("auditor");
        for (int i = 0; i <= AuditController.PAGE_SIZE; i++) {
            auditor.get("/audit?type=LOGIN");
        }
        String first = auditor.get("/audit?type=AUDIT_LOG_READ").body();
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("id=\"next-page\"\\s+href=\"([^\"]+)\"")
                .matcher(first);
        assertThat(next.find()).as(first).isTrue();
        String link = next.group(1).replace("&amp;", "&");
        assertThat(link).contains("type=AUDIT_LOG_READ").contains("after=");

        String second = auditor.get(link).body();
        assertThat(seqs(second)).isNotEmpty().doesNotContainAnyElementsOf(seqs(first));
    }

    private static List<String> seqs(String page) {
        return java.util.regex.Pattern.compile("data-seq=\"(\\d+)\"").matcher(page).results().map(m -> m.group(1))
                .toList();
    }

    @Test
    void audit_invalidFilter_showsAMessage() {
        HttpResponse<String> response = as("auditor").get("/audit?type=lower-case&after=nonsense");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("篩選條件格式錯誤");
    }
}
