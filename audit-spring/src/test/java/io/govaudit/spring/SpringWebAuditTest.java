package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import io.govaudit.spring.webapp.PermitPortalApplication;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Boot application (form login, one REST controller, no audit code) on a random port,
 * driven over real HTTP: what lands in the chain for logins, failures, logouts and admin
 * requests. The records are read after the context is closed: the graceful shutdown lets
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
    void loginsFailuresLogoutsAndAdminRequestsAreRecordedAndTheChainVerifies() throws Exception {
        HttpClient admin = client();
        assertThat(login(admin, "admin", PASSWORD)).endsWith("/");
        assertThat(post(admin, "/api/settings/timeout").statusCode()).isEqualTo(200);

        HttpClient intruder = client();
        assertThat(login(intruder, "admin", WRONG_PASSWORD)).contains("/login?error");

        HttpClient clerk = client();
        assertThat(login(clerk, "clerk", PASSWORD)).endsWith("/");
        assertThat(post(clerk, "/api/settings/timeout").statusCode()).isEqualTo(200);

        assertThat(post(admin, "/logout").statusCode()).isEqualTo(302);

        context.close();

        List<JsonNode> records = records();
        List<String> types = records.stream().map(r -> r.path("type").asString()).toList();
        assertThat(types.subList(0, 2)).containsExactly("CHAIN_START", "TRAIL_START");
        assertThat(types.get(types.size() - 1)).isEqualTo("TRAIL_STOP");
        // a filter may record just after its response reached the client: compare without order
        assertThat(types.subList(2, types.size() - 1)).containsExactlyInAnyOrder(
                "LOGIN", "ADMIN_ACTION", "LOGIN_FAILURE", "LOGIN", "LOGOUT");

        JsonNode login = only(records, "LOGIN", "admin");
        assertThat(login.path("actor").path("admin").asBoolean()).isTrue();
        assertThat(login.path("actor").path("roles").toString()).contains("ROLE_ADMIN");
        assertThat(login.path("where").path("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(login.path("where").path("op").asString()).isEqualTo("POST /login");
        assertThat(login.path("where").path("system").asString()).isEqualTo("permit-portal");

        JsonNode action = only(records, "ADMIN_ACTION", "admin");
        assertThat(action.path("where").path("op").asString()).isEqualTo("POST /api/settings/{key}");
        assertThat(action.path("where").path("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(action.path("detail").path("status").asInt()).isEqualTo(200);
        assertThat(action.path("outcome").asString()).isEqualTo("SUCCESS");

        JsonNode failure = only(records, "LOGIN_FAILURE", "admin");
        assertThat(failure.path("outcome").asString()).isEqualTo("FAILURE");
        assertThat(failure.path("reason").asString()).isEqualTo("BadCredentialsException");
        assertThat(failure.path("where").path("ip").asString()).isEqualTo("127.0.0.1");

        JsonNode clerkLogin = only(records, "LOGIN", "clerk");
        assertThat(clerkLogin.path("actor").path("admin").asBoolean()).isFalse();

        JsonNode logout = only(records, "LOGOUT", "admin");
        assertThat(logout.path("where").path("op").asString()).isEqualTo("POST /logout");

        assertThat(records.toString()).doesNotContain("203.0.113.66");
        for (Path file : files()) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(text).as(file.toString()).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
        }

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

    private static List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(store)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Every record line of the store, in seq order. */
    private static List<JsonNode> records() throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        List<JsonNode> records = new ArrayList<>();
        assertThat(records.toString()).doesNotContain("203.0.113.66");
        for (Path file : files()) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("{\"v\":")) {
                    records.add(mapper.readTree(line));
                }
            }
        }
        records.sort(Comparator.comparingLong(r -> r.path("seq").asLong()));
        return records;
    }

    /** The one record of a type by an actor. */
    private static JsonNode only(List<JsonNode> records, String type, String actor) {
        List<JsonNode> matching = records.stream().filter(r -> r.path("type").asString().equals(type)
                && r.path("actor").path("id").asString().equals(actor)).toList();
        assertThat(matching).as("%s by %s", type, actor).hasSize(1);
        return matching.get(0);
    }

    private static String randomString() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
