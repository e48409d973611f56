package io.govaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.AuditTrail;
import io.govaudit.ClockCheck;
import io.govaudit.EventType;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.QueryPage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The clock-check options of {@code generate} (docs/operations.md, clock synchronisation):
 * {@code --ntp-server HOST[:PORT]} (repeatable) and {@code --max-clock-offset} map onto
 * {@link AuditTrail.Builder#clockCheck}; {@link #measured} reads the offset the trail measured at
 * start back from its {@code TRAIL_START} record, for the summary.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class ClockOptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--ntp-server", paramLabel = "HOST[:PORT]",
            description = "Check the clock against this SNTP server (port 123 unless given); repeat for "
                    + "alternatives asked in order, e.g. time.stdtime.gov.tw.")
    List<String> servers = new ArrayList<>();

    @Option(names = "--max-clock-offset", paramLabel = "DURATION", converter = Options.DurationConverter.class,
            description = "The largest clock offset or step that is no CLOCK_ANOMALY, e.g. PT1S or 500ms "
                    + "(needs --ntp-server; default PT1S).")
    Duration maxOffset;

    /**
     * Adds a message naming the option and value for every invalid or conflicting setting.
     *
     * @param problems where to add the messages
     */
    void validate(List<String> problems) {
        if (maxOffset != null && servers.isEmpty()) {
            problems.add("--max-clock-offset " + maxOffset + " needs --ntp-server");
        }
        if (!servers.isEmpty()) {
            try {
                check();
            } catch (IllegalArgumentException e) {
                problems.add("--ntp-server/--max-clock-offset: " + e.getMessage());
            }
        }
    }

    /** @return true if a server was given */
    boolean set() {
        return !servers.isEmpty();
    }

    private ClockCheck check() {
        ClockCheck check = ClockCheck.servers(servers.toArray(String[]::new));
        return maxOffset == null ? check : check.maxOffset(maxOffset);
    }

    /**
     * Applies the options to the builder; call {@link #validate} first.
     *
     * @param builder the trail builder
     */
    void apply(AuditTrail.Builder builder) {
        if (set()) {
            builder.clockCheck(check());
        }
    }

    /**
     * Describes the offset the newest {@code TRAIL_START} of a directory chain carries.
     *
     * @param store the store directory
     * @param chain the chain
     * @return e.g. {@code +250 ms (127.0.0.1:1123, max 1000 ms)}, or why there is none
     */
    String measured(Path store, String chain) {
        AuditQuery query = AuditQuery.builder().chain(chain).types(EventType.TRAIL_START).newestFirst().limit(1).build();
        try (AuditReader reader = AuditReader.forDirectory(store)) {
            QueryPage page = reader.page(query);
            JsonNode detail = page.records().isEmpty() ? null
                    : JSON.readTree(page.records().get(0).line()).path("detail");
            if (detail == null || !detail.has("clock_offset_ms")) {
                return "not measured: no server answered (see the CLOCK_ANOMALY alert)";
            }
            long offset = detail.path("clock_offset_ms").asLong();
            return (offset >= 0 ? "+" : "") + offset + " ms (" + detail.path("clock_server").asText() + ", max "
                    + check().maxOffset().toMillis() + " ms)";
        } catch (IOException | RuntimeException e) {
            return "unknown (cannot read TRAIL_START: " + e.getMessage() + ")";
        }
    }
}
