package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.EventType;
import io.govaudit.spring.actuatorapp.RecordsOfficeApplication;
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
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real Boot application with actuator, Spring Security (HTTP Basic) and its own 64 KiB
 * STOP_RECORDING trail on a random port, driven over real HTTP: the {@code govaudit} health
 * component, the {@code govaudit} endpoint for auditors only with every read in the chain, the
 * meters, and OUT_OF_SERVICE once the store is full. Uses only what Spring Boot 3.5 and 4.0 both
 * have (java.net.http, Jackson 2), so the same test runs under either. The methods run in order:
 * the last one fills the store.
 */
@SpringBootTest(classes = RecordsOfficeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovauditActuatorWebTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD = HexFormat.of().formatHex(RANDOM.generateSeed(12));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path store;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordsOfficeApplication.password = PASSWORD;
        RecordsOfficeApplication.store = store;
        // the application builds its own trail; the property names its store for verification
        registry.add("govaudit.file.directory", () -> store.toString());
        registry.add("management.endpoints.web.exposure.include", () -> "health,metrics,govaudit");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail trail;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void health_runningTrail_isUpWithStateCapacityAndHead() throws Exception {
        JsonNode govaudit = health().path("components").path("govaudit");

        assertThat(govaudit.path("status").asText()).isEqualTo("UP");
        JsonNode details = govaudit.path("details");
        assertThat(details.path("chain").asText()).isEqualTo(RecordsOfficeApplication.CHAIN);
        assertThat(details.path("state").asText()).isEqualTo("RUNNING");
        assertThat(details.path("head").path("seq").asLong()).isEqualTo(trail.status().headSeq());
        List<JsonNode> records = records();
        assertThat(details.path("head").path("hash").asText())
                .isEqualTo(records.get(records.size() - 1).path("hash").asText());
        assertThat(details.path("capacity").path("maxBytes").asLong()).isEqualTo(RecordsOfficeApplication.MAX_BYTES);
        assertThat(details.path("capacity").path("usedBytes").asLong()).isPositive();
        assertThat(details.path("capacity").path("onFull").asText()).isEqualTo("STOP_RECORDING");
        assertThat(details.path("notRecorded").asLong()).isZero();
    }

    @Test
    @Order(2)
    void endpoint_nonAuditor_isRefusedWith403AndTheAttemptIsRecorded() throws Exception {
        HttpResponse<String> status = get("/actuator/govaudit", "clerk");
        HttpResponse<String> verify = get("/actuator/govaudit/verify", "clerk");
        HttpResponse<String> anonymous = get("/actuator/govaudit", null);

        assertThat(status.statusCode()).isEqualTo(403);
        assertThat(verify.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        List<JsonNode> attempts = records("AUDIT_LOG_READ").stream()
                .filter(r -> r.path("actor").path("id").asText().equals("clerk")).toList();
        assertThat(attempts).hasSize(2).allSatisfy(r -> {
            assertThat(r.path("outcome").asText()).isEqualTo("FAILURE");
            assertThat(r.path("reason").asText()).isEqualTo("access denied");
        });
        assertThat(attempts).extracting(r -> r.path("detail").path("action").asText())
                .containsExactly("status", "verify");
    }

    @Test
    @Order(3)
    void endpoint_auditor_readsStatusAndVerifiesAndEveryReadIsRecorded() throws Exception {
        HttpResponse<String> status = get("/actuator/govaudit", "auditor");
        HttpResponse<String> verify = get("/actuator/govaudit/verify", "auditor");
        HttpResponse<String> unknown = get("/actuator/govaudit/export", "auditor");

        assertThat(status.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(status.body());
        assertThat(body.path("state").asText()).isEqualTo("RUNNING");
        assertThat(body.path("health").asText()).isEqualTo("UP");
        assertThat(body.path("capacity").path("maxBytes").asLong()).isEqualTo(RecordsOfficeApplication.MAX_BYTES);
        assertThat(body.path("notRecorded").asLong()).isZero();
        assertThat(body.path("lastCheckpoint").asText()).isEqualTo("none since the trail opened"); // no signing key
        assertThat(body.path("head").path("seq").asLong()).isPositive();

        assertThat(verify.statusCode()).isEqualTo(200);
        JsonNode verdict = JSON.readTree(verify.body());
        assertThat(verdict.path("verdict").asText()).as(verify.body()).isEqualTo("INTACT");
        assertThat(verdict.path("store").asText()).isEqualTo(store.toString());
        assertThat(verdict.path("chains").get(0).path("chain").asText()).isEqualTo(RecordsOfficeApplication.CHAIN);
        assertThat(unknown.statusCode()).isEqualTo(400);

        List<JsonNode> reads = records("AUDIT_LOG_READ").stream()
                .filter(r -> r.path("actor").path("id").asText().equals("auditor")).toList();
        assertThat(reads).hasSize(2).allSatisfy(r -> {
            assertThat(r.path("outcome").asText()).isEqualTo("SUCCESS");
            assertThat(r.path("subject").path("id").asText()).isEqualTo(RecordsOfficeApplication.CHAIN);
            assertThat(r.path("actor").path("roles").toString()).contains("ROLE_AUDITOR");
            assertThat(r.path("where").path("ip").asText()).isEqualTo("127.0.0.1");
        });
        assertThat(reads.get(0).path("detail").path("action").asText()).isEqualTo("status");
        assertThat(reads.get(0).path("where").path("op").asText()).isEqualTo("GET /actuator/govaudit");
        assertThat(reads.get(1).path("detail").path("action").asText()).isEqualTo("verify");
        assertThat(reads.get(1).path("detail").path("verdict").asText()).isEqualTo("INTACT");

        VerificationReport report = AuditVerifier.forDirectory(store).expectChain(RecordsOfficeApplication.CHAIN)
                .verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
    }

    @Test
    @Order(4)
    void metrics_records_countTheApplicationRecordsInTheChain() throws Exception {
        for (int i = 0; i < 5; i++) {
            trail.record(AuditEvent.adminAction(Actor.of("A123456"), "POST /api/permits/" + i).build());
        }

        JsonNode records = metric("govaudit.records");
        JsonNode batches = metric("govaudit.batches");
        JsonNode latency = metric("govaudit.commit.latency");
        JsonNode capacity = metric("govaudit.capacity.used");

        long applicationRecords = records().stream()
                .filter(r -> !EventType.of(r.path("type").asText()).isLibraryType()).count();
        assertThat(applicationRecords).isGreaterThanOrEqualTo(5 + 4); // these 5, and the reads before
        assertThat(value(records, "COUNT")).isEqualTo(applicationRecords);
        assertThat(records.path("availableTags").get(0).path("tag").asText()).isEqualTo("chain");
        assertThat(records.path("availableTags").get(0).path("values").get(0).asText())
                .isEqualTo(RecordsOfficeApplication.CHAIN);
        assertThat(value(batches, "COUNT")).isPositive();
        assertThat(value(latency, "COUNT")).isEqualTo(value(batches, "COUNT"));
        assertThat(value(capacity, "VALUE")).isPositive();
        for (String gauge : List.of("govaudit.queue.depth", "govaudit.not.recorded", "govaudit.batch.size",
                "govaudit.records.written", "govaudit.capacity.max")) {
            assertThat(get("/actuator/metrics/" + gauge, "auditor").statusCode()).as(gauge).isEqualTo(200);
        }
    }

    @Test
    @Order(5)
    void health_storeFullUnderStopRecording_isOutOfServiceAndCountsWhatIsNotRecorded() throws Exception {
        int i = 0;
        while (trail.record(AuditEvent.adminAction(Actor.of("A123456"), "POST /api/fill").detail("n", i).build())
                .recorded()) {
            assertThat(i++).as("the store fills up").isLessThan(10_000);
        }

        JsonNode govaudit = health().path("components").path("govaudit");
        HttpResponse<String> status = get("/actuator/govaudit", "auditor");

        assertThat(govaudit.path("status").asText()).isEqualTo("OUT_OF_SERVICE");
        assertThat(govaudit.path("details").path("state").asText()).isEqualTo("STOPPED");
        assertThat(govaudit.path("details").path("notRecorded").asLong()).isEqualTo(1);
        assertThat(govaudit.path("details").path("capacity").path("usedPercent").asDouble()).isGreaterThan(90);
        // under STOP_RECORDING the read itself is counted, not recorded, and still answered
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(status.body()).path("health").asText()).isEqualTo("OUT_OF_SERVICE");
        assertThat(trail.status().notRecorded()).isEqualTo(2);
        assertThat(value(metric("govaudit.not.recorded"), "COUNT")).isEqualTo(2);
    }

    // ---- helpers ----

    private JsonNode health() throws Exception {
        HttpResponse<String> response = get("/actuator/health", null);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
        return JSON.readTree(response.body());
    }

    private JsonNode metric(String name) throws Exception {
        HttpResponse<String> response = get("/actuator/metrics/" + name, "auditor");
        assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static double value(JsonNode metric, String statistic) {
        for (JsonNode measurement : metric.path("measurements")) {
            if (measurement.path("statistic").asText().equals(statistic)) {
                return measurement.path("value").asDouble();
            }
        }
        throw new AssertionError("no " + statistic + " in " + metric);
    }

    private HttpResponse<String> get(String path, String user) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every record of the chain, in order, from the segment files. */
    private static List<JsonNode> records() throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(store.resolve(RecordsOfficeApplication.CHAIN))) {
            for (Path segment : files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
                for (String line : Files.readAllLines(segment, StandardCharsets.UTF_8)) {
                    records.add(JSON.readTree(line));
                }
            }
        }
        return records;
    }

    private static List<JsonNode> records(String type) throws IOException {
        return records().stream().filter(r -> r.path("type").asText().equals(type)).toList();
    }
}
