package io.govaudit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.RecordIntegrityException;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code export} prints on stdout: a summary of the file written, or why nothing was. With
 * {@code --json} one object:
 *
 * <pre>
 * { "out": string, "written": boolean, "intact": boolean, "format": "jsonl"|"csv",
 *   "store": string, "filter": string, "records": number, "bytes": number, "sha256": string,
 *   "notVerified": number, "verdict": string }              (written)
 * { "out", "written": false, "intact": false, "format", "report": { verify --json } }   (refused)
 * { "out", "written": false, "intact": false, "format",
 *   "problem": { "chain", "seq", "message" } }  (a record changed after the verification)
 * </pre>
 *
 * <p>Not thread-safe.
 */
final class ExportReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintWriter w;
    private final String path;
    private final String format;
    private final boolean json;

    ExportReport(PrintWriter w, Path out, ExportCommand.Format format, boolean json) {
        this.w = w;
        this.path = out.toAbsolutePath().normalize().toString();
        this.format = format.name().toLowerCase(Locale.ROOT);
        this.json = json;
    }

    /** The file was written. */
    void written(VerificationReport report, AuditQuery query, ExportCommand.Written written) throws IOException {
        if (json) {
            ObjectNode root = head(true);
            root.put("store", report.store());
            root.put("filter", query.describe());
            root.put("records", written.records());
            root.put("bytes", written.bytes());
            root.put("sha256", written.sha256());
            root.put("notVerified", written.notVerified());
            root.put("verdict", HumanReportWriter.verdict(report));
            print(root);
            return;
        }
        w.println("export " + path);
        w.println("  store      " + report.store());
        w.println("  filter     " + query.describe());
        w.println("  format     " + format);
        w.println("  records    " + written.records() + (written.notVerified() == 0 ? ""
                : " (" + written.notVerified() + " written after the verification left out)"));
        w.println("  bytes      " + written.bytes());
        w.println("  sha256     " + written.sha256());
        w.println("  recorded   AUDIT_LOG_READ (action export) in chain " + ReadRecorder.chain() + " of the store");
        w.println(HumanReportWriter.verdict(report));
        w.flush();
    }

    /** The store is not intact: its report, as verify prints it. */
    void refused(VerificationReport report, List<String> checks, boolean anchorsChecked) throws IOException {
        if (json) {
            StringWriter text = new StringWriter();
            new JsonReportWriter(text, anchorsChecked).write(report);
            ObjectNode root = head(false);
            root.set("report", MAPPER.readTree(text.toString()));
            print(root);
        } else {
            new HumanReportWriter(w, checks, anchorsChecked).write(report);
            w.flush();
        }
    }

    /** A record read did not match its hash or place. */
    void broken(RecordIntegrityException e) throws IOException {
        if (json) {
            ObjectNode root = head(false);
            ObjectNode problem = root.putObject("problem");
            problem.put("chain", e.chain());
            problem.put("seq", e.seq());
            problem.put("message", e.getMessage());
            print(root);
        }
    }

    private ObjectNode head(boolean written) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("out", path);
        root.put("written", written);
        root.put("intact", written);
        root.put("format", format);
        return root;
    }

    private void print(ObjectNode root) throws IOException {
        w.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        w.flush();
    }
}
