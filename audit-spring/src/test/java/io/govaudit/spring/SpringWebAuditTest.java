package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.spring.testing.StoreRecords;
import io.govaudit.spring.webapp.PermitPortalApplication;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.support.DependencyInjectionTestExecutionListener;

/**
 * A real Boot application (form login, one REST controller, no audit code) on a random port,
 * driven over real HTTP: what lands in the chain for logins, failures, logouts, session expiry,
 * URL and method-security denials and admin requests. The records are read after the context is closed: the graceful shutdown lets
 * in-flight requests finish first, so every record is on disk and the chain ends with TRAIL_STOP.
 */
@SpringBootTest(classes = PermitPortalApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// The test closes the context itself (that is what writes TRAIL_STOP): only dependency injection
// is kept, the default listeners would publish events to, or pause, the closed context afterwards.
@TestExecutionListeners(listeners = DependencyInjectionTestExecutionListener.class,
        mergeMode = TestExecutionListeners.MergeMode.REPLACE_DEFAULTS)
class SpringWebAuditTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD = randomString();
    private static final String WRONG_PASSWORD = randomString();

    @TempDir
    static Path store;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PermitPortalApplication.password = PASSWORD;
        registry.add("govaudit.file.directory", () -> store.toString());
        registry.add("govaudit.admin-roles", () -> "ROLE_ADMIN");
        registry.add("govaudit.chain-id", () -> "permit-portal");
        registry.add("spring.application.name", () -> "permit-portal");
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void loginsFailuresLogoutsDenialsExpiriesAndAdminRequestsAreRecordedAndTheChainVerifies() throws Exception {
        HttpClient admin = client();
        assertThat(login(admin, "admin", PASSWORD)).endsWith("/");
        assertThat(post(admin, "/api/settings/timeout").statusCode()).isEqualTo(200);
        assertThat(post(admin, "/api/reports/r-17/approve").statusCode()).isEqualTo(200);

        HttpClient intruder = client();
        assertThat(login(intruder, "admin", WRONG_PASSWORD)).contains("/login?error");

        HttpClient clerk = client();
        assertThat(login(clerk, "clerk", PASSWORD)).endsWith("/");
        assertThat(post(clerk, "/api/settings/timeout").statusCode()).isEqualTo(200);
        assertThat(post(clerk, "/api/admin/purge").statusCode()).isEqualTo(403);
        assertThat(post(clerk, "/api/reports/r-17/approve").statusCode()).isEqualTo(403);
        assertThat(post(clerk, "/api/session/short").statusCode()).isEqualTo(200);
        TimeUnit.MILLISECONDS.sleep(1_500);
        // the container finds the session expired when the cookie comes back: the clerk is out
        assertThat(post(clerk, "/api/settings/timeout").statusCode()).isEqualTo(302);

        assertThat(post(admin, "/logout").statusCode()).isEqualTo(302);

        // a request still running when the application is told to stop is recorded before TRAIL_STOP
        HttpClient late = client();
        assertThat(login(late, "admin", PASSWORD)).endsWith("/");
        PermitPortalApplication.slowArrived = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> slow = late.sendAsync(HttpRequest.newBuilder(uri("/api/slow"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(PermitPortalApplication.slowArrived.await(10, TimeUnit.SECONDS)).isTrue();

        context.close();

        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        List<JsonNode> records = StoreRecords.records(store);
        List<String> types = StoreRecords.types(records);
        assertThat(types.subList(0, 2)).containsExactly("CHAIN_START", "TRAIL_START");
        assertThat(types.get(types.size() - 1)).isEqualTo("TRAIL_STOP");
        // a filter may record just after its response reached the client: compare without order
        assertThat(types.subList(2, types.size() - 1)).containsExactlyInAnyOrder(
                "LOGIN", "ADMIN_ACTION", "ADMIN_ACTION", "LOGIN_FAILURE", "LOGIN", "ACCESS_DENIED", "ACCESS_DENIED",
                "LOGOUT", "LOGOUT", "LOGIN", "ADMIN_ACTION");

        JsonNode login = records.stream().filter(r -> r.path("type").asText().equals("LOGIN")
                && r.path("actor").path("id").asText().equals("admin")).findFirst().orElseThrow();
        assertThat(login.path("actor").path("admin").asBoolean()).isTrue();
        assertThat(login.path("actor").path("roles").toString()).contains("ROLE_ADMIN");
        assertThat(login.path("where").path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(login.path("where").path("op").asText()).isEqualTo("POST /login");
        assertThat(login.path("where").path("system").asText()).isEqualTo("permit-portal");

        List<JsonNode> actions = records.stream().filter(r -> r.path("type").asText().equals("ADMIN_ACTION")).toList();
        assertThat(actions).extracting(r -> r.path("where").path("op").asText()).containsExactlyInAnyOrder(
                "POST /api/settings/{key}", "POST /api/reports/{id}/approve", "POST /api/slow");
        JsonNode action = actions.get(0);
        assertThat(action.path("where").path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(action.path("detail").path("status").asInt()).isEqualTo(200);
        assertThat(action.path("outcome").asText()).isEqualTo("SUCCESS");

        JsonNode failure = StoreRecords.only(records, "LOGIN_FAILURE", "admin");
        assertThat(failure.path("outcome").asText()).isEqualTo("FAILURE");
        assertThat(failure.path("reason").asText()).isEqualTo("BadCredentialsException");
        assertThat(failure.path("where").path("ip").asText()).isEqualTo("127.0.0.1");

        JsonNode clerkLogin = StoreRecords.only(records, "LOGIN", "clerk");
        assertThat(clerkLogin.path("actor").path("admin").asBoolean()).isFalse();

        List<JsonNode> denials = records.stream().filter(r -> r.path("type").asText().equals("ACCESS_DENIED")).toList();
        assertThat(denials).allSatisfy(denial -> {
            assertThat(denial.path("actor").path("id").asText()).isEqualTo("clerk");
            assertThat(denial.path("outcome").asText()).isEqualTo("FAILURE");
            assertThat(denial.path("where").path("ip").asText()).isEqualTo("127.0.0.1");
        });
        assertThat(denials).extracting(r -> r.path("where").path("op").asText()).containsExactlyInAnyOrder(
                // authorizeHttpRequests decides before a handler is matched: the path
                "POST /api/admin/purge",
                // method security runs inside the handler: the path pattern, and the method
                "POST /api/reports/{id}/approve");
        assertThat(denials).extracting(r -> r.path("detail").path("method").asText())
                .contains("SettingsController.approve");

        JsonNode logout = StoreRecords.only(records, "LOGOUT", "admin");
        assertThat(logout.path("where").path("op").asText()).isEqualTo("POST /logout");
        assertThat(logout.path("detail").path("reason").asText()).isEqualTo("LOGOUT");
        JsonNode expiry = StoreRecords.only(records, "LOGOUT", "clerk");
        assertThat(expiry.path("detail").path("reason").asText()).isEqualTo("SESSION_EXPIRED");
        assertThat(expiry.path("actor").path("session").asText())
                .isEqualTo(clerkLogin.path("actor").path("session").asText()).isNotEmpty();

        JsonNode slowAction = actions.stream().filter(r -> r.path("where").path("op").asText().equals("POST /api/slow"))
                .findFirst().orElseThrow();
        assertThat(slowAction.path("seq").asLong()).isLessThan(records.get(records.size() - 1).path("seq").asLong());

        assertThat(records.toString()).doesNotContain("203.0.113.66");
        StoreRecords.assertNoSecrets(store, PASSWORD, WRONG_PASSWORD);

        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.intact()).isTrue();
    }

    private HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Logs in with the form and returns where the application redirects to. */
    private String login(HttpClient client, String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                // spoofed: no proxy is trusted, so the socket peer (127.0.0.1) must be recorded
                .header("X-Forwarded-For", "203.0.113.66")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> post(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String randomString() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
