package io.govaudit.verify;

import static io.govaudit.testing.KeyedStore.epOf;
import static io.govaudit.testing.KeyedStore.hashOf;
import static io.govaudit.testing.KeyedStore.seqOf;
import static io.govaudit.testing.KeyedStore.typeOf;
import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.AuditTrail;
import io.govaudit.internal.keys.Ed25519Keys;
import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.KeyedStore.ChainLines;
import io.govaudit.testing.KeyedStore.KeyPair;
import io.govaudit.testing.Segments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack corpus of docs/format.md sections 3-5: each test plays one intruder against a keyed, signed
 * and anchored store (several segments, a key rotation, several epochs) and requires the verifier
 * to report it with the expected kind. The intruder works on the files, with what a host
 * compromise gives: the current epoch key from {@code epoch.key} and, where stated, the signing
 * key files. The auditor holds the seed, the first public key and the anchors.
 */
class AttackCorpusTest {

    private static final String CHAIN = "c1";

    @TempDir
    Path root;

    private KeyedStore fx;
    private KeyPair first;
    private KeyPair second;

    @BeforeEach
    void writeStore() {
        fx = KeyedStore.create(root);
        first = fx.keyPair("first");
        second = fx.keyPair("second");
        fx.writeStandard(CHAIN, first, second);
        assertThat(Segments.list(fx.chainDir(CHAIN))).as("segments of the fixture").hasSizeGreaterThanOrEqualTo(5);
    }

    private VerificationReport verifyWithEverything() throws IOException {
        return fx.fullVerifier(first).verify();
    }

    private AuditVerifier verifier() {
        return AuditVerifier.forDirectory(fx.store);
    }

    /** Global index of the first USER_LOCK record in segment {@code segment}. */
    private static int userRecordIn(ChainLines lines, int segment) {
        int base = 0;
        for (int s = 0; s < segment; s++) {
            base += lines.lines.get(s).size();
        }
        for (int i = 0; i < lines.lines.get(segment).size(); i++) {
            if (typeOf(lines.lines.get(segment).get(i)).equals("USER_LOCK")) {
                return base + i;
            }
        }
        throw new IllegalStateException("no USER_LOCK in segment " + segment);
    }

    private static String edit(String line) {
        assertThat(line).contains("\"id\":\"u-");
        return line.replaceFirst("\"id\":\"u-\\d+\"", "\"id\":\"u-innocent\"");
    }

    private static String name(Path segment) {
        return segment.getFileName().toString();
    }

    // ---- the untouched store ----

    @Nested
    class Untouched {

        @Test
        void allKeysGiven_isIntactWithoutWarnings() throws IOException {
            assertThat(verifyWithEverything()).isIntact().hasNoProblems();
        }

        @Test
        void bothPublicKeysTrusted_isIntactWithoutWarnings() throws IOException {
            assertThat(fx.fullVerifier(first).trustedKey(second.publicPem).verify()).isIntact().hasNoProblems();
        }

        @Test
        void noKeysGiven_isIntactButSaysMacsAndSignaturesWereNotChecked() throws IOException {
            assertThat(verifier().verify()).isIntact()
                    .hasOnlyProblemKinds(ProblemKind.MACS_NOT_CHECKED, ProblemKind.SIGNATURES_NOT_CHECKED);
            assertThat(verifier().anchors(fx.anchors).verify()).isIntact()
                    .hasOnlyProblemKinds(ProblemKind.MACS_NOT_CHECKED, ProblemKind.SIGNATURES_NOT_CHECKED);
        }

        @Test
        void onlySeedGiven_saysSignaturesWereNotChecked() throws IOException {
            assertThat(verifier().hmacSeed(fx.seedFile).verify()).isIntact()
                    .hasOnlyProblemKinds(ProblemKind.SIGNATURES_NOT_CHECKED);
        }

        @Test
        void onlyKeyGiven_saysMacsWereNotChecked() throws IOException {
            assertThat(verifier().trustedKey(first.publicPem).verify()).isIntact()
                    .hasOnlyProblemKinds(ProblemKind.MACS_NOT_CHECKED);
        }
    }

    // ---- 1. edit + full recompute without the key ----

    @Test
    void editAndRecomputeThePublicChain_keepingTheMacs_isMacMismatch() throws IOException {
        ChainLines lines = fx.lines(CHAIN);
        int at = userRecordIn(lines, 1);
        long seq = seqOf(lines.get(at));
        lines.resealFrom(at, KeyedStore.keepMacs(), line -> seqOf(line) == seq ? edit(line) : line);
        lines.write();

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.MAC_MISMATCH).atSeq(seq);
        assertThat(verifier().hmacSeed(fx.seedFile).verify()).as("the seed alone finds it")
                .isNotIntact().hasProblem(ProblemKind.MAC_MISMATCH).atSeq(seq);
        assertThat(verifier().trustedKey(first.publicPem).verify()).as("the public key alone finds it: checkpoints")
                .isNotIntact().hasProblem(ProblemKind.BAD_SIGNATURE);
    }

    @Test
    void editAndRecomputeWithSha256InPlaceOfTheMac_isMacMismatch() throws IOException {
        ChainLines lines = fx.lines(CHAIN);
        int at = userRecordIn(lines, 1);
        long seq = seqOf(lines.get(at));
        lines.resealFrom(at, KeyedStore.sha256(), line -> seqOf(line) == seq ? edit(line) : line);
        lines.write();

        assertThat(verifier().hmacSeed(fx.seedFile).verify()).isNotIntact().hasProblem(ProblemKind.MAC_MISMATCH)
                .atSeq(seq);
    }

    @Test
    void editAndRecomputeWithAWrongHmacKey_isMacMismatch() throws IOException {
        byte[] wrong = new byte[32];
        new SecureRandom().nextBytes(wrong);
        ChainLines lines = fx.lines(CHAIN);
        int at = userRecordIn(lines, 2);
        long seq = seqOf(lines.get(at));
        lines.resealFrom(at, KeyedStore.hmac(wrong), line -> seqOf(line) == seq ? edit(line) : line);
        lines.write();

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.MAC_MISMATCH).atSeq(seq);
        assertThat(verifier().hmacSeed(fx.seedFile).verify()).isNotIntact().hasProblem(ProblemKind.MAC_MISMATCH)
                .atSeq(seq);
    }

    @Test
    void editAndRecomputeWithTheSeedOfAnotherChain_isMacMismatch() throws IOException {
        KeyedStore other = KeyedStore.create(root.resolve("other"));
        ChainLines lines = fx.lines(CHAIN);
        int at = userRecordIn(lines, 1);
        long seq = seqOf(lines.get(at));
        lines.resealFrom(at, (ep, p) -> other.ownEpochKeys().hash(ep, p), line -> seqOf(line) == seq ? edit(line) : line);
        lines.write();

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.MAC_MISMATCH).atSeq(seq);
    }

    // ---- 2. tail cut at a record boundary ----

    /**
     * Cuts the chain's last {@code n} records at a record boundary, deleting the segments that
     * become empty (the newest segment may hold only the closing records), and returns the newest
     * segment left.
     */
    private Path cutLastRecords(int n) throws IOException {
        List<Path> segments = Segments.list(fx.chainDir(CHAIN));
        int left = n;
        for (int s = segments.size() - 1; left > 0; s--) {
            List<String> lines = Segments.lines(segments.get(s));
            int cut = Math.min(left, lines.size());
            left -= cut;
            if (cut == lines.size()) {
                Files.delete(segments.get(s));
            } else {
                Segments.write(segments.get(s), lines.subList(0, lines.size() - cut));
            }
        }
        List<Path> kept = Segments.list(fx.chainDir(CHAIN));
        return kept.get(kept.size() - 1);
    }

    @Test
    void tailCutAtARecordBoundary_isTruncated() throws IOException {
        cutLastRecords(3);

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.TRUNCATED);
        assertThat(verifier().anchors(fx.anchors).verify()).as("anchors alone find it").isNotIntact()
                .hasProblem(ProblemKind.TRUNCATED);
    }

    @Test
    void newestSegmentsDeleted_isTruncated() throws IOException {
        List<Path> segments = Segments.list(fx.chainDir(CHAIN));
        Files.delete(segments.get(segments.size() - 1));
        Files.delete(segments.get(segments.size() - 2));

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.TRUNCATED);
    }

    @Test
    void tailCutRightAfterAnEarlierSignedCheckpoint_isTruncated() throws IOException {
        // The sneakiest cut: the chain still ends with a valid, signed checkpoint of its own.
        List<Path> segments = Segments.list(fx.chainDir(CHAIN));
        Path keep = segments.get(2);
        for (Path later : segments.subList(3, segments.size())) {
            Files.delete(later);
        }
        List<String> lines = Segments.lines(keep);
        assertThat(typeOf(lines.get(lines.size() - 1))).isEqualTo("CHECKPOINT");

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.TRUNCATED);
    }

    @Test
    void tailCutAndRegrownWithTheCurrentEpochKey_isAnchorMismatch() throws IOException {
        // journald's truncate-and-append (CVE-2023-31438): the closing records are cut and as many
        // records and more appended, MAC'd with the stolen current epoch key, so the head is past
        // every anchor again and every link and MAC holds.
        KeyedStore.StolenEpoch stolen = fx.stealEpochKey(CHAIN);
        String template = Segments.allLines(fx.chainDir(CHAIN)).stream().filter(l -> typeOf(l).equals("USER_LOCK"))
                .reduce((a, b) -> b).orElseThrow();
        Path newest = cutLastRecords(2);
        List<String> lines = new ArrayList<>(Segments.lines(newest));
        for (int i = 0; i < 4; i++) {
            String last = lines.get(lines.size() - 1);
            String next = KeyedStore.withEp(edit(template), stolen.epoch())
                    .replaceFirst("\"seq\":\\d+", "\"seq\":" + (seqOf(last) + 1));
            lines.add(KeyedStore.reseal(next, hashOf(last), KeyedStore.hmac(stolen.key())));
        }
        Segments.write(newest, lines);

        assertThat(verifier().hmacSeed(fx.seedFile).trustedKey(first.publicPem).verify())
                .as("without anchors: links and MACs hold").doesNotHave(hashMismatchAt(seqOf(lines.get(lines.size() - 1))));
        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.ANCHOR_MISMATCH);
    }

    // ---- 3. store replaced by a fresh chain, anchors kept ----

    private void replaceWithFreshChain(int events) throws IOException {
        KeyedStore intruder = KeyedStore.create(root.resolve("intruder"));
        KeyPair key = intruder.keyPair("mine");
        try (AuditTrail trail = intruder.builder(CHAIN, key).build()) {
            intruder.record(trail, events, 10);
        }
        deleteTree(fx.chainDir(CHAIN));
        KeyedStore.copyTree(intruder.chainDir(CHAIN), fx.chainDir(CHAIN));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void storeReplacedByALongerFreshChain_isAnchorMismatch() throws IOException {
        replaceWithFreshChain(120);

        VerificationReport report = verifier().anchors(fx.anchors).verify();
        assertThat(report).isNotIntact().hasProblem(ProblemKind.ANCHOR_MISMATCH);
        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.ANCHOR_MISMATCH);
    }

    @Test
    void storeReplacedByAShorterFreshChain_isTruncatedOrAnchorMismatch() throws IOException {
        replaceWithFreshChain(8);

        VerificationReport report = verifier().anchors(fx.anchors).verify();
        assertThat(report).isNotIntact();
        assertThat(report.problems()).as("problems: %s", report.problems()).extracting(Problem::kind)
                .containsAnyOf(ProblemKind.TRUNCATED, ProblemKind.ANCHOR_MISMATCH);
    }

    // ---- 4. re-seal with a later epoch key (CVE-2023-31439) ----

    @Test
    void oldRecordResealedWithTheCurrentEpochKey_keepingItsEp_isMacMismatch() throws IOException {
        KeyedStore.StolenEpoch stolen = fx.stealEpochKey(CHAIN);
        ChainLines lines = fx.lines(CHAIN);
        int at = userRecordIn(lines, 0);
        long seq = seqOf(lines.get(at));
        assertThat(epOf(lines.get(at))).as("an old epoch").isLessThan(stolen.epoch());
        // Every record from there on is re-MAC'd with the stolen key, so the links all hold.
        lines.resealFrom(at, KeyedStore.hmac(stolen.key()), line -> seqOf(line) == seq ? edit(line) : line);
        lines.write();

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.MAC_MISMATCH).atSeq(seq);
    }

    @Test
    void oldRecordResealedWithTheCurrentEpochKey_underTheCurrentEp_isEpochRegression() throws IOException {
        KeyedStore.StolenEpoch stolen = fx.stealEpochKey(CHAIN);
        ChainLines lines = fx.lines(CHAIN);
        int at = userRecordIn(lines, 0);
        long seq = seqOf(lines.get(at));
        String old = lines.get(at);
        assertThat(epOf(old)).isLessThan(stolen.epoch());
        String forged = KeyedStore.reseal(KeyedStore.withEp(edit(old), stolen.epoch()), hashOf(lines.get(at - 1)), KeyedStore.hmac(stolen.key()));
        lines.set(at, forged);
        lines.write();

        VerificationReport report = verifyWithEverything();
        assertThat(report).isNotIntact().hasProblem(ProblemKind.EPOCH_REGRESSION).atSeq(seq + 1);
        assertThat(report).as("the forged record's own MAC is valid").doesNotHave(hashMismatchAt(seq));
    }

    @Test
    void chainResealedFromAnOldRecordUnderTheCurrentEpoch_withStolenSigningKeys_isAnchorMismatch() throws IOException {
        // The strongest host intruder: the current epoch key and both signing key files. Every
        // record from the edit on is moved to the current epoch and every checkpoint re-signed.
        KeyedStore.StolenEpoch stolen = fx.stealEpochKey(CHAIN);
        ChainLines lines = fx.lines(CHAIN);
        int at = userRecordIn(lines, 1);
        long seq = seqOf(lines.get(at));
        boolean[] rotated = {false};
        lines.resealFrom(at, KeyedStore.hmac(stolen.key()), (before, line) -> {
            String l = KeyedStore.withEp(seqOf(line) == seq ? edit(line) : line, stolen.epoch());
            if (typeOf(l).equals("KEY_ROTATION")) {
                rotated[0] = true;
            }
            if (typeOf(l).equals("CHECKPOINT")) {
                l = KeyedStore.resign(l, CHAIN, before, rotated[0] ? second.privateKey : first.privateKey);
            }
            return l;
        });
        lines.write();

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.ANCHOR_MISMATCH);
    }

    // ---- 5. unsigned or unkeyed segments spliced into a signed, keyed chain ----

    @Test
    void closedSegmentWithoutItsClosingCheckpoint_isMissingCheckpoint() throws IOException {
        List<Path> segments = Segments.list(fx.chainDir(CHAIN));
        Path middle = segments.get(1);
        List<String> lines = new ArrayList<>(Segments.lines(middle));
        assertThat(typeOf(lines.get(lines.size() - 1))).isEqualTo("CHECKPOINT");
        while (typeOf(lines.get(lines.size() - 1)).equals("CHECKPOINT")) {
            lines.remove(lines.size() - 1); // a roll may close a segment with a checkpoint over a checkpoint
        }
        Segments.write(middle, lines);

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.MISSING_CHECKPOINT).inFile(name(middle));
    }

    @Test
    void segmentsRewrittenAsPlainRecords_areUnkeyed() throws IOException {
        // An intruder without any key rewrites segment 3 onwards as a plain SHA-256 chain.
        ChainLines lines = fx.lines(CHAIN);
        int from = userRecordIn(lines, 3);
        long seq = seqOf(lines.get(from));
        lines.resealFrom(from, KeyedStore.sha256(), line -> KeyedStore.withEp(line, -1));
        lines.write();

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.UNKEYED_RECORD).atSeq(seq);
        assertThat(verifier().verify()).as("a keyed chain stays keyed, even for a verifier without the seed")
                .isNotIntact().hasProblem(ProblemKind.UNKEYED_RECORD).atSeq(seq);
    }

    @Test
    void plainRecordsAppendedAfterTheLastCheckpoint_areUnkeyed() throws IOException {
        List<Path> segments = Segments.list(fx.chainDir(CHAIN));
        Path newest = segments.get(segments.size() - 1);
        List<String> all = Segments.allLines(fx.chainDir(CHAIN));
        String template = all.stream().filter(l -> typeOf(l).equals("USER_LOCK")).reduce((a, b) -> b).orElseThrow();
        String last = all.get(all.size() - 1);
        long seq = seqOf(last) + 1;
        String appended = KeyedStore.reseal(KeyedStore.withEp(edit(template), -1)
                .replaceFirst("\"seq\":\\d+", "\"seq\":" + seq), hashOf(last), KeyedStore.sha256());
        List<String> lines = new ArrayList<>(Segments.lines(newest));
        lines.add(appended);
        Segments.write(newest, lines);

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.UNKEYED_RECORD).atSeq(seq);
        assertThat(verifier().verify()).isNotIntact().hasProblem(ProblemKind.UNKEYED_RECORD).atSeq(seq);
    }

    @Test
    void segmentRewrittenWithTheCurrentEpochKeyButOldCheckpointsKept_isBadSignature() throws IOException {
        // The intruder has the current epoch key but no signing key: the records re-MAC'd under the
        // current epoch link up, but the checkpoints they keep no longer sign what precedes them.
        KeyedStore.StolenEpoch stolen = fx.stealEpochKey(CHAIN);
        ChainLines lines = fx.lines(CHAIN);
        int at = userRecordIn(lines, 1);
        long seq = seqOf(lines.get(at));
        lines.resealFrom(at, KeyedStore.hmac(stolen.key()),
                line -> KeyedStore.withEp(seqOf(line) == seq ? edit(line) : line, stolen.epoch()));
        lines.write();

        assertThat(verifier().hmacSeed(fx.seedFile).trustedKey(first.publicPem).verify()).isNotIntact()
                .hasProblem(ProblemKind.BAD_SIGNATURE);
    }

    @Test
    void wholeChainReplacedByAPlainUnsignedChain_verifiedWithSeedAndKey_isNotIntact() throws IOException {
        // No key at all: the intruder drops the checkpoints and rotation, renumbers, re-chains the
        // rest with plain SHA-256 into one segment and deletes epoch.key. The auditor gives the seed
        // and the public key (no anchors): a chain that should be keyed and signed must not pass.
        List<String> kept = new ArrayList<>();
        String prev = "0".repeat(64);
        long seq = 0;
        for (String line : Segments.allLines(fx.chainDir(CHAIN))) {
            if (typeOf(line).equals("CHECKPOINT") || typeOf(line).equals("KEY_ROTATION")) {
                continue;
            }
            String renumbered = KeyedStore.withEp(line, -1).replaceFirst("\"seq\":\\d+", "\"seq\":" + ++seq);
            String plain = KeyedStore.reseal(renumbered, prev, KeyedStore.sha256());
            kept.add(plain);
            prev = hashOf(plain);
        }
        deleteTree(fx.chainDir(CHAIN));
        Files.createDirectories(fx.chainDir(CHAIN));
        Segments.write(fx.chainDir(CHAIN).resolve(Segments.name(1)), kept);
        assertThat(verifier().verify()).as("as a plain chain it is consistent").isIntact();

        VerificationReport report = verifier().hmacSeed(fx.seedFile).trustedKey(first.publicPem).verify();
        assertThat(report).isNotIntact();
        assertThat(report.problems()).extracting(Problem::kind)
                .containsAnyOf(ProblemKind.UNKEYED_RECORD, ProblemKind.MISSING_CHECKPOINT, ProblemKind.BAD_SIGNATURE);
    }

    // ---- 6. a segment copied from another chain ----

    @Test
    void segmentCopiedFromAnotherChain_isWrongChain() throws IOException {
        try (AuditTrail trail = fx.builder("c2", first).build()) {
            fx.record(trail, 30, 10);
        }
        List<Path> ours = Segments.list(fx.chainDir(CHAIN));
        List<Path> theirs = Segments.list(fx.chainDir("c2"));
        Path target = ours.get(1);
        Segments.write(target, Segments.bytes(theirs.get(1)));

        assertThat(verifyWithEverything()).isNotIntact().hasProblem(ProblemKind.WRONG_CHAIN).inFile(name(target));
    }

    // ---- 7. a signature by an unknown key ----

    @Test
    void verifiedWithAnotherTrustedKey_isBadSignature() throws IOException {
        KeyPair stranger = fx.keyPair("stranger");
        assertThat(verifier().hmacSeed(fx.seedFile).trustedKey(stranger.publicPem).anchors(fx.anchors).verify())
                .isNotIntact().hasProblem(ProblemKind.BAD_SIGNATURE);
    }

    @Test
    void onlyTheRotatedToKeyTrusted_checkpointsOfTheFirstKeyAreBadSignatures() throws IOException {
        assertThat(verifier().hmacSeed(fx.seedFile).trustedKey(second.publicPem).verify())
                .isNotIntact().hasProblem(ProblemKind.BAD_SIGNATURE);
    }

    @Test
    void checkpointResignedByAnUnknownKey_isBadSignature() throws IOException {
        // The intruder signs a checkpoint with his own key and names it; the MAC is re-done
        // with the key of the record's own epoch (an intruder present during that epoch).
        KeyPair stranger = fx.keyPair("stranger");
        ChainLines lines = fx.lines(CHAIN);
        int at = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (typeOf(lines.get(i)).equals("CHECKPOINT") && i > userRecordIn(lines, 1)) {
                at = i;
                break;
            }
        }
        long seq = seqOf(lines.get(at));
        lines.resealFrom(at, fx.ownEpochKeys(), (before, line) -> seqOf(line) == seq
                ? KeyedStore.resign(line, CHAIN, before, stranger.privateKey) : line);
        lines.write();

        assertThat(verifier().hmacSeed(fx.seedFile).trustedKey(first.publicPem).verify()).isNotIntact()
                .hasProblem(ProblemKind.BAD_SIGNATURE).atSeq(seq);
    }

    // ---- 8. a rotation not signed by the previous key ----

    @Test
    void rotationSignedByTheNewKey_isBadSignature() throws IOException {
        ChainLines lines = fx.lines(CHAIN);
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (typeOf(lines.get(i)).equals("KEY_ROTATION")) {
                at = i;
            }
        }
        assertThat(at).as("the fixture rotates once").isPositive();
        String rotation = lines.get(at);
        long seq = seqOf(rotation);
        String message = "govaudit-key-rotation:v1:" + CHAIN + ":" + second.id + ":"
                + Ed25519Keys.encodeRaw(second.privateKey.generatePublicKey()) + ":" + KeyedStore.tsOf(rotation);
        String selfSigned = Ed25519Keys.sign(second.privateKey, message.getBytes(StandardCharsets.UTF_8));
        // MACs redone with each record's own epoch key, checkpoints after it re-signed by the new
        // key: only the rotation's signature is wrong.
        lines.resealFrom(at, fx.ownEpochKeys(), (before, line) -> {
            if (seqOf(line) == seq) {
                return line.replaceFirst("\"sig\":\"[A-Za-z0-9_-]+\"", "\"sig\":\"" + selfSigned + "\"");
            }
            return typeOf(line).equals("CHECKPOINT") ? KeyedStore.resign(line, CHAIN, before, second.privateKey) : line;
        });
        lines.write();

        assertThat(verifier().hmacSeed(fx.seedFile).trustedKey(first.publicPem).verify()).isNotIntact()
                .hasProblem(ProblemKind.BAD_SIGNATURE).atSeq(seq);
    }

    @Test
    void rotationToTheIntrudersKeyAppended_isBadSignature() throws IOException {
        // Host intruder with the current epoch key but without the signing key: he appends a
        // KEY_ROTATION to his own key, signed by that key, and a checkpoint signed by it.
        KeyedStore.StolenEpoch stolen = fx.stealEpochKey(CHAIN);
        KeyPair mine = fx.keyPair("mine");
        List<Path> segments = Segments.list(fx.chainDir(CHAIN));
        Path newest = segments.get(segments.size() - 1);
        List<String> all = Segments.allLines(fx.chainDir(CHAIN));
        String rotationTemplate = all.stream().filter(l -> typeOf(l).equals("KEY_ROTATION")).findFirst().orElseThrow();
        String checkpointTemplate = all.get(all.size() - 1);
        String last = all.get(all.size() - 1);
        long seq = seqOf(last) + 1;
        String ts = KeyedStore.tsOf(last);
        String publicKey = Ed25519Keys.encodeRaw(mine.privateKey.generatePublicKey());
        String message = "govaudit-key-rotation:v1:" + CHAIN + ":" + mine.id + ":" + publicKey + ":" + ts;
        String rotation = rotationTemplate.replaceFirst("\"seq\":\\d+", "\"seq\":" + seq)
                .replaceFirst("\"ts\":\"[^\"]+\"", "\"ts\":\"" + ts + "\"")
                .replaceFirst("\"old_key\":\"[0-9a-f]+\"", "\"old_key\":\"" + second.id + "\"")
                .replaceFirst("\"new_key\":\"[0-9a-f]+\"", "\"new_key\":\"" + mine.id + "\"")
                .replaceFirst("\"public_key\":\"[A-Za-z0-9_-]+\"", "\"public_key\":\"" + publicKey + "\"")
                .replaceFirst("\"at_seq\":\\d+", "\"at_seq\":" + (seq - 1))
                .replaceFirst("\"sig\":\"[A-Za-z0-9_-]+\"", "\"sig\":\""
                        + Ed25519Keys.sign(mine.privateKey, message.getBytes(StandardCharsets.UTF_8)) + "\"");
        rotation = KeyedStore.reseal(KeyedStore.withEp(rotation, stolen.epoch()), hashOf(last),
                KeyedStore.hmac(stolen.key()));
        String checkpoint = checkpointTemplate.replaceFirst("\"seq\":\\d+", "\"seq\":" + (seq + 1));
        checkpoint = KeyedStore.reseal(KeyedStore.withEp(KeyedStore.resign(checkpoint, CHAIN, rotation, mine.privateKey),
                stolen.epoch()), hashOf(rotation), KeyedStore.hmac(stolen.key()));
        List<String> lines = new ArrayList<>(Segments.lines(newest));
        lines.add(rotation);
        lines.add(checkpoint);
        Segments.write(newest, lines);

        VerificationReport report = verifier().hmacSeed(fx.seedFile).trustedKey(first.publicPem).verify();
        assertThat(report).isNotIntact().hasProblem(ProblemKind.BAD_SIGNATURE).atSeq(seq);
        assertThat(report).as("the appended records' MACs are valid").doesNotHave(hashMismatchAt(seq));
    }

    @Test
    void checkpointAfterTheRotationSignedByTheRetiredKey_isBadSignature() throws IOException {
        // The old private key leaked after the rotation: it must not sign anything any more.
        ChainLines lines = fx.lines(CHAIN);
        int rotation = -1;
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (typeOf(lines.get(i)).equals("KEY_ROTATION")) {
                rotation = i;
            } else if (rotation >= 0 && at < 0 && i > rotation + 3 && typeOf(lines.get(i)).equals("CHECKPOINT")) {
                at = i;
            }
        }
        assertThat(at).as("a checkpoint well after the rotation").isPositive();
        long seq = seqOf(lines.get(at));
        lines.resealFrom(at, fx.ownEpochKeys(), (before, line) -> !typeOf(line).equals("CHECKPOINT") ? line
                : KeyedStore.resign(line, CHAIN, before, seqOf(line) == seq ? first.privateKey : second.privateKey));
        lines.write();

        assertThat(verifier().hmacSeed(fx.seedFile).trustedKey(first.publicPem).verify()).isNotIntact()
                .hasProblem(ProblemKind.BAD_SIGNATURE).atSeq(seq);
        assertThat(verifier().hmacSeed(fx.seedFile).trustedKey(first.publicPem).trustedKey(second.publicPem).verify())
                .as("trusting both keys does not make the retired key current again").isNotIntact()
                .hasProblem(ProblemKind.BAD_SIGNATURE).atSeq(seq);
    }

    // ---- 9. a clock stepped backwards ----

    @Test
    void clockSteppedBackwards_isAcceptedWithTimeRegressionAndAClockAnomalyRecord() throws IOException {
        KeyedStore own = KeyedStore.create(root.resolve("clock"));
        KeyPair key = own.keyPair("k");
        try (AuditTrail trail = own.builder(CHAIN, key).build()) {
            own.record(trail, 12, 5);
            own.clock.advance(Duration.ofMinutes(-30));
            own.record(trail, 12, 5);
        }
        VerificationReport report = own.fullVerifier(key).verify();
        assertThat(report).isIntact().hasOnlyProblemKinds(ProblemKind.TIME_REGRESSION);
        assertThat(Segments.allLines(own.chainDir(CHAIN))).filteredOn(l -> typeOf(l).equals("CLOCK_ANOMALY")).hasSize(1);
    }

    @Test
    void quietHourWithoutHeartbeats_isACheckpointGapWarningOnly() throws IOException {
        KeyedStore own = KeyedStore.create(root.resolve("quiet"));
        KeyPair key = own.keyPair("k");
        try (AuditTrail trail = own.builder(CHAIN, key).build()) { // the fixture turns heartbeats off
            own.record(trail, 7, 0);
            own.clock.advance(Duration.ofHours(1));
            own.record(trail, 7, 0);
        }
        assertThat(own.fullVerifier(key).verify()).isIntact().hasOnlyProblemKinds(ProblemKind.CHECKPOINT_GAP);
        assertThat(own.fullVerifier(key).maxCheckpointGap(Duration.ofHours(2)).verify()).isIntact().hasNoProblems();
    }

    private static org.assertj.core.api.Condition<VerificationReport> hashMismatchAt(long seq) {
        return new org.assertj.core.api.Condition<>(r -> r.problems().stream()
                .anyMatch(p -> (p.kind() == ProblemKind.HASH_MISMATCH || p.kind() == ProblemKind.MAC_MISMATCH)
                        && p.seq() == seq), "a HASH_MISMATCH or MAC_MISMATCH at seq " + seq);
    }
}
