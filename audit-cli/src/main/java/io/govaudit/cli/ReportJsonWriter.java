package io.govaudit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes a {@link Review} as one JSON object ({@code report --format json}), the same figures as
 * the HTML page: members in the order of {@link Review}'s components, times as ISO-8601 UTC
 * ({@code Instant.toString}), days as {@code yyyy-MM-dd} in the review's zone, absent values as
 * {@code null}. The schema is in docs/operations.md, "Periodic review report". The SHA-256 of these
 * bytes is the review digest printed in the HTML page and recorded in the AUDIT_LOG_READ record.
 * Thread-safe.
 */
final class ReportJsonWriter {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule("report-times")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(LocalDate.class, ToStringSerializer.instance))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ReportJsonWriter() {
    }

    /** @return the review as UTF-8 JSON, ending with a line feed */
    static byte[] bytes(Review review) {
        try {
            String text = JSON.writeValueAsString(review) + "\n";
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the review as JSON", e);
        }
    }
}
