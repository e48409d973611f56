package io.govaudit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.govaudit.internal.keys.EpochKeys;
import io.govaudit.internal.store.PosixFiles;
import io.govaudit.internal.store.SegmentNames;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code audit-cli restore REPLICA TARGET}: the restore drill (REQUIREMENTS B13, annex 2.2.(3);
 * docs/operations.md, replication): turns a replica written by {@code replicateTo} back into a
 * working store, verified before and after.
 *
 * <p>Steps, each of which stops the command with nothing written when it fails: verify the
 * replica with the verifier options given (exit 1 if it is not intact); copy every chain's segment
 * files into a new directory beside {@code TARGET} (closed segments read-only, the newest writable,
 * every file and directory forced); verify the copy with the same options and check that each
 * chain ends with the replica's last record, byte for byte; rename the copy to {@code TARGET}; record
 * the restore as {@code AUDIT_LOG_READ} (action {@code restore}) in the restored store's reader
 * chain. The replica is only read. The files a writer keeps beside its segments (lock, reserve,
 * quarantined tails) are not copied: a trail opening the restored store makes its own.
 *
 * <p>Exit status: 0 restored and verified, 1 the replica or the copy is not intact (nothing
 * restored), 2 usage error ({@code TARGET} exists and is not an empty directory, unreadable
 * replica).
 *
 * <p>Not thread-safe: picocli creates one instance per run.
 *
 * @since 0.1.0
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restores a store from a replica (replicateTo, generate --replica): verifies the replica, copies "
                + "its segments to TARGET, verifies the copy and checks that every chain ends with the replica's "
                + "last record, then records the restore (AUDIT_LOG_READ) in TARGET. The replica is only read."},
        footer = {"", "Exit status: 0 restored and verified, 1 replica or copy not intact (nothing restored), 2 usage "
                + "error.", "", "Example: audit-cli restore /mnt/replica/audit /var/lib/myapp/audit --public-key "
                + "chain-signing.pub.pem --expect-from last-verify.json"})
final class RestoreCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPLICA", description = "The replica's store directory.")
    Path replica;

    @Parameters(index = "1", paramLabel = "TARGET",
            description = "Where the restored store goes: a directory that does not exist yet, or an empty one.")
    Path target;

    @Mixin
    VerifierOptions keys;

    @Override
    public Integer call() throws IOException {
        Options.requireStoreDirectory(replica);
        Path source = replica.toAbsolutePath().normalize();
        Path destination = target.toAbsolutePath().normalize();
        checkTarget(source, destination);
        List<String> checks = keys.check();
        PrintWriter out = spec.commandLine().getOut();

        VerificationReport before = keys.configure(AuditVerifier.forDirectory(source)).verify();
        if (!before.intact()) {
            new HumanReportWriter(out, checks, keys.anchors != null).write(before);
            out.println("replica " + source + " is NOT INTACT: nothing restored");
            return AuditCli.EXIT_INTEGRITY;
        }
        Path staging = destination.resolveSibling(destination.getFileName() + ".restoring");
        if (Files.exists(staging)) {
            throw new CliFailure(staging + " exists (left by an interrupted restore?); remove it and run restore again");
        }
        long bytes;
        try {
            bytes = copy(source, staging);
            VerificationReport after = keys.configure(AuditVerifier.forDirectory(staging)).verify();
            String mismatch = sameHeads(source, staging, before, after);
            if (!after.intact() || mismatch != null) {
                new HumanReportWriter(out, checks, keys.anchors != null).write(after);
                out.println("the copy in " + staging + " is NOT INTACT" + (mismatch != null ? " (" + mismatch + ")" : "")
                        + ": nothing restored");
                deleteTree(staging);
                return AuditCli.EXIT_INTEGRITY;
            }
            keyState(staging, before, out);
            if (Files.isDirectory(destination)) {
                Files.delete(destination); // empty, checked above
            }
            Files.move(staging, destination, StandardCopyOption.ATOMIC_MOVE);
            PosixFiles.forceDirectory(destination.getParent());
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        long records = before.chains().stream().mapToLong(ChainReport::records).sum();
        ReadRecorder.record(destination, null, ReadRecorder.event(source.toString(), "restore")
                .detail("restored_to", destination.toString()).detail("chains", before.chains().size())
                .detail("records", records).build());
        out.println("store " + destination);
        out.println("restored from replica " + source);
        checks.forEach(check -> out.println("checked with " + check));
        for (ChainReport chain : before.chains()) {
            out.println("chain " + chain.chain() + ": seq " + chain.firstSeq() + " .. " + chain.lastSeq() + ", "
                    + chain.records() + " records, " + chain.segments() + " segments; ends with the replica's last "
                    + "record");
        }
        out.println("restored " + records + " records, " + bytes + " bytes; verified before and after: intact");
        out.println("recorded as AUDIT_LOG_READ (restore) in chain " + ReadRecorder.chain() + " of " + destination);
        return AuditCli.EXIT_OK;
    }

    /**
     * Gives each keyed chain the key state a writer needs to continue it (a replica holds none:
     * the epoch key never leaves the trail's host): the epoch of its last record, derived from
     * {@code --hmac-seed}. Without the seed a keyed chain is restored and verifies, but a trail
     * cannot continue it; a note says so.
     */
    private void keyState(Path staging, VerificationReport report, PrintWriter out) throws IOException {
        for (ChainReport chain : report.chains()) {
            String last = ChainHead.lastLine(staging, chain.chain());
            long ep = last == null ? -1 : JSON.readTree(last).path("ep").asLong(-1);
            if (ep < 0) {
                continue;
            }
            if (keys.hmacSeed == null) {
                out.println("note: chain " + chain.chain() + " is keyed; restore it with --hmac-seed so that the "
                        + "application can continue it (the replica holds no epoch key)");
                continue;
            }
            byte[] seed = EpochKeys.readSeed(keys.hmacSeed);
            try {
                EpochKeys.restore(staging.resolve(chain.chain()), seed, ep);
            } finally {
                java.util.Arrays.fill(seed, (byte) 0);
            }
            out.println("chain " + chain.chain() + ": key state for epoch " + ep + " derived from the seed, so the "
                    + "application continues it at epoch " + (ep + 1));
        }
    }

    private void checkTarget(Path source, Path destination) throws IOException {
        if (destination.startsWith(source) || source.startsWith(destination)) {
            throw new CliFailure("TARGET " + destination + " and REPLICA " + source + " must not contain each other");
        }
        if (Files.exists(destination)) {
            if (!Files.isDirectory(destination)) {
                throw new CliFailure("TARGET " + destination + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(destination)) {
                if (entries.findAny().isPresent()) {
                    throw new CliFailure("TARGET " + destination + " is not empty; restore never overwrites a store: "
                            + "give a new directory");
                }
            }
        }
        Path parent = destination.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CliFailure("the parent of TARGET " + destination + " does not exist");
        }
    }

    /** Copies each chain's segments; returns the bytes copied. */
    private static long copy(Path source, Path staging) throws IOException {
        PosixFiles.createDirectory(staging);
        long bytes = 0;
        for (Path chainDir : chainDirectories(source)) {
            Path into = staging.resolve(chainDir.getFileName().toString());
            PosixFiles.createDirectory(into);
            List<Path> segments = SegmentNames.list(chainDir);
            for (int i = 0; i < segments.size(); i++) {
                Path segment = segments.get(i);
                Path copy = into.resolve(segment.getFileName().toString());
                Files.copy(segment, copy);
                boolean newest = i == segments.size() - 1 && !SegmentNames.isGzip(segment.getFileName().toString());
                Files.setPosixFilePermissions(copy, newest ? PosixFiles.FILE : PosixFiles.READ_ONLY);
                try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ)) {
                    channel.force(true);
                }
                bytes += Files.size(copy);
            }
            PosixFiles.forceDirectory(into);
        }
        PosixFiles.forceDirectory(staging);
        return bytes;
    }

    private static List<Path> chainDirectories(Path store) throws IOException {
        List<Path> chains = new ArrayList<>();
        try (Stream<Path> entries = Files.list(store)) {
            for (Path p : entries.sorted().toList()) {
                if (SegmentNames.isChainId(p.getFileName().toString()) && SegmentNames.isChainDirectory(p)) {
                    chains.add(p);
                }
            }
        }
        return chains;
    }

    /** Null when every chain of the copy ends with the replica's last record; else what differs. */
    private static String sameHeads(Path source, Path copy, VerificationReport before, VerificationReport after)
            throws IOException {
        if (before.chains().size() != after.chains().size()) {
            return before.chains().size() + " chains in the replica, " + after.chains().size() + " in the copy";
        }
        for (ChainReport chain : before.chains()) {
            String replicaLast = ChainHead.lastLine(source, chain.chain());
            String copyLast = ChainHead.lastLine(copy, chain.chain());
            if (!Objects.equals(replicaLast, copyLast)) {
                return "chain " + chain.chain() + " does not end with the replica's last record";
            }
        }
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
