package io.govaudit.spring.extrasapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.spring.TrailAuditEventRepository;
import io.govaudit.spring.extrasapp.RegistryApplication.CitizenNotFoundException;
import io.govaudit.spring.extrasapp.RegistryApplication.CitizenService;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.framework.autoproxy.InfrastructureAdvisorAutoProxyCreator;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.support.DependencyInjectionTestExecutionListener;
import org.springframework.util.ClassUtils;

/**
 * A real Boot application (HTTP basic, an in-memory user store, a service with
 * {@code @SensitiveAccess}) on a random port, driven over real HTTP, without AspectJ on the class
 * path: sensitive reads, user management, the application's own event and a Boot audit event land
 * in the chain once each, with no generic ADMIN_ACTION for those requests, no password anywhere,
 * failures recorded and their exceptions propagated; the chain verifies. The records are read
 * after the context is closed, as in SpringWebAuditTest.
 */
@SpringBootTest(classes = RegistryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestExecutionListeners(listeners = DependencyInjectionTestExecutionListener.class,
        mergeMode = TestExecutionListeners.MergeMode.REPLACE_DEFAULTS)
class RegistryAuditTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD = randomString();
    private static final String NEW_PASSWORD = randomString();
    private static final String RESET_PASSWORD = randomString();
    private static final String CHANGED_PASSWORD = randomString();

    @TempDir
    static Path store;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RegistryApplication.password = PASSWORD;
        registry.add("govaudit.file.directory", () -> store.toString());
        registry.add("govaudit.admin-roles", () -> "ROLE_ADMIN");
        registry.add("govaudit.chain-id", () -> "registry");
        registry.add("spring.application.name", () -> "registry");
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableApplicationContext context;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void sensitiveReadsUserManagementAndOwnEventsAreRecordedOnceAndTheChainVerifies() throws Exception {
        assertThat(ClassUtils.isPresent("org.aspectj.weaver.Advice", null)).as("AspectJ absent").isFalse();
        assertThat(context.getBean("org.springframework.aop.config.internalAutoProxyCreator"))
                .isInstanceOf(InfrastructureAdvisorAutoProxyCreator.class);
        Object users = context.getBean("users");
        assertThat(AopUtils.isAopProxy(users)).isTrue();
        assertThat(users).isInstanceOf(InMemoryUserDetailsManager.class).isInstanceOf(UserDetailsPasswordService.class);

        assertThat(send("admin", PASSWORD, "GET", "/citizens/R-1").body()).isEqualTo("Wang Hsiao-ming");
        assertThat(send("admin", PASSWORD, "GET", "/citizens/missing-7").statusCode()).isEqualTo(404);
        assertThat(send("admin", PASSWORD, "POST", "/citizens/search?phone=0912345678").body()).isEqualTo("R-678");
        assertThat(send("admin", PASSWORD, "POST", "/citizens/search?phone=0912345670").statusCode()).isEqualTo(404);

        assertThat(send("admin", PASSWORD, "POST", "/users/newbie?password=" + NEW_PASSWORD).statusCode()).isEqualTo(200);
        for (String change : List.of("lock", "unlock", "disable", "roles?roles=CLERK,AUDITOR",
                "reset?password=" + RESET_PASSWORD)) {
            assertThat(send("admin", PASSWORD, "POST", "/users/newbie/" + change).statusCode()).as(change).isEqualTo(200);
        }
        assertThat(send("admin", PASSWORD, "POST", "/users/ghost/lock").statusCode()).isEqualTo(500);
        assertThat(send("admin", PASSWORD, "DELETE", "/users/newbie").statusCode()).isEqualTo(200);
        assertThat(send("admin", PASSWORD, "POST", "/permits/P-1/approve").statusCode()).isEqualTo(200);
        assertThat(send("admin", PASSWORD, "POST", "/reports/monthly?format=pdf").statusCode()).isEqualTo(200);
        assertThat(send("admin", PASSWORD, "POST", "/settings/timeout").statusCode()).isEqualTo(200);
        assertThat(send("admin", PASSWORD, "POST", "/me/password?current=" + PASSWORD
                + "&replacement=" + CHANGED_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(send("admin", CHANGED_PASSWORD, "GET", "/citizens/R-2").statusCode()).isEqualTo(200);

        CitizenService citizens = context.getBean(CitizenService.class);
        assertThat(citizens.find("R-3").id()).isEqualTo("R-3");
        assertThatThrownBy(() -> citizens.find("missing-8")).isExactlyInstanceOf(CitizenNotFoundException.class)
                .hasMessage("no citizen for missing-8");

        AuditEventRepository repository = context.getBean(AuditEventRepository.class);
        assertThat(repository).isInstanceOf(TrailAuditEventRepository.class);
        assertThat(repository.find(null, null, null)).extracting(e -> e.getType()).containsExactly("report.exported");

        context.close();
        List<JsonNode> records = records();
        List<String> types = records.stream().map(r -> r.path("type").asText()).toList();
        assertThat(types).doesNotContain("AUTHENTICATION_SUCCESS", "BOOT_AUTHENTICATION_SUCCESS", "LOGIN");
        assertThat(types.stream().filter("ADMIN_ACTION"::equals)).hasSize(1);
        assertThat(only(records, r -> type(r, "ADMIN_ACTION")).path("where").path("op").asText())
                .isEqualTo("POST /settings/{key}");

        JsonNode read = only(records, r -> type(r, "SENSITIVE_ACCESS") && subject(r, "R-1"));
        assertThat(read.path("actor").path("id").asText()).isEqualTo("admin");
        assertThat(read.path("actor").path("admin").asBoolean()).isTrue();
        assertThat(read.path("subject").path("kind").asText()).isEqualTo("CITIZEN");
        assertThat(read.path("detail").path("fields").toString()).isEqualTo("[\"name\",\"address\"]");
        assertThat(read.path("detail").path("purpose").asText()).isEqualTo("permit review");
        assertThat(read.path("where").path("op").asText()).isEqualTo("GET /citizens/{id}");
        assertThat(read.path("where").path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(read.path("outcome").asText()).isEqualTo("SUCCESS");

        JsonNode notFound = only(records, r -> type(r, "SENSITIVE_ACCESS") && subject(r, "missing-7"));
        assertThat(notFound.path("outcome").asText()).isEqualTo("FAILURE");
        assertThat(notFound.path("reason").asText()).isEqualTo("CitizenNotFoundException");

        JsonNode byPhone = only(records, r -> type(r, "SENSITIVE_ACCESS") && subject(r, "R-678"));
        assertThat(byPhone.path("where").path("op").asText()).isEqualTo("POST /citizens/search");
        JsonNode phoneNotFound = only(records, r -> type(r, "SENSITIVE_ACCESS") && subject(r, "unknown"));
        assertThat(phoneNotFound.path("outcome").asText()).isEqualTo("FAILURE");
        assertThat(only(records, r -> type(r, "SENSITIVE_ACCESS") && subject(r, "R-2"))
                .path("actor").path("id").asText()).isEqualTo("admin");

        JsonNode direct = only(records, r -> type(r, "SENSITIVE_ACCESS") && subject(r, "R-3"));
        assertThat(direct.path("actor").path("id").asText()).isEqualTo("system");
        assertThat(direct.path("where").path("op").asText()).isEqualTo("CitizenService.find");
        assertThat(only(records, r -> type(r, "SENSITIVE_ACCESS") && subject(r, "missing-8"))
                .path("outcome").asText()).isEqualTo("FAILURE");

        JsonNode created = only(records, r -> type(r, "USER_CREATE"));
        assertThat(created.path("subject").path("id").asText()).isEqualTo("newbie");
        assertThat(created.path("actor").path("id").asText()).isEqualTo("admin");
        assertThat(created.path("detail").path("roles").toString()).isEqualTo("[\"ROLE_CLERK\"]");
        assertThat(created.path("where").path("op").asText()).isEqualTo("POST /users/{name}");
        for (String type : List.of("USER_LOCK", "USER_UNLOCK", "USER_DISABLE", "USER_PASSWORD_RESET", "USER_DELETE")) {
            JsonNode change = only(records, r -> type(r, type));
            assertThat(change.path("subject").path("id").asText()).as(type).isEqualTo("newbie");
            assertThat(change.path("actor").path("id").asText()).as(type).isEqualTo("admin");
            assertThat(change.path("outcome").asText()).as(type).isEqualTo("SUCCESS");
        }
        JsonNode roles = only(records, r -> type(r, "PERMISSION_CHANGE"));
        assertThat(roles.path("detail").path("granted").toString()).isEqualTo("[\"ROLE_AUDITOR\"]");
        assertThat(roles.path("detail").path("revoked").toString()).isEqualTo("[]");
        assertThat(roles.path("detail").path("oldRoles").toString()).isEqualTo("[\"ROLE_CLERK\"]");
        assertThat(roles.path("detail").path("newRoles").toString()).isEqualTo("[\"ROLE_AUDITOR\",\"ROLE_CLERK\"]");
        JsonNode ghost = only(records, r -> type(r, "USER_UPDATE"));
        assertThat(ghost.path("subject").path("id").asText()).isEqualTo("ghost");
        assertThat(ghost.path("outcome").asText()).isEqualTo("FAILURE");
        assertThat(ghost.path("reason").asText()).isEqualTo("IllegalArgumentException");
        JsonNode passwordChange = only(records, r -> type(r, "PASSWORD_CHANGE"));
        assertThat(passwordChange.path("actor").path("id").asText()).isEqualTo("admin");
        assertThat(passwordChange.path("outcome").asText()).isEqualTo("SUCCESS");

        JsonNode approve = only(records, r -> type(r, "PERMIT_APPROVE"));
        assertThat(approve.path("subject").path("id").asText()).isEqualTo("P-1");
        assertThat(approve.path("where").path("op").asText()).isEqualTo("POST /permits/{id}/approve");
        JsonNode report = only(records, r -> type(r, "REPORT_EXPORTED"));
        assertThat(report.path("actor").path("id").asText()).isEqualTo("admin");
        assertThat(report.path("actor").path("admin").asBoolean()).isTrue();
        assertThat(report.path("detail").path("bootType").asText()).isEqualTo("report.exported");
        assertThat(report.path("detail").path("report").asText()).isEqualTo("monthly");
        assertThat(report.path("detail").path("pages").asInt()).isEqualTo(3);
        assertThat(report.path("detail").path("flags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(report.path("detail").path("details").toString()).isEqualTo("[\"<Object>\",\"x\"]");

        for (Path file : files()) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(text).as(file.toString()).doesNotContain(PASSWORD).doesNotContain(NEW_PASSWORD)
                    .doesNotContain(RESET_PASSWORD).doesNotContain(CHANGED_PASSWORD).doesNotContain("{noop}")
                    .doesNotContain("no citizen for");
        }
        VerificationReport verification = AuditVerifier.forDirectory(store).verify();
        assertThat(verification.problems()).isEmpty();
        assertThat(verification.intact()).isTrue();
    }

    private HttpResponse<String> send(String user, String password, String method, String path)
            throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + credentials)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean type(JsonNode record, String type) {
        return record.path("type").asText().equals(type);
    }

    private static boolean subject(JsonNode record, String id) {
        return record.path("subject").path("id").asText().equals(id);
    }

    private static JsonNode only(List<JsonNode> records, Predicate<JsonNode> filter) {
        List<JsonNode> matching = records.stream().filter(filter).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(store)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Every record line of the store, in seq order. */
    private static List<JsonNode> records() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
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

    private static String randomString() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
