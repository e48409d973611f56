package io.govaudit.verify;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.Location;
import io.govaudit.testing.Segments;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampers with the files of a real store (several segments) and checks that the verifier reports
 * each change with the kind, seq and file:line that {@link ProblemKind} and {@link Problem}
 * promise (docs/format.md section 9).
 */
class TamperTest {

    private static final String CHAIN = "c1";
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @TempDir
    Path store;

    private Path chainDir;
    private List<Path> segments;

    @BeforeEach
    void writeStore() {
        writeChain(CHAIN, 40);
        chainDir = store.resolve(CHAIN);
        segments = Segments.list(chainDir);
        assertThat(segments).as("segments of the fixture").hasSizeGreaterThanOrEqualTo(4);
    }

    private void writeChain(String chain, int events) {
        // A fixed clock keeps TIME_REGRESSION warnings out of the reports when lines are moved.
        Clock clock = Clock.fixed(Instant.parse("2026-05-01T08:00:00.123456Z"), ZoneOffset.UTC);
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId(chain).system("permit-portal")
                .host("node-a").segmentMaxBytes(4096).maxRecordBytes(1024).clock(clock).build()) {
            Actor admin = Actor.builder("A123456").name("Chen Mei-Ling").admin(true).build();
            for (int i = 0; i < events; i++) {
                trail.record(AuditEvent.userLock(admin, "u-" + i)
                        .where(Location.defaults().withIp("10.0.0." + i)).build());
            }
        }
    }

    private VerificationReport verify() throws IOException {
        return AuditVerifier.forDirectory(store).verify();
    }

    private static long seqOf(String line) {
        Matcher m = SEQ.matcher(line);
        assertThat(m.find()).as("seq in %s", line).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String name(Path segment) {
        return segment.getFileName().toString();
    }

    @Test
    void verify_untouchedStore_isIntactWithEveryRecordAndSegmentCounted() throws IOException {
        VerificationReport report = verify();

        assertThat(report).isIntact().hasNoProblems();
        ChainReport chain = report.chains().get(0);
        int lines = Segments.allLines(chainDir).size();
        assertThat(chain.records()).isEqualTo(lines);
        assertThat(chain.segments()).isEqualTo(segments.size());
        assertThat(chain.firstSeq()).isEqualTo(1);
        assertThat(chain.lastSeq()).isEqualTo(lines);
    }

    @Test
    void verify_byteFlippedInsideRecord_reportsHashMismatchAtThatSeqAndLine() throws IOException {
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        String line = lines.get(2);
        lines.set(2, line.replace("\"u-", "\"v-"));
        Segments.write(segment, lines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.HASH_MISMATCH)
                .hasProblem(ProblemKind.HASH_MISMATCH).atSeq(seqOf(line)).inFile(name(segment)).atLine(3);
    }

    @Test
    void verify_recordEditedAndItsHashRecomputed_reportsBrokenLinkAtNextSeq() throws IOException {
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        String line = lines.get(2);
        String edited = line.replace("\"u-", "\"v-");
        int cut = edited.lastIndexOf(",\"hash\":\"");
        String prefix = edited.substring(0, cut);
        lines.set(2, prefix + ",\"hash\":\"" + sha256Hex(prefix) + "\"}");
        Segments.write(segment, lines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.BROKEN_LINK)
                .hasProblem(ProblemKind.BROKEN_LINK).atSeq(seqOf(line) + 1).inFile(name(segment)).atLine(4);
    }

    @Test
    void verify_storedHashChanged_reportsHashMismatchThereAndBrokenLinkAfter() throws IOException {
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        String line = lines.get(2);
        char last = line.charAt(line.length() - 3);
        lines.set(2, line.substring(0, line.length() - 3) + (last == '0' ? '1' : '0') + "\"}");
        Segments.write(segment, lines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.HASH_MISMATCH, ProblemKind.BROKEN_LINK)
                .hasProblem(ProblemKind.HASH_MISMATCH).atSeq(seqOf(line)).inFile(name(segment)).atLine(3).and()
                .hasProblem(ProblemKind.BROKEN_LINK).atSeq(seqOf(line) + 1).inFile(name(segment)).atLine(4);
    }

    @Test
    void verify_lineDeleted_reportsSeqGapNamingTheMissingSeqAtTheNextRecordsLine() throws IOException {
        // Contract (Problem.seq): a gap is reported with the first missing seq, located at the
        // line of the record that follows the gap.
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        long deleted = seqOf(lines.remove(2));
        Segments.write(segment, lines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.SEQ_GAP).hasProblemCount(1)
                .hasProblem(ProblemKind.SEQ_GAP).atSeq(deleted).inFile(name(segment)).atLine(3);
    }

    @Test
    void verify_firstLineOfSegmentDeleted_reportsGapAndMisplacedSegment() throws IOException {
        Path segment = segments.get(2);
        List<String> lines = Segments.lines(segment);
        long deleted = seqOf(lines.remove(0));
        Segments.write(segment, lines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.SEQ_GAP, ProblemKind.SEGMENT_MISPLACED)
                .hasProblem(ProblemKind.SEQ_GAP).atSeq(deleted).inFile(name(segment)).atLine(1).and()
                .hasProblem(ProblemKind.SEGMENT_MISPLACED).atSeq(deleted + 1).inFile(name(segment)).atLine(1);
    }

    @Test
    void verify_twoLinesSwapped_reportsSeqOrderAtTheLateRecord() throws IOException {
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        String third = lines.get(2);
        lines.set(2, lines.get(3));
        lines.set(3, third);
        Segments.write(segment, lines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.SEQ_ORDER).hasProblemCount(1)
                .hasProblem(ProblemKind.SEQ_ORDER).atSeq(seqOf(third)).inFile(name(segment)).atLine(4);
    }

    @Test
    void verify_lineDuplicated_reportsSeqRepeatAtTheCopy() throws IOException {
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        lines.add(3, lines.get(2));
        Segments.write(segment, lines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.SEQ_REPEAT).hasProblemCount(1)
                .hasProblem(ProblemKind.SEQ_REPEAT).atSeq(seqOf(lines.get(2))).inFile(name(segment)).atLine(4);
    }

    @Test
    void verify_middleSegmentDeleted_reportsGapFromItsFirstSeqAtStartOfNextSegment() throws IOException {
        Path deleted = segments.get(1);
        Files.delete(deleted);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.SEQ_GAP).hasProblemCount(1)
                .hasProblem(ProblemKind.SEQ_GAP).atSeq(Segments.firstSeq(deleted))
                .inFile(name(segments.get(2))).atLine(1);
    }

    @Test
    void verify_segmentsRenamedIntoEachOther_reportsBothSegmentsMisplaced() throws IOException {
        Path second = segments.get(1);
        Path third = segments.get(2);
        Path parked = chainDir.resolve("parked");
        Files.move(second, parked);
        Files.move(third, second);
        Files.move(parked, third);

        assertThat(verify()).isNotIntact()
                .hasProblem(ProblemKind.SEGMENT_MISPLACED).atSeq(Segments.firstSeq(third))
                .inFile(name(second)).atLine(1).and()
                .hasProblem(ProblemKind.SEGMENT_MISPLACED).atSeq(Segments.firstSeq(second))
                .inFile(name(third)).atLine(1);
    }

    @Test
    void verify_segmentRenamedToLaterSeq_reportsSegmentMisplaced() throws IOException {
        Path last = segments.get(segments.size() - 1);
        Path renamed = chainDir.resolve(Segments.name(Segments.firstSeq(last) + 1));
        Files.move(last, renamed);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.SEGMENT_MISPLACED)
                .hasProblem(ProblemKind.SEGMENT_MISPLACED).atSeq(Segments.firstSeq(last))
                .inFile(name(renamed)).atLine(1);
    }

    @Test
    void verify_garbageLineInserted_reportsUnparseableAtThatLineAndNothingElse() throws IOException {
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        lines.add(3, "this is not an audit record");
        Segments.write(segment, lines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.UNPARSEABLE).hasProblemCount(1)
                .hasProblem(ProblemKind.UNPARSEABLE).inFile(name(segment)).atLine(4);
    }

    @Test
    void verify_recordReplacedByGarbage_reportsUnparseableAndNoGap() throws IOException {
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        lines.set(3, "{\"v\":1,\"chain\":\"c1\",\"seq\":");
        Segments.write(segment, lines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.UNPARSEABLE).hasProblemCount(1)
                .hasProblem(ProblemKind.UNPARSEABLE).inFile(name(segment)).atLine(4);
    }

    @Test
    void verify_twoTampersInDifferentSegments_reportsBoth() throws IOException {
        Path first = segments.get(0);
        List<String> firstLines = Segments.lines(first);
        String flipped = firstLines.get(4);
        firstLines.set(4, flipped.replace("\"u-", "\"w-"));
        Segments.write(first, firstLines);
        Path third = segments.get(2);
        List<String> thirdLines = Segments.lines(third);
        thirdLines.add(2, thirdLines.get(1));
        Segments.write(third, thirdLines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.HASH_MISMATCH, ProblemKind.SEQ_REPEAT)
                .hasProblem(ProblemKind.HASH_MISMATCH).atSeq(seqOf(flipped)).inFile(name(first)).atLine(5).and()
                .hasProblem(ProblemKind.SEQ_REPEAT).atSeq(seqOf(thirdLines.get(1))).inFile(name(third)).atLine(3);
    }

    @Test
    void verify_unknownFormatVersion_reportsUnknownVersionAtThatLine() throws IOException {
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        lines.set(1, lines.get(1).replace("{\"v\":2,", "{\"v\":3,"));
        Segments.write(segment, lines);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.UNKNOWN_VERSION).hasProblemCount(1)
                .hasProblem(ProblemKind.UNKNOWN_VERSION).inFile(name(segment)).atLine(2);
    }

    @Test
    void verify_recordCopiedFromAnotherChain_reportsWrongChainAtThatSeq() throws IOException {
        writeChain("c2", 40);
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        long seq = seqOf(lines.get(2));
        String foreign = Segments.allLines(store.resolve("c2")).get((int) seq - 1);
        assertThat(seqOf(foreign)).isEqualTo(seq);
        lines.set(2, foreign);
        Segments.write(segment, lines);

        VerificationReport report = verify();

        assertThat(report).hasOnlyProblemKinds(ProblemKind.WRONG_CHAIN, ProblemKind.BROKEN_LINK)
                .hasProblem(ProblemKind.WRONG_CHAIN).inChain(CHAIN).atSeq(seq).inFile(name(segment)).atLine(3);
        assertThat(report.chains()).extracting(ChainReport::chain).containsExactly("c1", "c2");
        assertThat(report.chains().get(1).intact()).isTrue();
    }

    @Test
    void verify_closedSegmentsGzipped_isIntact() throws IOException {
        for (Path segment : segments.subList(0, segments.size() - 1)) {
            Segments.write(chainDir.resolve(name(segment) + ".gz"), gzip(Segments.bytes(segment)));
            Files.delete(segment);
        }

        VerificationReport report = verify();

        assertThat(report).isIntact().hasNoProblems();
        assertThat(report.chains().get(0).segments()).isEqualTo(segments.size());
    }

    @Test
    void verify_gzipSegmentWithAlteredRecord_reportsHashMismatch() throws IOException {
        Path segment = segments.get(1);
        List<String> lines = Segments.lines(segment);
        String line = lines.get(2);
        lines.set(2, line.replace("\"u-", "\"v-"));
        Segments.write(segment, lines);
        Segments.write(chainDir.resolve(name(segment) + ".gz"), gzip(Segments.bytes(segment)));
        Files.delete(segment);

        assertThat(verify()).hasOnlyProblemKinds(ProblemKind.HASH_MISMATCH)
                .hasProblem(ProblemKind.HASH_MISMATCH).atSeq(seqOf(line)).inFile(name(segment) + ".gz").atLine(3);
    }

    @Test
    void verify_gzipSegmentOfTwoConcatenatedMembers_isIntact() throws IOException {
        Path segment = segments.get(1);
        byte[] bytes = Segments.bytes(segment);
        int half = new String(bytes, StandardCharsets.UTF_8).indexOf('\n', bytes.length / 2) + 1;
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(gzip(java.util.Arrays.copyOfRange(bytes, 0, half)));
        file.write(gzip(java.util.Arrays.copyOfRange(bytes, half, bytes.length)));
        Segments.write(chainDir.resolve(name(segment) + ".gz"), file.toByteArray());
        Files.delete(segment);

        assertThat(verify()).isIntact().hasNoProblems();
    }

    @Test
    void verify_gzipSegmentWithDamagedTrailer_reportsIoError() throws IOException {
        Path segment = segments.get(1);
        byte[] gz = gzip(Segments.bytes(segment));
        gz[gz.length - 5] ^= 1;
        Segments.write(chainDir.resolve(name(segment) + ".gz"), gz);
        Files.delete(segment);

        assertThat(verify()).isNotIntact().hasProblem(ProblemKind.IO_ERROR).inFile(name(segment) + ".gz");
    }

    @Test
    void verify_gzipSegmentWithTrailingData_isNotIntact() throws IOException {
        Path segment = segments.get(1);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(gzip(Segments.bytes(segment)));
        file.write("{\"v\":1,\"chain\":\"c1\",\"seq\":999}\n".getBytes(StandardCharsets.UTF_8));
        Segments.write(chainDir.resolve(name(segment) + ".gz"), file.toByteArray());
        Files.delete(segment);

        assertThat(verify()).isNotIntact().hasProblem(ProblemKind.TRAILING_DATA).inFile(name(segment) + ".gz");
    }

    @Test
    void verify_tornTailOnNewestSegment_warnsWithoutIntegrityProblem() throws IOException {
        Path newest = segments.get(segments.size() - 1);
        int complete = Segments.lines(newest).size();
        String next = Segments.lines(newest).get(0);
        Files.write(newest, next.substring(0, next.length() / 2).getBytes(StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(verify()).isIntact().hasOnlyProblemKinds(ProblemKind.TORN_TAIL)
                .hasProblem(ProblemKind.TORN_TAIL).inFile(name(newest)).atLine(complete + 1);
    }

    @Test
    void verify_incompleteLastLineOfClosedSegment_reportsUnparseable() throws IOException {
        Path segment = segments.get(1);
        byte[] bytes = Segments.bytes(segment);
        Segments.write(segment, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        int lines = Segments.lines(segment).size();

        assertThat(verify()).isNotIntact()
                .hasProblem(ProblemKind.UNPARSEABLE).inFile(name(segment)).atLine(lines);
    }

    /**
     * Property (STYLE.md S34): replacing any one byte of any record with a different byte is
     * reported as an integrity problem located at that line. The one exception is the final
     * {@code \n} of the newest segment: without it the last record is indistinguishable from a
     * write torn by a crash, which is a warning by contract ({@link ProblemKind#TORN_TAIL}) and
     * is what reopening repairs. Seeded, 200 tries.
     */
    @Test
    void verify_anySingleByteReplaced_isReportedAtThatLine() throws IOException {
        long seed = 0x9E3779B97F4A7C15L;
        Random random = new Random(seed);
        Path newest = segments.get(segments.size() - 1);
        for (int attempt = 0; attempt < 200; attempt++) {
            Path segment = segments.get(random.nextInt(segments.size()));
            byte[] original = Segments.bytes(segment);
            int limit = segment.equals(newest) ? original.length - 1 : original.length;
            int at = random.nextInt(limit);
            byte replacement = (byte) (original[at] ^ (1 + random.nextInt(255)));
            byte[] tampered = original.clone();
            tampered[at] = replacement;
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (original[i] == '\n') {
                    line++;
                }
            }
            Segments.write(segment, tampered);
            try {
                VerificationReport report = verify();
                String context = String.format("try %d (seed %d): byte %d of %s (line %d) 0x%02x -> 0x%02x",
                        attempt, seed, at, name(segment), line, original[at], replacement);
                assertThat(report).as(context).isNotIntact();
                int reportedLine = line;
                assertThat(report.problems()).as(context)
                        .anyMatch(p -> p.kind().isIntegrityProblem() && name(segment).equals(p.file())
                                && p.line() == reportedLine);
            } finally {
                Segments.write(segment, original);
            }
        }
        assertThat(verify()).isIntact();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
