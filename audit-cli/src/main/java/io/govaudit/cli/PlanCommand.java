package io.govaudit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli plan --events-per-day N (--record-bytes B | --sample DIR) …}: plans the storage
 * capacity of a chain (REQUIREMENTS.md S4 and B6) and prints the figures, the method and the
 * settings to use, as a statement an agency can file; see {@link CapacityPlan} for the arithmetic.
 *
 * <p>With {@code --sample} the record size and the gzip ratio are measured on an existing store
 * ({@link StoreSample}); otherwise the given record size is used, and {@code --gzip} needs a sample
 * because a compression ratio is not something to guess.
 *
 * <p>Not thread-safe: picocli creates one instance per run.
 *
 * @since 0.1.0
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plans the storage capacity of one chain: bytes per day, bytes for the retention period, "
                + "the recommended maxBytes and segment size.",
            "The record size is given (--record-bytes) or measured on an existing store (--sample), "
                + "which also measures the gzip ratio."},
        footer = {"", "Exit status: 0 success, 2 usage or I/O error."})
final class PlanCommand implements Callable<Integer> {

    static final int MAX_HEADROOM = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = "--events-per-day", required = true, paramLabel = "N", description = "Events per day, at least 1.")
    long eventsPerDay;

    @Option(names = "--record-bytes", paramLabel = "B",
            description = "Average stored record size in bytes (a whole line with the chain fields, about 200 to "
                    + "250 bytes more than the event's own JSON).")
    Long recordBytes;

    @Option(names = "--sample", paramLabel = "DIR",
            description = "Measure the record size and gzip ratio on this store (or chain) directory instead.")
    Path sample;

    @Option(names = "--retention", paramLabel = "PERIOD", defaultValue = "P6M", converter = Options.PeriodConverter.class,
            description = "Retention minimum, ISO-8601 (P6M, P1Y, P90D); default ${DEFAULT-VALUE}, counted as its "
                    + "longest span (6 months = 184 days).")
    Period retention;

    @Option(names = "--headroom", paramLabel = "PCT", defaultValue = "30",
            description = "Percent added on top of the computed need, 0 to " + MAX_HEADROOM + " (default ${DEFAULT-VALUE}).")
    int headroom;

    @Option(names = "--gzip", description = "Closed segments are gzip-compressed (needs --sample to measure the ratio).")
    boolean gzip;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the statement.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        validate();
        StoreSample measured = sample == null ? null : measureSample();
        double bytes = measured == null ? recordBytes : measured.recordBytes();
        double ratio = gzip ? measured.gzipRatio() : 1.0;
        CapacityPlan plan = new CapacityPlan(eventsPerDay, bytes, retention, headroom, ratio);
        PrintWriter out = spec.commandLine().getOut();
        PlanReportWriter writer = new PlanReportWriter(out, sample, measured);
        if (json) {
            writer.writeJson(plan);
        } else {
            writer.write(plan);
        }
        out.flush();
        return AuditCli.EXIT_OK;
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        if (eventsPerDay < 1) {
            problems.add(String.format(Locale.ROOT, "--events-per-day must be at least 1, was %d", eventsPerDay));
        }
        if ((recordBytes == null) == (sample == null)) {
            problems.add("give exactly one of --record-bytes B or --sample DIR, "
                    + (sample == null ? "got neither" : "got both"));
        }
        if (recordBytes != null && recordBytes < 1) {
            problems.add(String.format(Locale.ROOT, "--record-bytes must be at least 1, was %d", recordBytes));
        }
        if (gzip && sample == null && recordBytes != null) {
            problems.add("--gzip needs --sample DIR to measure the compression ratio of real records; "
                    + "plan without --gzip or measure a sample store");
        }
        if (retention.isNegative() || retention.isZero()) {
            problems.add("--retention must be a positive period such as P6M, was " + retention);
        }
        if (headroom < 0 || headroom > MAX_HEADROOM) {
            problems.add(String.format(Locale.ROOT, "--headroom must be from 0 to %d percent, was %d", MAX_HEADROOM,
                    headroom));
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        checkOverflow();
    }

    /** Absurd inputs (an exabyte a day) would overflow the arithmetic: say so instead. */
    private void checkOverflow() {
        if (recordBytes != null) {
            try {
                new CapacityPlan(eventsPerDay, recordBytes, retention, headroom, 1.0).diskBytes();
            } catch (ArithmeticException e) {
                throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                        "--events-per-day %d with --record-bytes %d over %s is too large to plan", eventsPerDay,
                        recordBytes, retention));
            }
        }
    }

    private StoreSample measureSample() throws IOException {
        if (!Files.isDirectory(sample)) {
            throw new CliFailure("--sample " + sample + " is not a directory; give a store directory (one "
                    + "sub-directory per chain) or a chain directory");
        }
        return StoreSample.measure(sample);
    }
}
