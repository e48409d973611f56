package io.govaudit.cli;

import io.govaudit.AuditException;
import io.govaudit.EventType;
import io.govaudit.Outcome;
import io.govaudit.jdbc.JdbcAuditReader;
import io.govaudit.jdbc.JdbcRecordSource;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.InvalidQueryException;
import io.govaudit.query.RecordIntegrityException;
import io.govaudit.query.StoredRecord;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code audit-cli export STORE --format jsonl|csv --out FILE [filters]}: the records a query
 * selects, as JSON Lines (the stored lines verbatim, which still verify) or as CSV for people
 * ({@link CsvWriter}); docs/operations.md "Export".
 *
 * <p>Steps: (1) verify the whole store as {@code verify} does, with the same keys and
 * expectations ({@link VerifierOptions}); a store that is not intact is refused (exit 1) and
 * nothing is written. (2) Stream the query ({@link AuditReader#forDirectory} or
 * {@link JdbcAuditReader}) into a temporary file beside {@code --out}, keeping only records the
 * verification covered (a record appended to a chain after it is left out and counted), while
 * computing the file's SHA-256; a record that no longer matches its hash stops the export
 * (exit 1). (3) Record the export as {@code AUDIT_LOG_READ}, action {@code export}, in chain
 * {@code audit-cli-<host>} of the same store ({@link ReadRecorder}), with the filter, format,
 * count and SHA-256. (4) Rename the temporary file to {@code --out}.
 *
 * <p>Failure: any failure deletes the temporary file, so no partial or unrecorded export is left.
 * An existing {@code --out} is kept unless {@code --force}.
 *
 * <p>Not thread-safe: picocli creates one instance per run.
 *
 * @since 0.1.0
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Exports the records a query selects, as JSON Lines (the stored lines verbatim, which still "
                + "verify) or CSV for people (UTF-8 with BOM, CRLF, formula-guarded).",
            "The whole store is verified first; a store with integrity problems is refused and nothing is written.",
            "The export is recorded as AUDIT_LOG_READ (action export) in chain audit-cli-<host> of the store."},
        footer = {"", "Exit status: 0 written, 1 the store is not intact (nothing written), 2 usage or I/O error.",
            "", "Times: an ISO-8601 instant (2026-11-01T00:00:00Z, 2026-11-01T08:00:00+08:00) or a date, a whole",
            "day in Asia/Taipei: --from 2026-11-01 --to 2026-11-30 is November 1 to 30 inclusive, Taipei time.",
            "", "  export /var/lib/permit-portal/audit --from 2026-11-01 --to 2026-11-30 --type LOGIN_FAILURE \\",
            "      --format csv --out login-failures-2026-11.csv",
            "  export --jdbc-url jdbc:postgresql://db:5432/audit --jdbc-user auditor \\",
            "      --jdbc-password-env AUDIT_DB_PASSWORD --actor A123456 --format jsonl --out a123456.jsonl"})
final class ExportCommand implements Callable<Integer> {

    /** The output formats. */
    enum Format {
        /** JSON Lines, the stored lines verbatim. */
        JSONL,
        /** CSV for spreadsheets. */
        CSV
    }

    /** {@code jsonl} or {@code csv}, in any case. */
    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Arrays.stream(Format.values()).filter(f -> f.name().equalsIgnoreCase(value)).findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a format: use jsonl or csv"));
        }
    }

    private static final int PROGRESS_EVERY = 1000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<dir>",
            description = "The store directory (one sub-directory per chain); not with --jdbc-url.")
    Path store;

    @Mixin
    JdbcOptions jdbc;

    @Option(names = "--format", required = true, paramLabel = "jsonl|csv", converter = FormatConverter.class,
            description = "jsonl: the stored record lines verbatim; csv: one row per record for people.")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The file to write; not overwritten unless --force. Written beside it first, owner-only.")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    @Option(names = "--chain", paramLabel = "CHAIN", description = "Only this chain.")
    String chain;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this event type, e.g. LOGIN_FAILURE; repeatable.")
    List<String> types = new ArrayList<>();

    @Option(names = "--actor", paramLabel = "ID", description = "Only records by this actor id (actor.id, exactly).")
    String actor;

    @Option(names = "--subject", paramLabel = "ID", description = "Only records about this subject id (subject.id).")
    String subject;

    @Option(names = "--subject-kind", paramLabel = "KIND", description = "Only subjects of this kind, e.g. USER.")
    String subjectKind;

    @Option(names = "--outcome", paramLabel = "SUCCESS|FAILURE", description = "Only records with this outcome.")
    Outcome outcome;

    @Option(names = "--ip", paramLabel = "ADDRESS", description = "Only records from this client address (where.ip).")
    String ip;

    @Option(names = "--from", paramLabel = "TIME", converter = TimeBound.From.class,
            description = "Only records at or after TIME: an instant, or a date (its 00:00 in Asia/Taipei).")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = TimeBound.To.class,
            description = "Only records before TIME: an instant (exclusive), or a date (included: until its 24:00 "
                    + "in Asia/Taipei).")
    Instant to;

    @Option(names = "--newest-first", description = "Newest record first (default: oldest first).")
    boolean newestFirst;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the summary.")
    boolean json;

    @Mixin
    VerifierOptions verification;

    private DataSource database;

    /** What was exported. */
    record Written(long records, long bytes, String sha256, long notVerified) {
    }

    @Override
    public Integer call() throws IOException {
        AuditQuery query = query();
        checkOptions();
        List<String> checks = verification.check();
        VerificationReport report = verifyStore();
        ExportReport result = new ExportReport(spec.commandLine().getOut(), out, format, json);
        if (!report.intact()) {
            result.refused(report, checks, verification.anchors != null);
            err("refused: the store " + report.store() + " is not intact (" + HumanReportWriter.verdict(report)
                    + "); nothing was written. Investigate the problems above first");
            return AuditCli.EXIT_INTEGRITY;
        }
        checkChain(report);
        ExportFile file = ExportFile.beside(out, force);
        try {
            Written written = write(file, query, report);
            recordExport(report, query, written);
            file.place();
            result.written(report, query, written);
            return AuditCli.EXIT_OK;
        } catch (RecordIntegrityException e) {
            file.discard();
            result.broken(e);
            err("refused: chain '" + e.chain() + "' seq " + e.seq() + ": " + e.getMessage() + "; the store changed "
                    + "after it was verified. Nothing was written; verify the store");
            return AuditCli.EXIT_INTEGRITY;
        } catch (IOException | RuntimeException e) {
            file.discard();
            throw e;
        }
    }

    /** Builds the query; a refused value is a usage error naming the option. */
    private AuditQuery query() {
        try {
            AuditQuery.Builder query = AuditQuery.builder().from(from).to(to).chain(chain).actor(actor)
                    .subject(subject).subjectKind(subjectKind).outcome(outcome).ip(ip);
            List<EventType> codes = new ArrayList<>();
            for (String type : types) {
                codes.add(eventType(type));
            }
            if (!codes.isEmpty()) {
                query.types(codes);
            }
            return (newestFirst ? query.newestFirst() : query).build();
        } catch (InvalidQueryException e) {
            String option = switch (e.field()) {
                case "types" -> "type";
                case "subjectKind" -> "subject-kind";
                default -> e.field();
            };
            String why = e.getMessage().substring(e.field().length() + 2);
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--" + option + "': "
                    + why.replace("after from", "after --from"));
        }
    }

    private EventType eventType(String code) {
        try {
            return EventType.of(code);
        } catch (AuditException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--type': '" + code
                    + "' is not an event type code (upper snake case, e.g. LOGIN_FAILURE)");
        }
    }

    private void checkOptions() {
        List<String> problems = new ArrayList<>();
        jdbc.login().validateAsSource(store, problems);
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        Options.requireStoreDirectory(store);
        if (Files.isDirectory(out)) {
            throw new CliFailure("--out " + out + " is a directory; give a file name");
        }
        if (Files.exists(out) && !force) {
            throw new CliFailure("--out " + out + " exists; it is not overwritten: choose another name or give --force");
        }
        if (parent() == null || !Files.isDirectory(parent())) {
            throw new CliFailure("--out " + out + ": directory " + parent() + " does not exist");
        }
    }

    private Path parent() {
        return out.toAbsolutePath().normalize().getParent();
    }

    /** A chain that is not in the store is a mistake, not an empty export. */
    private void checkChain(VerificationReport report) {
        if (chain != null && report.chains().stream().noneMatch(c -> c.chain().equals(chain))) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--chain': '" + chain
                    + "' is not a chain of " + report.store() + " (chains: "
                    + String.join(", ", report.chains().stream().map(ChainReport::chain).toList()) + ")");
        }
    }

    // ---- (1) verify ----

    private VerificationReport verifyStore() throws IOException {
        AuditVerifier verifier = store != null ? AuditVerifier.forDirectory(store)
                : AuditVerifier.forSource(JdbcRecordSource.of(database(), jdbc.login().safeUrl()));
        verification.configure(verifier);
        AuditVerifier.ProgressListener progress = ProgressLine.forTerminal(spec.commandLine().getErr(), "verifying",
                json);
        try {
            return verifier.progress(progress).verify();
        } finally {
            ProgressLine.clear(progress);
        }
    }

    private DataSource database() {
        if (database == null) {
            database = jdbc.login().existingDataSource(spec.commandLine().getErr());
        }
        return database;
    }

    private AuditReader reader() {
        return store != null ? AuditReader.forDirectory(store)
                : JdbcAuditReader.forDataSource(database(), jdbc.login().safeUrl());
    }

    // ---- (2) write ----

    private Written write(ExportFile file, AuditQuery query, VerificationReport report) throws IOException {
        Map<String, Long> heads = new TreeMap<>();
        report.chains().forEach(c -> heads.put(c.chain(), c.lastSeq()));
        long total = report.chains().stream().filter(c -> chain == null || c.chain().equals(chain))
                .mapToLong(ChainReport::records).sum();
        long records = 0;
        long later = 0;
        AuditVerifier.ProgressListener progress = ProgressLine.forTerminal(spec.commandLine().getErr(), "exporting",
                json);
        try (OutputStream bytes = file.open(); AuditReader reader = reader();
                Stream<StoredRecord> stream = reader.stream(query)) {
            ExportWriter writer = format == Format.CSV ? ExportWriter.csv(bytes) : ExportWriter.jsonLines(bytes);
            for (Iterator<StoredRecord> it = stream.iterator(); it.hasNext();) {
                StoredRecord record = it.next();
                Long head = heads.get(record.chain());
                if (head == null || record.seq() > head) { // appended after the verification
                    later++;
                    continue;
                }
                writer.write(record);
                if (++records % PROGRESS_EVERY == 0) {
                    ProgressLine.records(progress, record.chain(), records, total);
                }
            }
            writer.finish();
        } finally {
            ProgressLine.clear(progress);
        }
        return new Written(records, file.size(), file.sha256(), later);
    }

    // ---- (3) record, (4) rename ----

    /** The file is handed out only once its making is recorded (reads of the log are audited, S9). */
    private void recordExport(VerificationReport report, AuditQuery query, Written written) {
        try {
            ReadRecorder.record(store, this::database, ReadRecorder.event(report.store(), "export")
                    .detail("filter", query.describe())
                    .detail("format", format.name().toLowerCase(java.util.Locale.ROOT))
                    .detail("records", written.records())
                    .detail("sha256", written.sha256())
                    .detail("file", out.toAbsolutePath().normalize().toString())
                    .build());
        } catch (RuntimeException e) {
            throw new CliFailure("the export was not written: recording it in " + report.store() + " failed "
                    + "(exporting needs write access to the store, as reads of the log are recorded): "
                    + e.getMessage(), e);
        }
    }

    private void err(String message) {
        spec.commandLine().getErr().println("export: " + message);
        spec.commandLine().getErr().flush();
    }
}
