package io.govaudit.cli;

import io.govaudit.AuditEvent;
import io.govaudit.jdbc.JdbcAuditReader;
import io.govaudit.jdbc.JdbcRecordSource;
import io.govaudit.query.AuditQuery;
import io.govaudit.query.AuditReader;
import io.govaudit.query.RecordIntegrityException;
import io.govaudit.query.StoredRecord;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli report STORE --out FILE.html}: the periodic review of requirement B4 as one
 * offline HTML page (or JSON), docs/operations.md "Periodic review report".
 *
 * <p>Steps: (1) verify the whole store as {@code verify} does, with the keys given; unlike
 * {@code bundle}, a store that is not intact still gets its report, with the verdict at the top.
 * (2) Stream the records of the period once ({@link AuditReader}) into a
 * {@link ReviewAggregator}; a record that does not match its hash stops the reading, and the
 * report says where. (3) Write the page to a temporary file beside {@code --out}. (4) Record the
 * report as {@code AUDIT_LOG_READ}, action {@code report}, in the reader chain with the review's
 * SHA-256. (5) Rename the file to {@code --out}. Any failure deletes the temporary file; an
 * existing {@code --out} is never overwritten.
 *
 * <p>Exit status: 0 the report was written and the store is intact; 1 the report was written and
 * shows integrity problems (or a record that stopped the reading); 2 usage or I/O error, nothing
 * written. Not thread-safe: picocli creates one instance per run.
 *
 * @since 0.1.0
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the periodic review of a store (B4) as one offline HTML file (or JSON): integrity "
                + "verdict, events per day by type, failed logins by account and IP with bursts, administrator "
                + "actions outside office hours, sensitive-data reads by actor and purpose, permission and account "
                + "changes, recording stops, capacity warnings, purges, recoveries and clock anomalies, and a "
                + "reviewer's sign-off block.",
            "The generation is recorded as AUDIT_LOG_READ (action report) in chain audit-cli-<host> of the store."},
        footer = {"", "Exit status: 0 written, store intact; 1 written, store NOT intact; 2 usage or I/O error.",
            "", "  report /var/lib/permit-portal/audit --out review-2026-11.html --from 2026-11-01 --to 2026-11-30",
            "  report /var/lib/permit-portal/audit --out review.json --format json --lang en",
            "Dates are whole days in --zone (Asia/Taipei), both included; an instant as --to is exclusive."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<dir>",
            description = "The store directory (one sub-directory per chain); not with --jdbc-url.")
    Path store;

    @Mixin
    JdbcOptions jdbc;

    @Option(names = "--out", required = true, paramLabel = "FILE.html",
            description = "The report to write; must not exist. Written to a temporary file beside it first.")
    Path out;

    @Option(names = "--lang", defaultValue = "zh-TW", paramLabel = "zh-TW|en",
            description = "Language of the report: zh-TW (Traditional Chinese, default) or en.")
    String lang;

    @Option(names = "--format", defaultValue = "html", paramLabel = "html|json",
            description = "html (default): one self-contained page; json: the same figures for machines.")
    String format;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Start of the period: a date, 2026-11-01 (from 00:00 in --zone), or an instant, "
                    + "2026-11-01T00:00:00Z or 2026-11-01T08:00:00+08:00. Default: the first record.")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "End of the period: a date, 2026-11-30 (that day included, up to 24:00 in --zone), or an "
                    + "instant (exclusive), as for export. Default: now.")
    String to;

    @Option(names = "--zone", defaultValue = "Asia/Taipei", paramLabel = "ZONE",
            description = "Time zone of days, office hours and shown times (default Asia/Taipei).")
    String zone;

    @Option(names = "--office-hours", defaultValue = "08:00-18:00", paramLabel = "HH:MM-HH:MM",
            description = "Office hours; administrator actions outside them are listed (default 08:00-18:00).")
    String officeHours;

    @Option(names = "--workdays", defaultValue = "MON-FRI", paramLabel = "DAYS",
            description = "Days with office hours, e.g. MON-FRI (default) or MON-FRI,SAT.")
    String workdays;

    @Option(names = "--burst", defaultValue = "5/10", paramLabel = "N/MINUTES",
            description = "N or more failed logins within MINUTES by one account or from one IP are a burst "
                    + "(default 5/10).")
    String burst;

    @Mixin
    VerifierOptions verifierOptions;

    private DataSource database;

    @Override
    public Integer call() throws IOException {
        ReportMessages messages = ReportMessages.of(lang);
        ReviewRules rules = ReviewRules.parse(zone, officeHours, workdays, burst);
        boolean json = checkOptions();
        Instant start = rules.instant("--from", from, false);
        Instant end = rules.instant("--to", to, true);
        if (start != null && end != null && !end.isAfter(start)) {
            throw new CliFailure("--to " + to + " must not end before --from " + from + " starts");
        }
        VerificationReport report = verify();
        ReviewAggregator aggregator = new ReviewAggregator(rules);
        Review.Reading reading = read(aggregator, start, end);
        Review review = aggregator.review(report.store(), start, end, Clock.systemUTC().instant(),
                RecordRows.integrity(report, verifierOptions.anchors != null), reading);
        byte[] data = ReportJsonWriter.bytes(review);
        String digest = HexFormat.of().formatHex(BundleCheck.sha256().digest(data));
        byte[] content = json ? data : new ReportHtmlWriter(review, messages)
                .write(System.getProperty("user.name", "unknown"), digest).getBytes(StandardCharsets.UTF_8);
        writeRecorded(content, review, messages, json ? "json" : "html", digest);
        boolean ok = review.integrity().intact() && reading.stoppedAt() == null;
        print(review, digest, ok);
        return ok ? AuditCli.EXIT_OK : AuditCli.EXIT_INTEGRITY;
    }

    /** @return whether the format is JSON */
    private boolean checkOptions() {
        List<String> problems = new ArrayList<>();
        jdbc.login().validateAsSource(store, problems);
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("html") && !f.equals("json")) {
            problems.add("--format must be html or json, was " + format);
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        Options.requireStoreDirectory(store);
        if (Files.exists(out)) {
            throw new CliFailure("--out " + out + " exists; a report is never overwritten: choose another name");
        }
        Path parent = out.toAbsolutePath().normalize().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CliFailure("--out " + out + ": directory " + parent + " does not exist");
        }
        verifierOptions.check();
        return f.equals("json");
    }

    private VerificationReport verify() throws IOException {
        AuditVerifier verifier = store != null ? AuditVerifier.forDirectory(store)
                : AuditVerifier.forSource(JdbcRecordSource.of(database(), jdbc.login().safeUrl()));
        verifierOptions.configure(verifier);
        AuditVerifier.ProgressListener progress = ProgressLine.forTerminal(err(), "verifying", false);
        try {
            return verifier.progress(progress).verify();
        } finally {
            ProgressLine.clear(progress);
        }
    }

    /** Reads the period once; a record that does not match its hash or place stops the reading. */
    private Review.Reading read(ReviewAggregator aggregator, Instant start, Instant end) {
        AuditQuery query = AuditQuery.builder().from(start).to(end).build();
        boolean terminal = System.console() != null;
        try (AuditReader reader = store != null ? AuditReader.forDirectory(store)
                : JdbcAuditReader.forDataSource(database(), jdbc.login().safeUrl());
                Stream<StoredRecord> records = reader.stream(query)) {
            for (Iterator<StoredRecord> it = records.iterator(); it.hasNext();) {
                aggregator.add(it.next());
                if (terminal && aggregator.records() % 10_000 == 0) {
                    err().print("\rreading " + aggregator.records() + " records");
                    err().flush();
                }
            }
            return new Review.Reading(aggregator.records(), null, null);
        } catch (RecordIntegrityException e) {
            return new Review.Reading(aggregator.records(), e.chain() + "#" + e.seq(), e.getMessage());
        } finally {
            if (terminal && aggregator.records() >= 10_000) {
                err().print("\r" + " ".repeat(40) + "\r");
                err().flush();
            }
        }
    }

    /** Temporary file, record the read, rename: no report is handed out unrecorded (S9). */
    private void writeRecorded(byte[] content, Review review, ReportMessages messages, String kind, String digest)
            throws IOException {
        Path parent = out.toAbsolutePath().normalize().getParent();
        Path tmp = Files.createTempFile(parent, "." + out.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, content);
            AuditEvent event = ReadRecorder.event(review.store(), "report")
                    .detail("period", (review.from() == null ? "" : review.from().toString()) + ".."
                            + (review.to() == null ? "" : review.to().toString()))
                    .detail("format", kind).detail("lang", messages.lang())
                    .detail("records", review.reading().records()).detail("intact", review.integrity().intact())
                    .detail("review_sha256", digest)
                    .detail("report", out.toAbsolutePath().normalize().toString()).build();
            try {
                ReadRecorder.record(store, this::database, event);
            } catch (RuntimeException e) {
                throw new CliFailure("the report was not written: recording its generation in " + review.store()
                        + " failed (a report needs write access to the store, as reads of the log are recorded): "
                        + e.getMessage(), e);
            }
            if (Files.exists(out)) {
                throw new CliFailure("--out " + out + " was created while the report was written; not overwritten");
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private void print(Review review, String digest, boolean ok) {
        PrintWriter w = spec.commandLine().getOut();
        w.println("report " + out.toAbsolutePath().normalize());
        w.println("  store      " + review.store());
        w.println("  period     " + (review.from() == null ? "(first record)" : review.from()) + " .. "
                + (review.to() == null ? "(now)" : review.to()) + " (end exclusive)");
        w.println("  records    " + review.reading().records());
        w.println("  review     sha256 " + digest);
        w.println("  recorded   AUDIT_LOG_READ (action report) in chain " + ReadRecorder.chain() + " of the store");
        if (review.reading().stoppedAt() != null) {
            w.println("  reading stopped at " + review.reading().stoppedAt() + ": " + review.reading().stopReason());
        }
        w.println(ok ? "STORE INTACT" : "STORE NOT INTACT: see the report");
        w.flush();
    }

    private DataSource database() {
        if (database == null) {
            database = jdbc.login().existingDataSource(err());
        }
        return database;
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
