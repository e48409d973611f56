package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The receipt written before anything is deleted says so ({@code in-progress}, no completion
 * time), so a crash during the deletion leaves evidence of what was to be deleted.
 */
class DestroyReceiptTest {

    private static DestroyReceipt receipt() {
        DestroyCoverage.Segment segment = new DestroyCoverage.Segment("00000000000000000001.log", 1, 42, 4096,
                "ab".repeat(32));
        DestroyCoverage.Chain chain = new DestroyCoverage.Chain("node-1", 42, 1, 42, List.of(segment),
                List.of(".lock", "head.mark"), 0, 0, 0);
        return new DestroyReceipt("/var/lib/app/audit", "host-a", Instant.parse("2026-12-01T01:02:03Z"), null,
                "A123456", DestroyCommand.DEFAULT_METHOD, "/root/handover.zip", "cd".repeat(32), 9000,
                "ef".repeat(32), "valid", "0123456789abcdef", List.of(chain), List.of("session.key"), null);
    }

    @Test
    void json_beforeDeletion_isInProgressAndListsEveryFile() {
        JsonNode r = Segments.parse(new String(receipt().json(), StandardCharsets.UTF_8));

        assertThat(r.get("status").asText()).isEqualTo("in-progress");
        assertThat(r.get("completed").isNull()).isTrue();
        assertThat(r.at("/chains/0/segments/0/name").asText()).isEqualTo("00000000000000000001.log");
        assertThat(r.at("/chains/0/segments/0/sha256").asText()).isEqualTo("ab".repeat(32));
        assertThat(r.at("/chains/0/state_files/1").asText()).isEqualTo("head.mark");
        assertThat(r.at("/store_files/0").asText()).isEqualTo("session.key");
        assertThat(r.get("method").asText()).contains("unlink", "not a secure erase");
        String html = new String(DestroyReceiptHtml.render(receipt(), "r.json", "r.json.sig"), StandardCharsets.UTF_8);
        assertThat(html).contains("進行中", "2026-12-01 09:02:03（臺北時間", "1–42").doesNotContain("已完成");
    }

    @Test
    void json_complete_hasStatusAndTime() {
        JsonNode r = Segments.parse(new String(receipt().complete(Instant.parse("2026-12-01T01:02:05Z")).json(),
                StandardCharsets.UTF_8));

        assertThat(r.get("status").asText()).isEqualTo("complete");
        assertThat(r.get("completed").asText()).isEqualTo("2026-12-01T01:02:05Z");
        assertThat(r.at("/quantity/bytes").asLong()).isEqualTo(4096);
        assertThat(r.at("/quantity/records").asLong()).isEqualTo(42);
    }
}
