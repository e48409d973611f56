package io.govaudit.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.CapacityPolicy;
import io.govaudit.EventType;
import io.govaudit.Location;
import io.govaudit.RetentionPolicy;
import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.Segments;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.Problem;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a verifier written from docs/format.md alone ({@link ReferenceVerifier}) agrees with
 * {@link AuditVerifier} on a store holding every record type, and on tampered copies of it.
 *
 * <p>The store, keyed, signed and anchored ({@link KeyedStore}), has three chains, because some
 * record types exclude others in one chain: {@code node-1} holds every application type,
 * {@code CHAIN_START}, {@code TRAIL_START}/{@code TRAIL_STOP}, {@code CHECKPOINT},
 * {@code KEY_ROTATION}, {@code RECOVERY}, {@code CLOCK_ANOMALY} and gzipped segments;
 * {@code capacity} holds {@code RETENTION_PURGE}, {@code CAPACITY_WARNING},
 * {@code RECORDING_STOPPED} and {@code RECORDING_RESUMED} (a purge deletes the chain's oldest
 * segments, where {@code CHAIN_START} is); {@code lost} holds {@code RECORDS_LOST}, which makes its
 * chain not intact by design.
 */
class ReferenceVerifierTest {

    private static final Set<String> LIBRARY_TYPES = Set.of("CHAIN_START", "TRAIL_START", "TRAIL_STOP",
            "CHECKPOINT", "KEY_ROTATION", "RETENTION_PURGE", "CAPACITY_WARNING", "RECORDING_STOPPED",
            "RECORDING_RESUMED", "RECOVERY", "CLOCK_ANOMALY", "RECORDS_LOST");

    @TempDir
    static Path root;

    private static KeyedStore fixture;
    private static KeyedStore.KeyPair first;

    @BeforeAll
    static void writeStore() throws IOException {
        fixture = KeyedStore.create(root.resolve("fixture"));
        first = fixture.keyPair("first");
        KeyedStore.KeyPair second = fixture.keyPair("second");
        writeMainChain(second);
        writeCapacityChain();
        writeLostChain();
    }

    private static void writeMainChain(KeyedStore.KeyPair second) throws IOException {
        // compression in both runs: the closing records may roll after the compressor stopped
        try (AuditTrail trail = fixture.builder("node-1", first).compressClosedSegments(true).build()) {
            applicationEvents().forEach(event -> {
                fixture.clock.advance(Duration.ofSeconds(1));
                trail.record(event);
            });
            fixture.ticker.addAndGet(KeyedStore.EPOCH.toNanos() + 1); // a second epoch within the run
            fixture.clock.advance(Duration.ofSeconds(-30)); // CLOCK_ANOMALY, and a TIME_REGRESSION warning
            trail.record(AuditEvent.logout(admin()).build());
            fixture.clock.advance(Duration.ofMinutes(1));
            for (int i = 0; i < 20; i++) {
                fixture.clock.advance(Duration.ofSeconds(1));
                trail.record(AuditEvent.userLock(admin(), "u-" + i).build());
            }
        }
        List<Path> segments = Segments.list(fixture.chainDir("node-1"));
        Files.write(segments.get(segments.size() - 1), "{\"v\":2,\"chain\":\"node-1\",\"seq\":".getBytes(
                StandardCharsets.UTF_8), StandardOpenOption.APPEND); // a torn tail: RECOVERY on the next open
        fixture.clock.advance(Duration.ofMinutes(1));
        try (AuditTrail trail = fixture.builder("node-1", second).previousSigningKey(first.privatePem)
                .compressClosedSegments(true).build()) {
            for (int i = 0; i < 4; i++) {
                fixture.clock.advance(Duration.ofSeconds(1));
                trail.record(AuditEvent.userUnlock(admin(), "u-" + i).build());
            }
        }
        List<String> newest = Segments.lines(Segments.list(fixture.chainDir("node-1")).get(
                Segments.list(fixture.chainDir("node-1")).size() - 1));
        assertThat(newest.stream().map(KeyedStore::typeOf)).as("the second run closed in order")
                .endsWith("TRAIL_STOP", "CHECKPOINT");
    }

    /** Every factory of AuditEvent, and an application type with every kind of detail value. */
    private static List<AuditEvent> applicationEvents() {
        Actor admin = admin();
        return List.of(
                AuditEvent.login(admin).where(Location.defaults().withIp("10.0.0.50").withUa("Mozilla/5.0")).build(),
                AuditEvent.loginFailure(Actor.of("u-77"), "bad credentials").build(),
                AuditEvent.logout(admin).build(),
                AuditEvent.passwordChange(admin).build(),
                AuditEvent.userPasswordReset(admin, "u-1").build(),
                AuditEvent.userLock(admin, "u-2").build(),
                AuditEvent.userUnlock(admin, "u-2").build(),
                AuditEvent.permissionChange(admin, "u-3", List.of("ROLE_AUDITOR"), List.of()).build(),
                AuditEvent.userCreate(admin, "u-4").build(),
                AuditEvent.userDelete(admin, "u-4").build(),
                AuditEvent.configChange(admin, "session.timeout", "15m", "30m").build(),
                AuditEvent.configChange(admin, "db.password", "old", "new").build(),
                AuditEvent.sensitiveAccess(admin, "CITIZEN", "R-77", List.of("name", "address"), "case 2026-118").build(),
                AuditEvent.auditLogRead(admin, "/var/lib/permit/audit", "verify").build(),
                AuditEvent.adminAction(admin, "POST /admin/reports/export").build(),
                AuditEvent.of(EventType.of("PERMIT_ISSUED"), admin).subject(io.govaudit.Subject.of("PERMIT", "P-9"))
                        .detail("fee", new BigDecimal("12.50")).detail("ratio", 0.5).detail("pages", 3)
                        .detail("note", "台北市 \u2028 \u0007 \u0085 \uD83D\uDE00 \"q\"").detail("tags", List.of("a", 1L, true))
                        .reason("issued").build());
    }

    private static Actor admin() {
        return Actor.builder("A123456").name("Chen Mei-Ling").roles("ADMIN").admin(true).session("s-1").build();
    }

    private static void writeCapacityChain() {
        // segments also roll by age while recording is stopped: each closed segment still ends
        // with its checkpoint
        AuditTrail.Builder builder = fixture.builder("capacity", first).segmentMaxAge(Duration.ofHours(6))
                .capacity(CapacityPolicy.maxBytes(64 * 1024).warnAt(90).onFull(CapacityPolicy.OnFull.STOP_RECORDING))
                .retention(RetentionPolicy.minimum(Period.ofDays(1)).belowSixMonths("test: a short retention on purpose").maximum(Period.ofDays(2)));
        try (AuditTrail trail = builder.build()) {
            for (int i = 0; i < 70; i++) { // about 40 KiB that will expire
                fixture.clock.advance(Duration.ofSeconds(1));
                trail.record(AuditEvent.userLock(admin(), "u-" + i).build());
            }
            fixture.clock.advance(Duration.ofDays(1).plusHours(1)); // younger records that stay
            for (int i = 0; trail.record(AuditEvent.userUnlock(admin(), "u-" + i).build()).recorded(); i++) {
                fixture.clock.advance(Duration.ofSeconds(1));
                assertThat(i).as("the capacity bound stops recording").isLessThan(500);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(trail.record(AuditEvent.logout(admin()).build())).isEqualTo(io.govaudit.Receipt.notRecorded());
            }
            fixture.clock.advance(Duration.ofDays(1)); // the first records pass the retention maximum
            trail.flush(); // probes at once: purges them and resumes
            assertThat(trail.state()).isNotEqualTo(AuditTrail.State.STOPPED);
            trail.record(AuditEvent.login(admin()).build());
        }
    }

    private static void writeLostChain() throws IOException {
        try (AuditTrail trail = fixture.builder("lost", first).build()) {
            for (int i = 0; i < 30; i++) {
                fixture.clock.advance(Duration.ofSeconds(1));
                trail.record(AuditEvent.userLock(admin(), "u-" + i).build());
            }
        }
        List<Path> segments = Segments.list(fixture.chainDir("lost"));
        Files.delete(segments.get(segments.size() - 1));
        try (AuditTrail trail = fixture.builder("lost", first).acceptLostRecords(true).build()) {
            trail.record(AuditEvent.login(admin()).build());
        }
    }

    // ---- the two verifiers ----

    /** A copy of the fixture (store, anchors, keys) to tamper with. */
    private static Path copy(String name) {
        Path target = root.resolve(name);
        KeyedStore.copyTree(fixture.root, target);
        return target;
    }

    private static VerificationReport library(Path base) throws IOException {
        return AuditVerifier.forDirectory(base.resolve("store")).hmacSeed(base.resolve("keys/chain-seed.hex"))
                .trustedKey(base.resolve("keys/first.pub")).anchors(base.resolve("anchors")).verify();
    }

    private static ReferenceVerifier.Result reference(Path base) throws IOException {
        return new ReferenceVerifier(base.resolve("store"), base.resolve("keys/chain-seed.hex"),
                base.resolve("keys/first.pub"), base.resolve("anchors")).verify();
    }

    /** Every finding as {@code KIND chain#seq}; the library's CHECKPOINT_GAP, a policy warning, aside. */
    private static Set<String> findings(VerificationReport report) {
        return report.problems().stream().filter(p -> p.kind() != ProblemKind.CHECKPOINT_GAP)
                .map(p -> p.kind() + " " + p.chain() + "#" + p.seq()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> findings(ReferenceVerifier.Result result) {
        return result.findings().stream().map(f -> f.kind() + " " + f.chain() + "#" + f.seq())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Runs both verifiers on a copy and asserts they report the same problems at the same seqs. */
    private static Set<String> bothAgree(Path base) throws IOException {
        VerificationReport report = library(base);
        Set<String> expected = findings(report);
        assertThat(findings(reference(base))).as("library report: %s", report.problems()).isEqualTo(expected);
        return expected;
    }

    // ---- tests ----

    @Test
    void referenceVerifier_importsOnlyTheJdkJacksonCoreAndBouncyCastleEd25519() throws IOException {
        Path source = Path.of("src/test/java/io/govaudit/reference/ReferenceVerifier.java");
        List<String> imports = Files.readAllLines(source).stream().filter(l -> l.startsWith("import ")).toList();
        assertThat(imports).isNotEmpty().allSatisfy(line -> assertThat(line).matches(
                "import (java\\.|javax\\.crypto\\.|com\\.fasterxml\\.jackson\\.core\\.[A-Z]|org\\.bouncycastle\\.crypto\\."
                        + "(params\\.Ed25519PublicKeyParameters|signers\\.Ed25519Signer);).*"));
        assertThat(Files.readString(source).replace("package io.govaudit.reference;", ""))
                .doesNotContain("io.govaudit", "import static");
    }

    @Test
    void store_holdsEveryRecordType_andGzippedSegments() {
        Set<String> types = new TreeSet<>();
        for (String chain : List.of("node-1", "capacity", "lost")) {
            for (Path segment : Segments.list(fixture.chainDir(chain))) {
                lines(segment).forEach(line -> types.add(KeyedStore.typeOf(line)));
            }
        }
        List<String> application = applicationEvents().stream().map(e -> e.type().code()).toList();
        assertThat(types).containsAll(application).containsAll(EventType.required().stream().map(EventType::code).toList());
        assertThat(types).containsAll(LIBRARY_TYPES);
        assertThat(Segments.list(fixture.chainDir("node-1"))).anyMatch(p -> p.toString().endsWith(".log.gz"));
    }

    private static List<String> lines(Path segment) {
        if (!segment.toString().endsWith(".gz")) {
            return Segments.lines(segment);
        }
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(segment))) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void verify_untouchedStore_bothAgreeIntactExceptTheLostChain() throws IOException {
        VerificationReport report = library(fixture.root);
        ReferenceVerifier.Result result = reference(fixture.root);
        assertThat(findings(result)).as("library report: %s", report.problems()).isEqualTo(findings(report));
        assertThat(result.records()).containsOnlyKeys("capacity", "lost", "node-1");
        report.chains().forEach(chain -> assertThat(result.records().get(chain.chain())).isEqualTo(chain.records()));
        List<Problem> integrity = report.problems().stream().filter(p -> p.kind().isIntegrityProblem()).toList();
        assertThat(integrity).as("node-1 and capacity are intact").allSatisfy(p -> assertThat(p.chain()).isEqualTo("lost"));
        // The lost chain is not intact by design, and by RECORDS_LOST only: the head mark is
        // written before any checkpoint's anchor goes out, so the continuation never reuses an
        // anchored seq (no ANCHOR_MISMATCH).
        assertThat(integrity).extracting(Problem::kind).containsOnly(ProblemKind.RECORDS_LOST);
        assertThat(result.integrity()).contains(new ReferenceVerifier.Finding("RECORDS_LOST", "lost",
                integrity.stream().filter(p -> p.kind() == ProblemKind.RECORDS_LOST).findFirst().orElseThrow().seq()));
        assertThat(report.chains().get(0).purgedThrough()).as("capacity chain").isPositive();
    }

    @Test
    void verify_byteOfKeyedRecordFlipped_bothReportHashAndMacMismatchAtItsSeq() throws IOException {
        Path base = copy("flipped");
        long seq = editActiveSegment(base, lines -> {
            int i = middleRecord(lines);
            lines.set(i, lines.get(i).replaceFirst("\"id\":\"A123456\"", "\"id\":\"A123457\""));
            return KeyedStore.seqOf(lines.get(i));
        });
        assertThat(bothAgree(base)).contains("HASH_MISMATCH node-1#" + seq, "MAC_MISMATCH node-1#" + seq);
    }

    @Test
    void verify_middleLineDeleted_bothReportSeqGapAtIt() throws IOException {
        Path base = copy("deleted");
        long seq = editActiveSegment(base, lines -> KeyedStore.seqOf(lines.remove(middleRecord(lines))));
        assertThat(bothAgree(base)).contains("SEQ_GAP node-1#" + seq);
    }

    @Test
    void verify_tailCutWithAnchors_bothReportTruncated() throws IOException {
        Path base = copy("cut");
        long seq = editActiveSegment(base, lines -> {
            long first = KeyedStore.seqOf(lines.get(lines.size() - 2)); // TRAIL_STOP and its checkpoint go
            lines.subList(lines.size() - 2, lines.size()).clear();
            return first;
        });
        assertThat(bothAgree(base)).contains("TRUNCATED node-1#" + seq);
    }

    @Test
    void verify_twoLinesSwapped_bothReportSeqOrder() throws IOException {
        Path base = copy("swapped");
        long seq = editActiveSegment(base, lines -> {
            int i = middleRecord(lines);
            String line = lines.remove(i);
            lines.add(i + 1, line);
            return KeyedStore.seqOf(line);
        });
        assertThat(bothAgree(base)).contains("SEQ_ORDER node-1#" + seq);
    }

    /** Rewrites the newest (plain) segment of node-1 in a copy; the edit returns the seq it concerns. */
    private static long editActiveSegment(Path base, java.util.function.ToLongFunction<List<String>> edit) {
        List<Path> segments = Segments.list(base.resolve("store/node-1"));
        Path active = segments.get(segments.size() - 1);
        List<String> lines = new ArrayList<>(Segments.lines(active));
        long seq = edit.applyAsLong(lines);
        Segments.write(active, lines);
        return seq;
    }

    /** A keyed application record in the middle of the segment, followed by another application record. */
    private static int middleRecord(List<String> lines) {
        for (int i = 1; i + 1 < lines.size(); i++) {
            if (!LIBRARY_TYPES.contains(KeyedStore.typeOf(lines.get(i)))
                    && !LIBRARY_TYPES.contains(KeyedStore.typeOf(lines.get(i + 1)))) {
                return i;
            }
        }
        throw new IllegalStateException("no two application records in a row: " + lines);
    }
}
