package io.govaudit.cli;

import io.govaudit.AuditTrail;
import io.govaudit.Durability;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audit-cli generate <dir> --chain ID --count N …}: records N synthetic events (see
 * {@link SyntheticEvents}) through the public {@link AuditTrail} API, for demos and load tests.
 *
 * <p>An existing chain is reopened and continued (a torn tail is recovered by the trail itself).
 * {@code --threads T} producer threads share the N events exactly. At the end it prints the
 * events recorded, the elapsed time (from the trail being open until it is closed and forced),
 * events per second, the chain and its last seq. A chain held by another writer is an error
 * (exit status 2) naming the lock file.
 *
 * <p>Not thread-safe: picocli creates one instance per run; the producer threads live in
 * {@link GeneratorRun}.
 *
 * @since 0.1.0
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Records synthetic but realistic audit events (all 13 required types) into a chain.",
            "An existing chain is continued; T producer threads share the N events."},
        footer = {"", "Exit status: 0 success, 2 usage error, I/O error or chain locked by another writer."})
final class GenerateCommand implements Callable<Integer> {

    static final int MAX_THREADS = 256;
    /** The trail's default maximum record size: a segment must hold at least one record. */
    static final long MIN_SEGMENT_BYTES = 16 * 1024;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<dir>", description = "The store directory; created if missing.")
    Path store;

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

    @Override
    public Integer call() throws InterruptedException {
        validate();
        GeneratorRun run = new GeneratorRun(new SyntheticEvents(), count, threads);
        try (AuditTrail trail = openTrail()) {
            run.produce(trail);
        }
        run.finished();
        print(run, lastSeq());
        return AuditCli.EXIT_OK;
    }

    private void validate() {
        StringBuilder problems = new StringBuilder();
        if (count < 1) {
            problems.append(String.format(Locale.ROOT, "--count must be at least 1, was %d; ", count));
        }
        if (threads < 1 || threads > MAX_THREADS) {
            problems.append(String.format(Locale.ROOT, "--threads must be from 1 to %d, was %d; ", MAX_THREADS, threads));
        }
        if (segmentBytes != null && segmentBytes < MIN_SEGMENT_BYTES) {
            problems.append(String.format(Locale.ROOT, "--segment-bytes must be at least %d (the largest record), was %d; ",
                    MIN_SEGMENT_BYTES, segmentBytes));
        }
        if (system.isBlank()) {
            problems.append("--system must not be blank; ");
        }
        if (problems.length() > 0) {
            problems.setLength(problems.length() - 2);
            throw new ParameterException(spec.commandLine(), problems.toString());
        }
    }

    private AuditTrail openTrail() {
        AuditTrail.Builder builder = AuditTrail.builder().directory(store).chainId(chain).system(system)
                .durability(durability);
        if (segmentBytes != null) {
            builder.segmentMaxBytes(segmentBytes);
        }
        return builder.build();
    }

    /** The events are recorded by now: a tail that cannot be read only makes the seq unknown. */
    private String lastSeq() {
        try {
            return Long.toString(ChainHead.lastSeq(store, chain));
        } catch (IOException e) {
            return "unknown (cannot read the chain's newest segment: " + e.getMessage() + ")";
        }
    }

    private void print(GeneratorRun run, String lastSeq) {
        PrintWriter out = spec.commandLine().getOut();
        double seconds = run.elapsed().toNanos() / 1e9;
        out.printf(Locale.ROOT, "events recorded: %d%n", run.recorded());
        out.printf(Locale.ROOT, "elapsed:         %.3f s%n", seconds);
        out.printf(Locale.ROOT, "events/s:        %.0f%n", run.recorded() / Math.max(seconds, 1e-9));
        out.printf(Locale.ROOT, "durability:      %s, %d thread%s%n", durability, threads, threads == 1 ? "" : "s");
        out.printf(Locale.ROOT, "chain:           %s%n", chain);
        out.printf(Locale.ROOT, "last seq:        %s%n", lastSeq);
        out.flush();
    }
}
