package io.govaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.Problem;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes a verification report as one JSON object, for scripts and monitoring.
 *
 * <p>Schema (member order as written; times are UTC {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}):
 * <pre>
 * {
 *   "store": "/var/lib/myapp/audit",        absolute store directory
 *   "intact": true,                          false when any integrity problem was found
 *   "notChecked": ["anchors"],               checks no input was given for: "anchors" (no
 *                                            --anchors: records cut from the end after the
 *                                            last head mark would not be found); empty when all
 *   "chains": [ {
 *     "chain": "node-1",
 *     "records": 20003, "segments": 1, "bytes": 7345123,
 *     "firstSeq": 1, "lastSeq": 20003,       0 when the chain has no record
 *     "purgedThrough": 0,                    seq 1..N deleted under the retention or capacity
 *                                            policy, attested by RETENTION_PURGE; 0 = none
 *     "firstTime": "…Z", "lastTime": "…Z",   null when the chain has no record
 *     "problems": [ {
 *       "kind": "HASH_MISMATCH",             a {@link io.govaudit.verify.ProblemKind} name
 *       "integrity": true,                   false for warnings (TORN_TAIL, TIME_REGRESSION,
 *                                            RECORDING_GAP, MACS_NOT_CHECKED: keyed chain
 *                                            verified without its seed, HASHES_NOT_CHECKED: the
 *                                            same for format version 1 records,
 *                                            SIGNATURES_NOT_CHECKED: signed chain without a
 *                                            trusted key, CHECKPOINT_GAP)
 *       "seq": 42,                           0 when no seq applies
 *       "file": "00000000000000000001.log",  null when no file applies
 *       "line": 42,                          1-based, 0 when no line applies
 *       "message": "…"
 *     } ],
 *     "problemsNotListed": 0                 problems beyond the listing bound, counted only
 *   } ]
 * }
 * </pre>
 * Not thread-safe.
 */
final class JsonReportWriter {

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final Writer out;
    private final boolean anchorsChecked;

    JsonReportWriter(Writer out) {
        this(out, true);
    }

    JsonReportWriter(Writer out, boolean anchorsChecked) {
        this.out = out;
        this.anchorsChecked = anchorsChecked;
    }

    void write(VerificationReport report) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("store", report.store());
            json.writeBooleanField("intact", report.intact());
            json.writeArrayFieldStart("notChecked");
            if (!anchorsChecked) {
                json.writeString("anchors");
            }
            json.writeEndArray();
            json.writeArrayFieldStart("chains");
            for (ChainReport chain : report.chains()) {
                chain(json, chain);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write(System.lineSeparator());
    }

    private static void chain(JsonGenerator json, ChainReport chain) throws IOException {
        json.writeStartObject();
        json.writeStringField("chain", chain.chain());
        json.writeNumberField("records", chain.records());
        json.writeNumberField("segments", chain.segments());
        json.writeNumberField("bytes", chain.bytes());
        json.writeNumberField("firstSeq", chain.firstSeq());
        json.writeNumberField("lastSeq", chain.lastSeq());
        json.writeNumberField("purgedThrough", chain.purgedThrough());
        json.writeStringField("firstTime", Times.utc(chain.firstTime()));
        json.writeStringField("lastTime", Times.utc(chain.lastTime()));
        json.writeArrayFieldStart("problems");
        for (Problem problem : chain.problems()) {
            problem(json, problem);
        }
        json.writeEndArray();
        json.writeNumberField("problemsNotListed", chain.problemsNotListed());
        json.writeEndObject();
    }

    private static void problem(JsonGenerator json, Problem problem) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", problem.kind().name());
        json.writeBooleanField("integrity", problem.kind().isIntegrityProblem());
        json.writeNumberField("seq", problem.seq());
        json.writeStringField("file", problem.file());
        json.writeNumberField("line", problem.line());
        json.writeStringField("message", problem.message());
        json.writeEndObject();
    }
}
