package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.spring.testing.StoreRecords;
import io.govaudit.spring.webapp.PermitPortalApplication;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code govaudit.capacity.on-full=fail-closed} over real HTTP: once the store is full, nothing an
 * administrator asks for runs unrecorded and nobody logs in unrecorded. The one request during
 * which the store filled up ran before its record was refused: it fails (500, or a cut connection
 * when the response had already been committed, or the client may even have had its answer) and
 * is counted as not recorded; every later one is refused with 503 before it runs.
 */
class FailClosedWebTest {

    private static final String PASSWORD = UUID.randomUUID().toString();

    @TempDir
    Path store;

    @Test
    void aFullStoreUnderFailClosedRefusesAdminRequestsAndLoginsBeforeTheyHappen() throws Exception {
        PermitPortalApplication.password = PASSWORD;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PermitPortalApplication.class)
                .run("--server.port=0", "--govaudit.file.directory=" + store, "--govaudit.admin-roles=ROLE_ADMIN",
                        "--govaudit.chain-id=permit-portal", "--govaudit.segment.max-bytes=16KB",
                        "--govaudit.capacity.max-bytes=64KB", "--govaudit.capacity.reserve-bytes=16KB",
                        "--govaudit.capacity.on-full=fail-closed")) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            HttpClient admin = client();
            assertThat(login(admin, base, "admin").statusCode()).isEqualTo(302);

            int ok = 0;
            int status = 200;
            while (status == 200 && ok < 5_000) {
                try {
                    status = post(admin, base + "/api/settings/timeout").statusCode();
                } catch (IOException aborted) {
                    // the response was already on its way when the record was refused: the
                    // container can only cut the connection
                    status = -1;
                }
                if (status == 200) {
                    ok++;
                }
            }
            // the request that met the full store ran, then its record was refused
            assertThat(status).isIn(500, -1);
            assertThat(ok).isGreaterThan(10);
            // from now on an administrator's request is refused before it runs
            assertThat(post(admin, base + "/api/settings/timeout").statusCode()).isEqualTo(503);
            assertThat(post(admin, base + "/api/settings/timeout").statusCode()).isEqualTo(503);

            // a login the trail refuses to record does not leave a logged-in session behind
            HttpClient clerk = client();
            assertThat(login(clerk, base, "clerk").statusCode()).isEqualTo(500);
            HttpResponse<String> after = post(clerk, base + "/api/settings/timeout");
            assertThat(after.statusCode()).isEqualTo(302);
            assertThat(after.headers().firstValue("Location").orElseThrow()).endsWith("/login");

            List<JsonNode> records = StoreRecords.records(store);
            List<JsonNode> actions = records.stream()
                    .filter(r -> r.path("type").asText().equals("ADMIN_ACTION")).toList();
            // ADMIN_ACTION is written when the request completes, with its status: the one
            // request whose record no longer fitted may already have had its 200
            assertThat(actions.size()).isBetween(ok - 1, ok);
            assertThat(StoreRecords.types(records)).contains("RECORDING_STOPPED").doesNotContain("TRAIL_STOP");
            assertThat(records.stream().filter(r -> r.path("type").asText().equals("LOGIN")))
                    .extracting(r -> r.path("actor").path("id").asText()).containsExactly("admin");
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> login(HttpClient client, String base, String user) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + PASSWORD))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient client, String uri) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
