package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.spring.testing.StoreRecords;
import io.govaudit.spring.webapp.PermitPortalApplication;
import io.govaudit.verify.AuditVerifier;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The client address recorded for a login made through (or pretending to come through) a proxy,
 * over real HTTP, for each way an application can be set up: govaudit's own trusted proxies with
 * either header, and Spring Boot's {@code server.forward-headers-strategy} (framework and native)
 * beside it. The test client is on 127.0.0.1, so "trusting 127.0.0.1" plays the proxy and "not
 * trusting it" plays a client that sends the header itself.
 */
class ClientAddressHttpTest {

    private static final String PASSWORD = UUID.randomUUID().toString();

    @TempDir
    static Path stores;

    @BeforeAll
    static void password() {
        PermitPortalApplication.password = PASSWORD;
    }

    /** properties (";" between) | header name | header value | the address recorded. */
    @ParameterizedTest(name = "[{index}] {0} + {1}: {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            -                                                           | X-Forwarded-For | 198.51.100.7                     | 127.0.0.1
            govaudit.web.trusted-proxies=127.0.0.1                      | X-Forwarded-For | 198.51.100.7                     | 198.51.100.7
            govaudit.web.trusted-proxies=127.0.0.1                      | X-Forwarded-For | 198.51.100.7, 10.0.0.3           | 10.0.0.3
            govaudit.web.trusted-proxies=127.0.0.1,10.0.0.0/8           | X-Forwarded-For | 198.51.100.7, 10.0.0.3           | 198.51.100.7
            govaudit.web.trusted-proxies=127.0.0.1                      | Forwarded       | for=198.51.100.7                 | 127.0.0.1
            govaudit.web.trusted-proxies=127.0.0.1;govaudit.web.forwarded-header=forwarded | Forwarded | for="[2001:db8::7]:4711" | 2001:db8::7
            govaudit.web.trusted-proxies=127.0.0.1;govaudit.web.forwarded-header=forwarded | X-Forwarded-For | 198.51.100.7 | 127.0.0.1
            server.forward-headers-strategy=framework                   | X-Forwarded-For | 198.51.100.7                     | 127.0.0.1
            server.forward-headers-strategy=framework                   | Forwarded       | for=198.51.100.7                 | 127.0.0.1
            server.forward-headers-strategy=native;server.tomcat.remoteip.internal-proxies=10\\.9\\.9\\.9 | X-Forwarded-For | 198.51.100.7 | 127.0.0.1
            server.forward-headers-strategy=native                      | X-Forwarded-For | 198.51.100.7                     | 198.51.100.7
            """)
    void theRecordedAddressFollowsTheConfiguration(String properties, String header, String value, String expected)
            throws Exception {
        Path store = Files.createTempDirectory(stores, "store");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--govaudit.file.directory=" + store,
                "--govaudit.admin-roles=ROLE_ADMIN", "--spring.application.name=permit-portal"));
        if (!properties.equals("-")) {
            for (String property : properties.split(";")) {
                args.add("--" + property);
            }
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PermitPortalApplication.class)
                .run(args.toArray(String[]::new))) {
            String port = context.getEnvironment().getProperty("local.server.port");
            HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header(header, value)
                    .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + PASSWORD))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(302);
        }

        List<JsonNode> records = StoreRecords.records(store);
        JsonNode recorded = StoreRecords.only(records, "LOGIN", "admin");
        assertThat(recorded.path("where").path("ip").asText()).isEqualTo(expected);
        assertThat(AuditVerifier.forDirectory(store).verify().intact()).isTrue();
    }
}
