package io.govaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.verify.AuditVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code verify} options that state what must be in the store: {@code --expect-chain},
 * {@code --expect-head CHAIN=SEQ} and {@code --expect-from REPORT.json} (a previous
 * {@code verify --json} report, each of whose chains must still be there and reach its
 * {@code lastSeq}). Stateless.
 */
final class Expectations {

    /** A previous report is a few KiB per chain; anything far larger is not one. */
    private static final long MAX_REPORT_BYTES = 64L * 1024 * 1024;

    private Expectations() {
    }

    static void apply(AuditVerifier verifier, List<String> chains, List<String> heads, Path report) {
        try {
            chains.forEach(verifier::expectChain);
            for (String head : heads) {
                int eq = head.lastIndexOf('=');
                if (eq < 1) {
                    throw new CliFailure("--expect-head must be CHAIN=SEQ, e.g. node-1=48210, was '" + head + "'");
                }
                verifier.expectHead(head.substring(0, eq), parseSeq(head.substring(eq + 1), "--expect-head " + head));
            }
            if (report != null) {
                fromReport(verifier, report);
            }
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    private static long parseSeq(String text, String option) {
        try {
            long seq = Long.parseLong(text);
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliFailure(option + ": the seq must be a whole number 0 or more, was '" + text + "'");
    }

    private static void fromReport(AuditVerifier verifier, Path report) {
        JsonNode root;
        try {
            if (Files.size(report) > MAX_REPORT_BYTES) {
                throw new CliFailure("--expect-from " + report + " is larger than " + MAX_REPORT_BYTES
                        + " bytes: not a verify --json report");
            }
            root = new ObjectMapper().readTree(report.toFile());
        } catch (IOException e) {
            throw new CliFailure("--expect-from " + report + " cannot be read as a verify --json report: "
                    + e.getMessage(), e);
        }
        JsonNode chains = root == null ? null : root.get("chains");
        if (chains == null || !chains.isArray() || chains.isEmpty()) {
            throw new CliFailure("--expect-from " + report + " is not a verify --json report with chains "
                    + "(expected {\"chains\":[{\"chain\":...,\"lastSeq\":...}]})");
        }
        for (JsonNode chain : chains) {
            JsonNode id = chain.get("chain");
            JsonNode last = chain.get("lastSeq");
            if (id == null || !id.isTextual() || last == null || !last.canConvertToLong() || last.asLong() < 0) {
                throw new CliFailure("--expect-from " + report + ": a chain entry lacks a chain id or a lastSeq: "
                        + chain.toString().substring(0, Math.min(200, chain.toString().length())));
            }
            verifier.expectHead(id.asText(), last.asLong());
        }
    }
}
