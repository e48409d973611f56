package io.govaudit.examples.admin;

import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.StoredRecord;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /audit/export}: the records the audit page's filter selects, as JSON Lines
 * ({@code application/x-ndjson}), each line exactly as stored, so that the verifier's tools can
 * still check each record's hash. Read through the {@link AuditReader} bean, which records the
 * export as {@code AUDIT_LOG_READ} when the stream is closed (with its filter and the number of
 * records). The lines are spooled to a temporary file first and sent only after that record is
 * written: an export the trail refuses to record is not handed out, and memory stays bounded.
 */
@Controller
class AuditExportController {

    static final String NDJSON = "application/x-ndjson";

    private final AuditReader reader;

    AuditExportController(AuditReader reader) {
        this.reader = reader;
    }

    @GetMapping("/audit/export")
    void export(AuditFilter filter, HttpServletResponse response) throws IOException {
        Optional<AuditQuery> query = filter.validQuery(AuditController.PAGE_SIZE);
        if (query.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        Path spool = Files.createTempFile("govaudit-export-", ".jsonl");
        try {
            try (Stream<StoredRecord> records = reader.stream(query.get());
                    BufferedWriter out = Files.newBufferedWriter(spool, StandardCharsets.UTF_8)) {
                for (StoredRecord record : (Iterable<StoredRecord>) records::iterator) {
                    out.write(record.line());
                    out.write('\n');
                }
            }
            response.setContentType(NDJSON);
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"audit-export.jsonl\"");
            response.setContentLengthLong(Files.size(spool));
            try (OutputStream body = response.getOutputStream()) {
                Files.copy(spool, body);
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }
}
