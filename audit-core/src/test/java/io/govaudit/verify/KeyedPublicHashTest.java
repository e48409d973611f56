package io.govaudit.verify;

import static io.govaudit.testing.KeyedStore.hashOf;
import static io.govaudit.testing.KeyedStore.seqOf;
import static io.govaudit.testing.KeyedStore.typeOf;
import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.KeyedStore.ChainLines;
import io.govaudit.testing.KeyedStore.KeyPair;
import io.govaudit.testing.Segments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, part 3: with public information only (the record files, the public key, the anchors)
 * any change to a keyed record's content is found, because a keyed record's {@code hash} is the
 * public SHA-256 of its bytes (format version 2); the seed adds the epoch MAC check, which also
 * catches a forger who recomputed the public chain (docs/format.md).
 */
class KeyedPublicHashTest {

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
    }

    /** The auditor's seedless run, as a host administrator may do it: public key and anchors. */
    private AuditVerifier withoutSeed() {
        return AuditVerifier.forDirectory(fx.store).trustedKey(first.publicPem).anchors(fx.anchors);
    }

    private static int indexOfIp(ChainLines lines, String ip) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"ip\":\"" + ip + "\"")) {
                return i;
            }
        }
        throw new IllegalStateException("no record from " + ip);
    }

    @Test
    void oneByteEditOfAKeyedRecord_hashUntouched_verifiedWithoutTheSeed_isHashMismatch() throws IOException {
        ChainLines lines = fx.lines(CHAIN);
        int at = indexOfIp(lines, "10.0.0.50");
        long seq = seqOf(lines.get(at));
        lines.set(at, lines.get(at).replace("\"ip\":\"10.0.0.50\"", "\"ip\":\"10.0.0.60\""));
        lines.write();

        assertThat(withoutSeed().verify()).isNotIntact().hasProblem(ProblemKind.HASH_MISMATCH).atSeq(seq);
        assertThat(AuditVerifier.forDirectory(fx.store).verify()).as("with no key at all")
                .isNotIntact().hasProblem(ProblemKind.HASH_MISMATCH).atSeq(seq);
        assertThat(fx.fullVerifier(first).verify()).as("with the seed too")
                .isNotIntact().hasProblem(ProblemKind.HASH_MISMATCH).atSeq(seq);
    }

    @Test
    void untouchedKeyedChain_withoutTheSeed_isIntactAndSaysTheMacsWereNotChecked() throws IOException {
        VerificationReport report = withoutSeed().verify();

        assertThat(report).isIntact().hasOnlyProblemKinds(ProblemKind.MACS_NOT_CHECKED);
        assertThat(report.problems().get(0).message())
                .contains("hashes", "links", "checkpoint signatures", "anchors").contains("MACs");
        assertThat(fx.fullVerifier(first).verify()).as("with the seed").isIntact().hasNoProblems();
    }

    @Test
    void editWithThePublicChainRecomputed_withTheSeed_isMacMismatchAtTheEditedRecord() throws IOException {
        ChainLines lines = fx.lines(CHAIN);
        int at = indexOfIp(lines, "10.0.0.50");
        long seq = seqOf(lines.get(at));
        lines.resealFrom(at, KeyedStore.keepMacs(),
                line -> seqOf(line) == seq ? line.replace("\"ip\":\"10.0.0.50\"", "\"ip\":\"10.0.0.60\"") : line);
        lines.write();

        VerificationReport report = AuditVerifier.forDirectory(fx.store).hmacSeed(fx.seedFile).verify();
        assertThat(report).isNotIntact().hasProblem(ProblemKind.MAC_MISMATCH).atSeq(seq);
        assertThat(report.problems()).as("the public hashes and links are consistent").extracting(Problem::kind)
                .doesNotContain(ProblemKind.HASH_MISMATCH, ProblemKind.BROKEN_LINK);
    }

    @Test
    void editWithThePublicChainRecomputed_withoutTheSeed_isFoundByTheCheckpointsAndAnchorsAfterIt()
            throws IOException {
        ChainLines lines = fx.lines(CHAIN);
        int at = indexOfIp(lines, "10.0.0.50");
        long seq = seqOf(lines.get(at));
        long checkpoint = -1;
        for (int i = at + 1; i < lines.size() && checkpoint < 0; i++) {
            checkpoint = typeOf(lines.get(i)).equals("CHECKPOINT") ? seqOf(lines.get(i)) : -1;
        }
        assertThat(checkpoint).as("a signed checkpoint follows the edited record").isPositive();
        lines.resealFrom(at, KeyedStore.keepMacs(),
                line -> seqOf(line) == seq ? line.replace("\"ip\":\"10.0.0.50\"", "\"ip\":\"10.0.0.60\"") : line);
        lines.write();

        // The checkpoint after the edit signs the old hash of the record before it: without the
        // signing key the forger cannot re-sign it, and the anchors hold the old checkpoints.
        VerificationReport report = withoutSeed().verify();
        assertThat(report).isNotIntact().hasProblem(ProblemKind.BAD_SIGNATURE).atSeq(checkpoint);
        assertThat(report.problems()).as("without the seed the edited record itself looks consistent")
                .extracting(Problem::kind).doesNotContain(ProblemKind.HASH_MISMATCH, ProblemKind.MAC_MISMATCH);
    }

    @Test
    void editWithThePublicChainAndTheCheckpointsRecomputed_withoutTheSeed_isAnchorMismatch() throws IOException {
        // A forger holding the signing key too (a host compromise) re-signs every later checkpoint
        // (the edited record is in the run after the rotation to the second key): only the
        // anchors kept elsewhere, or the seed, find it.
        ChainLines lines = fx.lines(CHAIN);
        int at = indexOfIp(lines, "10.0.0.50");
        long seq = seqOf(lines.get(at));
        lines.resealFrom(at, KeyedStore.keepMacs(), (before, line) -> {
            String l = seqOf(line) == seq ? line.replace("\"ip\":\"10.0.0.50\"", "\"ip\":\"10.0.0.60\"") : line;
            return typeOf(l).equals("CHECKPOINT") ? KeyedStore.resign(l, CHAIN, before, second.privateKey) : l;
        });
        lines.write();

        assertThat(AuditVerifier.forDirectory(fx.store).trustedKey(first.publicPem).verify())
                .as("signatures and links alone are consistent").isIntact();
        assertThat(withoutSeed().verify()).isNotIntact().hasProblem(ProblemKind.ANCHOR_MISMATCH);
        assertThat(AuditVerifier.forDirectory(fx.store).hmacSeed(fx.seedFile).verify()).isNotIntact()
                .hasProblem(ProblemKind.MAC_MISMATCH).atSeq(seq);
    }

    @Test
    void everyByteOfAKeyedRecordChanged_verifiedWithoutTheSeed_isReported() throws IOException {
        ChainLines lines = fx.lines(CHAIN);
        int at = indexOfIp(lines, "10.0.0.50");
        String original = lines.get(at);
        assertThat(original).contains("\"ep\":", "\"mac\":\"");
        Random random = new Random(0x11L);
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < original.length(); i++) {
            char old = original.charAt(i);
            char changed;
            do {
                changed = (char) (' ' + random.nextInt(95)); // printable ASCII, never a line break
            } while (changed == old);
            lines.set(at, original.substring(0, i) + changed + original.substring(i + 1));
            lines.write();
            VerificationReport report = AuditVerifier.forDirectory(fx.store).verify();
            if (report.intact()) {
                missed.add("offset " + i + ": '" + old + "' -> '" + changed + "': " + report.problems());
            }
        }
        lines.set(at, original);
        lines.write();
        assertThat(withoutSeed().verify()).as("restored").isIntact();
        assertThat(missed).as("changes of seq %d not reported without the seed", seqOf(original)).isEmpty();
    }

    @Test
    void theCheckpointsSignThePublicHash() {
        List<String> all = Segments.allLines(fx.chainDir(CHAIN));
        for (int i = 1; i < all.size(); i++) {
            if (typeOf(all.get(i)).equals("CHECKPOINT")) {
                assertThat(all.get(i)).contains("\"at_hash\":\"" + hashOf(all.get(i - 1)) + "\"");
                assertThat(KeyedStore.reseal(all.get(i - 1), KeyedStore.prevOf(all.get(i - 1)), KeyedStore.keepMacs()))
                        .as("the hash is the SHA-256 of the bytes before it").isEqualTo(all.get(i - 1));
            }
        }
    }
}
