package io.govaudit.cli;

import io.govaudit.AuditTrail;
import io.govaudit.AuditUnavailableException;
import io.govaudit.ComplianceLevel;
import io.govaudit.Durability;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.jdbc.JdbcAuditStore;
import io.govaudit.jdbc.JdbcSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli generate <dir> --chain ID --count N …}: records N synthetic events (see
 * {@link SyntheticEvents}) through the public {@link AuditTrail} API, for demos and load tests.
 *
 * <p>Database: with {@code --jdbc-url} instead of a directory ({@link JdbcOptions}) the events go
 * to table {@code audit_record} through {@code JdbcAuditStore}; the schema is installed first
 * ({@code JdbcSchema.install}, idempotent), so the user must be allowed to create it or it must
 * exist. {@code --gzip} and the key options need a directory.
 *
 * <p>An existing chain is reopened and continued (a torn tail is recovered by the trail itself).
 * {@code --threads T} producer threads share the N events exactly. At the end it prints the
 * events recorded, the elapsed time (from the trail being open until it is closed and forced),
 * events per second, the chain and its last seq. A chain held by another writer is an error
 * (exit status 2) naming the lock file.
 *
 * <p>Drills ({@link DrillOptions}): {@code --max-bytes}, {@code --warn-at}, {@code --on-full},
 * {@code --retention-min} and {@code --retention-max} set the trail's capacity and retention
 * policies; {@code --clock-start T --events-per-day N} stamps the events with a
 * {@link SimulatedClock}, so months of records take seconds. Alerts are printed on stderr as
 * {@code ALERT <kind> <message>} ({@link AlertPrinter}). The summary also says how many events
 * were not recorded: in {@code SYNC} mode those for which {@code record} returned
 * a not-recorded {@link io.govaudit.Receipt}; in {@code ASYNC} mode the trail's own count, from its
 * {@code RECORDING_RESUMED} alerts and the {@code TRAIL_STOP} record it wrote on close. Under
 * {@code --on-full fail-closed} the run stops at the first refused event and exits with status 3
 * and the trail's message, as an application would refuse the audited operation. {@code --gzip}
 * has the trail compress closed segments.
 *
 * <p>Keys ({@link SealingOptions}): {@code --hmac-seed} makes the chain keyed,
 * {@code --sign-key} signs checkpoints ({@code --checkpoint-every N}), {@code --anchors DIR}
 * publishes them to a directory anchor sink, and {@code --previous-sign-key} rotates from the
 * key that signed the chain so far. The files come from {@code audit-cli keygen}.
 *
 * <p>Level: {@code --level basic|medium|high} holds the trail to a protection level
 * ({@code AuditTrail.Builder.complianceLevel}); a configuration below it is an error (exit status 2)
 * naming every missing piece with the flag that supplies it.
 *
 * <p>Clock ({@link ClockOptions}): {@code --ntp-server HOST[:PORT]} (repeatable) and
 * {@code --max-clock-offset} turn on the trail's SNTP clock check; the summary prints the offset
 * measured at start.
 *
 * <p>Not thread-safe: picocli creates one instance per run; the producer threads live in
 * {@link GeneratorRun}.
 *
 * @since 0.1.0
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Records synthetic but realistic audit events (all 13 required types) into a chain",
            "of a store directory, or of table audit_record of a database (--jdbc-url).",
            "An existing chain is continued; T producer threads share the N events."},
        footer = {"", "Alerts are printed on stderr as: ALERT <kind> <message>; with --alert-webhook they are",
            "also posted as JSON, with --alert-mail-host mailed (docs/operations.md, Alerts).",
            "", "Exit status: 0 success; 2 usage or I/O error, or chain locked by another",
            "writer; 3 the trail refused an event (--on-full fail-closed, store full)."})
final class GenerateCommand implements Callable<Integer> {

    static final int MAX_THREADS = 256;
    /** The trail's default maximum record size: a segment must hold at least one record. */
    static final long MIN_SEGMENT_BYTES = 16 * 1024;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<dir>",
            description = "The store directory; created if missing. Not with --jdbc-url.")
    Path store;

    @Mixin
    JdbcOptions jdbc;

    /** The database of {@code --jdbc-url}, once connected; null for a directory. */
    private DataSource database;

    @Option(names = "--chain", required = true, paramLabel = "ID",
            description = "Chain id: 1 to 64 of A-Z a-z 0-9 . _ -")
    String chain;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Events to record, at least 1.")
    long count;

    @Option(names = "--segment-bytes", paramLabel = "B",
            description = "Segment size at which a new segment starts, at least 16384 (default 64 MiB).")
    Long segmentBytes;

    @Option(names = "--durability", paramLabel = "sync|async", defaultValue = "sync",
            description = "sync: each record call waits for the disk; async: returns once queued (default ${DEFAULT-VALUE}).")
    Durability durability;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "Producer threads, 1 to " + MAX_THREADS + " (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--system", paramLabel = "NAME", defaultValue = "permit-portal",
            description = "where.system of the events (default ${DEFAULT-VALUE}).")
    String system;

    @Option(names = "--gzip", description = "Gzip closed segments to .log.gz on a background thread.")
    boolean gzip;

    @Option(names = "--replica", paramLabel = "DIR",
            description = "Copy every record to this second store directory as it is written (replicateTo: another "
                    + "disk or a mounted host); repeatable. Verify it with verify DIR, restore it with restore DIR TARGET.")
    List<Path> replicas = new ArrayList<>();

    @Option(names = "--level", paramLabel = "basic|medium|high",
            description = {"Hold the trail to a protection level of the baseline (普/中/高): refuse to start, naming "
                + "every missing piece and its flag, when the other options fall below it (docs/compliance.md, "
                + "level profiles)."})
    ComplianceLevel level;

    @Mixin
    DrillOptions drill;

    @Mixin
    SealingOptions sealing;

    @Mixin
    AlertOptions alerting;

    @Mixin
    ClockOptions clockCheck;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        SimulatedClock clock = drill.clock();
        if (clock != null && durability == Durability.ASYNC) {
            spec.commandLine().getErr().println("note: with --durability async the trail stamps a batch when it "
                    + "takes it from the queue, by then the simulated clock has run ahead by the queued events; "
                    + "use sync with --threads for drill times that match the events");
        }
        AlertPrinter alerts = new AlertPrinter(spec.commandLine().getErr());
        GeneratorRun run = new GeneratorRun(new SyntheticEvents(), count, threads,
                clock == null ? () -> { } : clock::advance);
        AuditUnavailableException refused = null;
        AlertOptions.Delivery delivery = alerting.open(spec.commandLine());
        try (delivery; AuditTrail trail = openTrail(clock, delivery.listener(alerts))) {
            try {
                run.produce(trail);
            } catch (AuditUnavailableException e) {
                refused = e; // the trail refused an event: close it, report, exit 3
            }
        } // the trail closes first (its last alerts are queued), then the webhook drains
        run.finished();
        print(run, alerts, clock);
        delivery.report(spec.commandLine().getOut());
        if (refused != null) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + refused.getMessage());
            return AuditCli.EXIT_UNAVAILABLE;
        }
        return AuditCli.EXIT_OK;
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        if (count < 1) {
            problems.add(String.format(Locale.ROOT, "--count must be at least 1, was %d", count));
        }
        if (threads < 1 || threads > MAX_THREADS) {
            problems.add(String.format(Locale.ROOT, "--threads must be from 1 to %d, was %d", MAX_THREADS, threads));
        }
        if (segmentBytes != null && segmentBytes < MIN_SEGMENT_BYTES) {
            problems.add(String.format(Locale.ROOT, "--segment-bytes must be at least %d (the largest record), was %d",
                    MIN_SEGMENT_BYTES, segmentBytes));
        }
        if (system.isBlank()) {
            problems.add("--system must not be blank");
        }
        validateSource(problems);
        drill.validate(segmentBytes, problems);
        sealing.validate(problems);
        clockCheck.validate(problems);
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("; ", problems));
        }
    }

    private void validateSource(List<String> problems) {
        JdbcLogin db = jdbc.login();
        db.validateAsSource(store, problems);
        if (db.set() && !replicas.isEmpty()) {
            problems.add("--replica copies a store directory's segments; it needs a store directory, not --jdbc-url");
        }
        if (db.set() && gzip) {
            problems.add("--gzip compresses segment files; it needs a store directory, not --jdbc-url");
        }
        if (db.set() && sealing.set()) {
            problems.add("--hmac-seed, --sign-key and --anchors need a store directory (a database chain keeps its "
                    + "key state in JdbcAuditStore's state directory, which generate does not set)");
        }
    }

    private AuditTrail.Builder withStore(AuditTrail.Builder builder) {
        JdbcLogin db = jdbc.login();
        if (!db.set()) {
            return builder.directory(store).compressClosedSegments(gzip);
        }
        database = db.dataSource(spec.commandLine().getErr());
        try {
            JdbcSchema.install(database);
        } catch (SQLException e) {
            throw new CliFailure("cannot install the govaudit schema in " + db.safeUrl() + ": " + e.getMessage()
                    + " (SQLState " + e.getSQLState() + ")", e);
        }
        return builder.store(JdbcAuditStore.builder(database).build());
    }

    /** @return the chain's newest record line, or null */
    private String lastLine() throws IOException {
        if (database == null) {
            return ChainHead.lastLine(store, chain);
        }
        try (Connection c = database.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT record_json FROM audit_record WHERE chain_id = ? ORDER BY seq DESC")) {
            select.setMaxRows(1);
            select.setString(1, chain);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the newest record of chain '" + chain + "' from " + jdbc.login().safeUrl()
                    + ": " + e.getMessage(), e);
        }
    }

    private AuditTrail openTrail(SimulatedClock clock, AuditAlertListener alerts) {
        AuditTrail.Builder builder = withStore(AuditTrail.builder()).chainId(chain).system(system)
                .durability(durability).alertListener(alerts);
        if (segmentBytes != null) {
            builder.segmentMaxBytes(segmentBytes);
        }
        if (clock != null) {
            builder.clock(clock);
        }
        replicas.forEach(builder::replicateTo);
        drill.apply(builder);
        sealing.apply(builder);
        clockCheck.apply(builder);
        if (level != null) {
            builder.complianceLevel(level);
        }
        return builder.build();
    }

    /** The events are recorded by now: a tail that cannot be read only makes the seq unknown. */
    private String lastSeq() {
        try {
            return Long.toString(ChainHead.seqOf(lastLine()));
        } catch (IOException e) {
            return "unknown (cannot read the chain's newest record: " + e.getMessage() + ")";
        }
    }

    /** In SYNC the producers saw every not-recorded receipt; in ASYNC only the trail knows. */
    private long notRecorded(GeneratorRun run, AlertPrinter alerts) {
        if (durability == Durability.SYNC) {
            return run.notRecorded();
        }
        try {
            return alerts.notRecordedBeforeResume() + ChainHead.notRecordedAtStop(lastLine());
        } catch (IOException e) {
            return alerts.notRecordedBeforeResume(); // the TRAIL_STOP count is unknown; the seq line says why
        }
    }

    private void print(GeneratorRun run, AlertPrinter alerts, SimulatedClock clock) {
        PrintWriter out = spec.commandLine().getOut();
        double seconds = run.elapsed().toNanos() / 1e9;
        long notRecorded = notRecorded(run, alerts);
        long recorded = durability == Durability.SYNC ? run.recorded() : Math.max(0, run.recorded() - notRecorded);
        out.printf(Locale.ROOT, "events recorded: %d%n", recorded);
        out.printf(Locale.ROOT, "not recorded:    %d%s%n", notRecorded, durability == Durability.SYNC
                ? "" : " (ASYNC: the trail's count from RECORDING_RESUMED alerts and the TRAIL_STOP record)");
        if (run.refused() > 0) {
            out.printf(Locale.ROOT, "refused:         %d (the run stopped at the first refused event)%n", run.refused());
        }
        out.printf(Locale.ROOT, "elapsed:         %.3f s%n", seconds);
        out.printf(Locale.ROOT, "events/s:        %.0f%n", run.recorded() / Math.max(seconds, 1e-9));
        out.printf(Locale.ROOT, "durability:      %s, %d thread%s%n", durability, threads, threads == 1 ? "" : "s");
        out.printf(Locale.ROOT, "chain:           %s%n", chain);
        out.printf(Locale.ROOT, "last seq:        %s%n", lastSeq());
        if (level != null) {
            out.printf(Locale.ROOT, "level:           %s (%s)%n", level.name().toLowerCase(Locale.ROOT), level.chinese());
        }
        if (drill.policySet()) {
            out.printf(Locale.ROOT, "policy:          %s%n", drill.describe());
        }
        if (sealing.set()) {
            out.printf(Locale.ROOT, "sealing:         %s%n", sealing.describe(store.resolve(chain)));
        }
        if (clock != null) {
            out.printf(Locale.ROOT, "simulated time:  %s .. %s%n", Times.utc(drill.clockStart), Times.utc(clock.instant()));
        }
        if (clockCheck.set()) {
            out.printf(Locale.ROOT, "clock offset:    %s%n", database == null ? clockCheck.measured(store, chain)
                    : "see the TRAIL_START record (clock_offset_ms)");
        }
        out.printf(Locale.ROOT, "alerts:          %s%n", alerts.summary());
        out.flush();
    }
}
