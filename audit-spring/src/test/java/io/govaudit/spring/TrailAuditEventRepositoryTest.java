package io.govaudit.spring;

import io.govaudit.spring.testing.StoreRecords;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.AuditTrail;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.audit.AuditEvent;

/** Boot's audit events into a real chain: mapping, the security types left out, the window. */
class TrailAuditEventRepositoryTest {

    @TempDir
    Path store;

    @Test
    void add_mapsTypePrincipalAndDataAndSkipsSecurityTypes() {
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("boot").system("test").build()) {
            TrailAuditEventRepository repository = new TrailAuditEventRepository(
                    new AuditContext(trail, new WebActors(List.of(), new ClientAddress(List.of()))));
            for (String type : List.of("AUTHENTICATION_SUCCESS", "AUTHENTICATION_FAILURE", "LOGOUT_SUCCESS",
                    "AUTHORIZATION_FAILURE")) {
                repository.add(new AuditEvent("alice", type, Map.of("details", "x")));
            }
            repository.add(new AuditEvent("alice", "order.placed", Map.of("order id", "O-1", "password", "s3cret",
                    "note", "call 0912345678", "object", new Object())));
            repository.add(new AuditEvent("bob", "CHECKPOINT", Map.of()));

            assertThat(repository.find(null, null, null)).extracting(AuditEvent::getType)
                    .containsExactly("order.placed", "CHECKPOINT");
            assertThat(repository.find("bob", null, null)).hasSize(1);
        }
        List<JsonNode> records = StoreRecords.applicationRecords(store);
        assertThat(records).extracting(r -> r.path("type").asText()).containsExactly("ORDER_PLACED", "BOOT_CHECKPOINT");
        JsonNode order = records.get(0);
        assertThat(order.path("actor").path("id").asText()).isEqualTo("alice");
        assertThat(order.path("detail").path("bootType").asText()).isEqualTo("order.placed");
        assertThat(order.path("detail").path("order_id").asText()).isEqualTo("O-1");
        assertThat(order.path("detail").path("object").asText()).isEqualTo("<Object>");
        assertThat(order.toString()).doesNotContain("s3cret").doesNotContain("0912345678");
    }

    @Test
    void code_andKey_areSanitised() {
        assertThat(TrailAuditEventRepository.code("report.exported")).isEqualTo("REPORT_EXPORTED");
        assertThat(TrailAuditEventRepository.code("1st-run")).isEqualTo("BOOT_1ST_RUN");
        assertThat(TrailAuditEventRepository.code("trail_start")).isEqualTo("BOOT_TRAIL_START");
        assertThat(TrailAuditEventRepository.code("x".repeat(100))).hasSize(64);
        assertThat(TrailAuditEventRepository.key("remote address")).isEqualTo("remote_address");
        assertThat(TrailAuditEventRepository.key("9lives")).isEqualTo("data_9lives");
        assertThat(TrailAuditEventRepository.key("名字")).isEqualTo("data___");
    }
}
