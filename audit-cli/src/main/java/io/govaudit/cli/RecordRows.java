package io.govaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.query.StoredRecord;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.Problem;
import io.govaudit.verify.VerificationReport;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns records and verification reports into review rows: the members a reviewer reads, and per
 * type the detail members that matter (docs/format.md section 4), as {@code key=value; ...}.
 * Values are copied as recorded; escaping is the writers' job. Stateless and thread-safe.
 */
final class RecordRows {

    /** Detail members shown per type; other types show every member (up to {@link #MAX_MEMBERS}). */
    private static final Map<String, List<String>> SHOWN = Map.of(
            "PERMISSION_CHANGE", List.of("granted", "revoked"),
            "RECORDING_STOPPED", List.of("reason", "on_full", "used_bytes"),
            "RECORDING_RESUMED", List.of("not_recorded", "first_not_recorded", "last_not_recorded", "stopped"),
            "TRAIL_STOP", List.of("stopped", "not_recorded", "first_not_recorded", "last_not_recorded"),
            "CAPACITY_WARNING", List.of("used_bytes", "max_bytes", "warn_at_percent"),
            "RETENTION_PURGE", List.of("reason", "first_seq", "last_seq", "segments", "bytes_freed", "newest_before",
                    "retention_violation"),
            "RECOVERY", List.of("segment", "cut_bytes", "kept_bytes", "last_seq", "quarantine"),
            "CLOCK_ANOMALY", List.of("back_by_ms", "previous_ts", "ts", "reason", "offset_ms", "step_ms", "server",
                    "max_offset_ms"),
            "RECORDS_LOST", List.of("lost_from", "lost_through", "evidence"));

    private static final int MAX_MEMBERS = 12;
    private static final int MAX_VALUE = 300;

    private RecordRows() {
    }

    static Review.Event event(StoredRecord record, JsonNode line, Instant from, Instant to) {
        JsonNode actor = line.path("actor");
        JsonNode subject = line.path("subject");
        JsonNode where = line.path("where");
        String subjectText = subject.isObject() ? text(subject.path("kind")) + ":" + text(subject.path("id"))
                + (subject.has("name") ? " (" + text(subject.path("name")) + ")" : "") : null;
        return new Review.Event(record.ts(), record.chain(), record.seq(), record.type(), record.outcome(),
                record.actorId(), actor.has("name") ? text(actor.path("name")) : null, subjectText, record.ip(),
                where.has("op") ? text(where.path("op")) : null, detail(record.type(), line), from, to);
    }

    private static String detail(String type, JsonNode line) {
        JsonNode detail = line.path("detail");
        List<String> parts = new ArrayList<>();
        List<String> shown = SHOWN.get(type);
        if (shown != null) {
            for (String name : shown) {
                if (detail.has(name)) {
                    parts.add(name + "=" + value(detail.get(name)));
                }
            }
        } else {
            for (Map.Entry<String, JsonNode> e : detail.properties()) {
                if (parts.size() == MAX_MEMBERS) {
                    break;
                }
                parts.add(e.getKey() + "=" + value(e.getValue()));
            }
        }
        if (line.has("reason")) {
            parts.add("reason=" + value(line.get("reason")));
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static String value(JsonNode node) {
        String text;
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(text(n)));
            text = "[" + String.join(", ", items) + "]";
        } else {
            text = text(node);
        }
        return text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE) + "…" : text;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** @return an ISO instant member, or null when absent or not a time */
    static Instant instant(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The verdict per chain, with problems and warnings counted by kind (problems beyond the
     * verifier's listing bound count under {@code NOT_LISTED}).
     */
    static Review.Integrity integrity(VerificationReport report, boolean anchorsChecked) {
        List<Review.ChainVerdict> chains = new ArrayList<>();
        for (ChainReport chain : report.chains()) {
            Map<String, Long> problems = new TreeMap<>();
            Map<String, Long> warnings = new TreeMap<>();
            for (Problem p : chain.problems()) {
                (p.kind().isIntegrityProblem() ? problems : warnings).merge(p.kind().name(), 1L, Long::sum);
            }
            if (chain.problemsNotListed() > 0) {
                problems.merge("NOT_LISTED", chain.problemsNotListed(), Long::sum);
            }
            chains.add(new Review.ChainVerdict(chain.chain(), chain.records(), chain.lastSeq(), chain.intact(),
                    problems, warnings));
        }
        return new Review.Integrity(report.intact(), List.copyOf(chains),
                anchorsChecked ? List.of() : List.of("anchors"));
    }
}
