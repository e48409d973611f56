package io.govaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore drill (REQUIREMENTS B13, annex 2.2.(3); docs/operations.md, replication):
 * {@code generate --replica} writes a replica, the store is lost, {@code restore} turns the replica
 * into a working store that verifies, and a trail continues the chain in it. A replica that is not
 * intact, or a target that is not empty, restores nothing.
 */
class RestoreCliTest {

    @TempDir
    Path tmp;

    private Path store() {
        return tmp.resolve("store");
    }

    private Path replica() {
        return tmp.resolve("replica");
    }

    private Path target() {
        return tmp.resolve("restored");
    }

    private Path keygen() {
        Path dir = tmp.resolve("keys");
        CliRun run = CliRun.of("keygen", "--out", dir.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        return dir;
    }

    private CliRun generate(int count, String... more) {
        List<String> args = new ArrayList<>(List.of("generate", store().toString(), "--chain", "demo", "--count",
                String.valueOf(count), "--segment-bytes", "65536", "--replica", replica().toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<String> lines(Path chainDir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path segment : Segments.of(chainDir.getParent(), chainDir.getFileName().toString())) {
            lines.addAll(Files.readAllLines(segment));
        }
        return lines;
    }

    @Test
    void restoreDrill_storeLost_replicaRestoredVerifiedAndContinued() throws IOException {
        Path keys = keygen();
        String publicKey = keys.resolve(KeygenCommand.PUBLIC_KEY).toString();
        CliRun generated = generate(2_000, "--sign-key", keys.resolve(KeygenCommand.PRIVATE_KEY).toString(),
                "--checkpoint-every", "100");
        assertThat(generated.exit()).as(generated.err()).isZero();
        List<String> written = lines(store().resolve("demo"));
        assertThat(Segments.of(store(), "demo")).hasSizeGreaterThan(5);
        assertThat(lines(replica().resolve("demo"))).as("the replica holds every record").isEqualTo(written);

        deleteTree(store()); // the primary disk is lost
        CliRun restore = CliRun.of("restore", replica().toString(), target().toString(), "--public-key", publicKey,
                "--expect-chain", "demo");
        assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.out()).contains("restored " + written.size() + " records",
                "verified before and after: intact", "ends with the replica's last record", "AUDIT_LOG_READ (restore)");
        assertThat(lines(target().resolve("demo"))).isEqualTo(written);
        assertThat(Files.getPosixFilePermissions(target())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(tmp.resolve("restored.restoring")).doesNotExist();
        String read = lines(target().resolve(ReadRecorder.chain())).get(lines(target().resolve(ReadRecorder.chain()))
                .size() - 2);
        assertThat(read).contains("\"type\":\"AUDIT_LOG_READ\"", "\"action\":\"restore\"", replica().toString());

        // the application opens the restored store and continues the chain
        try (AuditTrail trail = AuditTrail.builder().directory(target()).chainId("demo").system("permit-portal")
                .signingKey(keys.resolve(KeygenCommand.PRIVATE_KEY)).build()) {
            trail.record(AuditEvent.userLock(Actor.builder("A123456").admin(true).build(), "u-1").build());
        }
        VerificationReport report = AuditVerifier.forDirectory(target()).trustedKey(Path.of(publicKey)).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.chains()).filteredOn(c -> c.chain().equals("demo")).singleElement()
                .satisfies(c -> assertThat(c.lastSeq()).isGreaterThan(written.size()));
        assertThat(replica().resolve("demo")).as("the replica is only read").exists();
        assertThat(lines(replica().resolve("demo"))).isEqualTo(written);
    }

    @Test
    void restoreDrill_keyedChain_continuedWithTheSameSeed() throws IOException {
        Path keys = keygen();
        Path seed = keys.resolve(KeygenCommand.SEED);
        assertThat(generate(300, "--hmac-seed", seed.toString()).exit()).isZero();
        assertThat(replica().resolve("demo").resolve("epoch.key")).as("the epoch key stays on the host").doesNotExist();
        deleteTree(store());

        CliRun restore = CliRun.of("restore", replica().toString(), target().toString(), "--hmac-seed", seed.toString());
        assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.out()).contains("chain demo: key state for epoch 1 derived from the seed");
        try (AuditTrail trail = AuditTrail.builder().directory(target()).chainId("demo").system("permit-portal")
                .hmacSeed(seed).build()) {
            trail.record(AuditEvent.userLock(Actor.builder("A123456").admin(true).build(), "u-1").build());
        }
        VerificationReport report = AuditVerifier.forDirectory(target()).hmacSeed(seed).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.problems()).extracting(p -> p.kind().name()).doesNotContain("MACS_NOT_CHECKED");
    }

    @Test
    void restore_tamperedReplica_exit1_nothingRestored() throws IOException {
        assertThat(generate(500).exit()).isZero();
        Path first = Segments.of(replica(), "demo").get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(first));
        lines.set(3, lines.get(3).replace("\"seq\":4,", "\"seq\":4, "));
        Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rw-------"));
        Files.write(first, lines);

        CliRun restore = CliRun.of("restore", replica().toString(), target().toString());
        assertThat(restore.exit()).as(restore.out() + restore.err()).isEqualTo(AuditCli.EXIT_INTEGRITY);
        assertThat(restore.out()).contains("NOT INTACT: nothing restored", first.getFileName().toString());
        assertThat(target()).doesNotExist();
        assertThat(tmp.resolve("restored.restoring")).doesNotExist();
    }

    @Test
    void restore_targetNotEmpty_exit2_targetUntouched() throws IOException {
        assertThat(generate(50).exit()).isZero();
        Files.createDirectories(target());
        Files.writeString(target().resolve("keep.txt"), "operator's file");

        CliRun restore = CliRun.of("restore", replica().toString(), target().toString());
        assertThat(restore.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(restore.err()).contains("TARGET " + target().toAbsolutePath(), "is not empty", "never overwrites");
        assertThat(Files.readString(target().resolve("keep.txt"))).isEqualTo("operator's file");
        try (Stream<Path> entries = Files.list(target())) {
            assertThat(entries).hasSize(1);
        }
    }

    @Test
    void generate_replicaWithJdbcUrl_refusedNamingBoth() {
        CliRun run = CliRun.of("generate", "--jdbc-url", "jdbc:h2:mem:x", "--chain", "demo", "--count", "1",
                "--replica", replica().toString());
        assertThat(run.exit()).isEqualTo(AuditCli.EXIT_ERROR);
        assertThat(run.err()).contains("--replica", "--jdbc-url");
    }
}

