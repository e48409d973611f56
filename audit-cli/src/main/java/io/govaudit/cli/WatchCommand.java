package io.govaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.govaudit.alert.AuditAlertListener;
import io.govaudit.internal.trail.IntegrityAlerts;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.IncrementalVerifier;
import io.govaudit.verify.NothingToVerifyException;
import io.govaudit.verify.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli watch STORE --every PT5M}: verifies a file store from outside the application,
 * round after round, until stopped (docs/operations.md, scheduled verification). Each round is an
 * {@link IncrementalVerifier} round over every chain: only new or changed segments are read.
 *
 * <p>Output: one line per round on stdout, {@code <time> round <n> intact|PROBLEMS chains=<n>
 * heads=<chain>:<seq>,… read=<bytes>} (with {@code --json} one JSON object per line instead); each
 * integrity problem not reported before as an {@code INTEGRITY_FAILURE} alert through an
 * {@link AuditAlertListener} (now {@link AlertPrinter}, one {@code ALERT} line on stderr), and
 * each new warning as a {@code WARNING} line on stderr. Nothing else.
 *
 * <p>Stopping: SIGTERM or SIGINT (systemd's stop, Ctrl-C) ends the wait between rounds, or lets the
 * round under way finish, prints {@code <time> stopped after <n> rounds} and lets the JVM exit (with
 * the status of the signal, 143 or 130: the unit file says {@code SuccessExitStatus=143}). Tests and
 * embedders call {@link #stop()}.
 *
 * <p>Exit status (when it ends by itself: {@code --once}, or after {@link #stop()}): 0 when no round
 * found an integrity problem, 1 when one did, 2 on a usage error or a store that cannot be read at
 * the first round. A store that cannot be read in a later round raises an alert and is tried again.
 *
 * <p>Not thread-safe: picocli creates one instance per run; {@link #stop()} may be called from any
 * thread.
 *
 * @since 0.1.0
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Verifies a file store every interval until stopped (systemd-friendly): each round reads only "
                + "new or changed segments, prints one line, and raises an INTEGRITY_FAILURE alert (ALERT line on "
                + "stderr) naming chain, seq and file for each problem found. Stops on SIGTERM or SIGINT."},
        footer = {"", "Exit status: 0 no integrity problem found, 1 an integrity problem was found (--once, or stopped),",
            "2 usage error or unreadable store. Stopped by a signal, the JVM exits with 143 (SIGTERM) or 130 (SIGINT).",
            "", "Example: audit-cli watch /var/lib/myapp/audit --every PT5M --hmac-seed chain-seed.hex"})
final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "The store directory (one sub-directory per chain).")
    Path store;

    @Option(names = "--every", paramLabel = "DURATION", converter = Options.DurationConverter.class,
            description = "Time from the end of one round to the start of the next, e.g. PT5M, 5m, 1h; from 1s to 1d "
                    + "(default 5m).")
    Duration every = Duration.ofMinutes(5);

    @Option(names = "--once", description = "Run one round and exit (0 intact, 1 problem).")
    boolean once;

    @Option(names = "--json", description = "Print each round as one JSON object per line.")
    boolean json;

    @Mixin
    VerifierOptions keys;

    @Mixin
    AlertOptions alerting;

    /**
     * Where alerts go: the printing listener, and the webhook of --alert-webhook and the mail of
     * --alert-mail-host when given.
     */
    AuditAlertListener alerts;

    private static final JsonFactory JSON = new JsonFactory();

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;

    @Override
    public Integer call() throws IOException {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AlertOptions.Delivery delivery = alerting.open(spec.commandLine());
        if (alerts == null) {
            alerts = AuditAlertListener.guarded(delivery.listener(new AlertPrinter(err)));
        }
        IncrementalVerifier verifier = keys.configure(AuditVerifier.forDirectory(store)).incremental(Clock.systemUTC());
        Thread hook = once ? null : new Thread(this::stopAndWait, "audit-cli-watch-stop");
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try (delivery) {
            return watch(verifier, out, err);
        } finally {
            delivery.report(err);
            finished.countDown();
            if (hook != null) {
                removeHook(hook);
            }
        }
    }

    private int watch(IncrementalVerifier verifier, PrintWriter out, PrintWriter err) {
        boolean problemFound = false;
        int rounds = 0;
        while (!stopping) {
            rounds++;
            try {
                problemFound |= !round(verifier, rounds, out, err);
            } catch (NothingToVerifyException e) {
                if (rounds == 1) {
                    throw e;
                }
                alerts.onAlert(IntegrityAlerts.notVerified(store.toString(), e, Instant.now()));
            } catch (IOException e) {
                if (rounds == 1) {
                    throw new CliFailure("cannot read store " + store + ": " + e.getMessage(), e);
                }
                alerts.onAlert(IntegrityAlerts.notVerified(store.toString(), e, Instant.now()));
            }
            if (once || !pause()) {
                break;
            }
        }
        if (!once) {
            out.println(now() + " stopped after " + rounds + " round" + (rounds == 1 ? "" : "s"));
            out.flush();
        }
        return problemFound ? AuditCli.EXIT_INTEGRITY : AuditCli.EXIT_OK;
    }

    /** Runs one round, prints its line and raises its alerts; returns whether it found no integrity problem. */
    private boolean round(IncrementalVerifier verifier, int n, PrintWriter out, PrintWriter err) throws IOException {
        IncrementalVerifier.Round round = verifier.verifyRound();
        String where = store.toAbsolutePath().normalize().toString();
        for (Problem p : round.problems()) {
            if (p.kind().isIntegrityProblem()) {
                alerts.onAlert(IntegrityAlerts.of(p, where, Instant.now()));
            } else {
                err.println("WARNING " + p);
            }
        }
        err.flush();
        out.println(json ? jsonLine(round, n) : humanLine(round, n));
        out.flush();
        return round.intact();
    }

    private String humanLine(IncrementalVerifier.Round round, int n) {
        StringJoiner heads = new StringJoiner(",");
        round.heads().forEach((chain, seq) -> heads.add(chain + ":" + seq));
        long problems = round.problems().stream().filter(p -> p.kind().isIntegrityProblem()).count();
        return now() + " round " + n + " " + (round.intact() ? "intact" : "PROBLEMS " + problems) + " chains="
                + round.heads().size() + " heads=" + heads + " read=" + round.bytesRead();
    }

    private String jsonLine(IncrementalVerifier.Round round, int n) throws IOException {
        StringWriter line = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("time", now());
            json.writeNumberField("round", n);
            json.writeBooleanField("intact", round.intact());
            json.writeNumberField("bytesRead", round.bytesRead());
            json.writeObjectFieldStart("heads");
            for (Map.Entry<String, Long> head : round.heads().entrySet()) {
                json.writeNumberField(head.getKey(), head.getValue());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("problems");
            for (Problem p : round.problems()) {
                json.writeStartObject();
                json.writeStringField("kind", p.kind().name());
                json.writeBooleanField("integrity", p.kind().isIntegrityProblem());
                json.writeStringField("chain", p.chain());
                json.writeNumberField("seq", p.seq());
                json.writeStringField("file", p.file());
                json.writeNumberField("line", p.line());
                json.writeStringField("message", p.message());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return line.toString();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Waits for the next round; false if asked to stop meanwhile. */
    private boolean pause() {
        try {
            return !stopped.await(every.toNanos(), TimeUnit.NANOSECONDS) && !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Asks the watch to stop: the wait between rounds ends at once, a round under way finishes.
     * Safe from any thread, e.g. a shutdown hook.
     */
    void stop() {
        stopping = true;
        stopped.countDown();
    }

    /** The shutdown hook: stop, and let the last round and the final line finish (bounded). */
    private void stopAndWait() {
        stop();
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down because of a signal: the hook is running and waits for us
        }
    }

    private void checkOptions() {
        if (every.compareTo(Duration.ofSeconds(1)) < 0 || every.compareTo(Duration.ofDays(1)) > 0) {
            throw new ParameterException(spec.commandLine(), "--every must be from 1s to 1d, was " + every);
        }
        if (!keys.expectChains.isEmpty() || !keys.expectHeads.isEmpty() || keys.expectFrom != null) {
            throw new ParameterException(spec.commandLine(), "watch does not take --expect-chain, --expect-head or "
                    + "--expect-from: a round checks what is new; use verify for the expectations");
        }
        Options.requireStoreDirectory(store);
        keys.check();
    }
}
