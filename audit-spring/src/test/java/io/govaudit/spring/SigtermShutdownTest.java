package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.spring.testing.StoreRecords;
import io.govaudit.spring.webapp.PermitPortalApplication;
import io.govaudit.spring.webapp.PermitPortalMain;
import io.govaudit.verify.AuditVerifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application in its own JVM, stopped as a service manager stops it: SIGTERM
 * ({@link Process#destroy()} on Linux and macOS). A request in flight when the signal arrives
 * finishes and is recorded, then {@code TRAIL_STOP} closes the chain, and the chain verifies.
 */
class SigtermShutdownTest {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port[s]?[ (]*(\\d+)");

    @TempDir
    Path store;

    @Test
    void sigtermLetsTheRequestInFlightFinishAndEndsTheChainWithTrailStop() throws Exception {
        String password = UUID.randomUUID().toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PermitPortalMain.class.getName(), "--server.port=0", "--govaudit.file.directory=" + store,
                "--govaudit.admin-roles=ROLE_ADMIN", "--govaudit.chain-id=permit-portal",
                "--spring.main.banner-mode=off").redirectErrorStream(true);
        builder.environment().put("PERMIT_PORTAL_PASSWORD", password);
        Process app = builder.start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(app.getInputStream(),
                    StandardCharsets.UTF_8));
            int port = awaitPort(output);
            // keep draining the output so the child never blocks on a full pipe
            CompletableFuture<Void> arrived = new CompletableFuture<>();
            Thread drain = new Thread(() -> output.lines().forEach(line -> {
                if (line.contains(PermitPortalApplication.SLOW_ARRIVED)) {
                    arrived.complete(null);
                }
            }));
            drain.setDaemon(true);
            drain.start();

            HttpClient admin = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<String> login = admin.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + password))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(302);

            CompletableFuture<HttpResponse<String>> slow = admin.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/slow"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            // the slow request sleeps 800 ms once in the controller: SIGTERM then
            arrived.get(30, TimeUnit.SECONDS);
            app.destroy();

            assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the application exits after SIGTERM").isTrue();
        } finally {
            app.destroyForcibly();
        }

        List<JsonNode> records = StoreRecords.records(store);
        List<String> types = StoreRecords.types(records);
        assertThat(types).containsSubsequence("LOGIN", "ADMIN_ACTION", "TRAIL_STOP");
        assertThat(types.get(types.size() - 1)).isEqualTo("TRAIL_STOP");
        assertThat(StoreRecords.only(records, "ADMIN_ACTION", "admin").path("where").path("op").asText())
                .isEqualTo("POST /api/slow");
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).isTrue();
    }

    private static int awaitPort(BufferedReader output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        StringBuilder seen = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = output.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the application did not report its port; its output:\n" + seen);
    }
}
