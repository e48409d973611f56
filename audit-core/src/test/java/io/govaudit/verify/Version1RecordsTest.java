package io.govaudit.verify;

import static io.govaudit.testing.KeyedStore.hashOf;
import static io.govaudit.testing.KeyedStore.seqOf;
import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.AuditTrail;
import io.govaudit.internal.format.RecordFormat;
import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.KeyedStore.ChainLines;
import io.govaudit.testing.Segments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier still reads format version 1 (docs/format.md, version history): plain records whose
 * hash is SHA-256, keyed records whose hash is the HMAC under their epoch key (checkable only with
 * the seed), and chains whose version 1 records are followed by version 2 records written after an
 * upgrade. The version 1 lines are made by rewriting what the writer wrote, as version 1 did.
 */
class Version1RecordsTest {

    @TempDir
    Path root;

    private KeyedStore fx;

    @BeforeEach
    void fixture() {
        fx = KeyedStore.create(root);
    }

    private AuditTrail.Builder plain(String chain) {
        return AuditTrail.builder().directory(fx.store).chainId(chain).system("permit-portal").host("node-a")
                .ticker(fx.ticker::get).clock(fx.clock);
    }

    private AuditTrail.Builder keyed(String chain) {
        return plain(chain).hmacSeed(fx.seedFile).epochLength(KeyedStore.EPOCH);
    }

    private void write(AuditTrail.Builder builder, int events) {
        try (AuditTrail trail = builder.build()) {
            fx.record(trail, events, 4);
        }
    }

    /** Rewrites every record of the chain as version 1, keyed ones with their own epoch's key. */
    private void rewriteAsVersion1(String chain) {
        ChainLines lines = fx.lines(chain);
        String prev = RecordFormat.GENESIS_PREV;
        for (int i = 0; i < lines.size(); i++) {
            String line = KeyedStore.resealVersion1(lines.get(i), prev, fx.ownEpochKeys());
            lines.set(i, line);
            prev = hashOf(line);
        }
        lines.write();
        try {
            // a version 1 writer kept no head mark; one naming a version 2 hash would say the end was rewritten
            java.nio.file.Files.deleteIfExists(fx.chainDir(chain).resolve(io.govaudit.internal.store.HeadMark.FILE_NAME));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(Segments.allLines(fx.chainDir(chain))).allSatisfy(l -> assertThat(l).startsWith("{\"v\":1,")
                .doesNotContain("\"mac\":"));
    }

    private AuditVerifier verifier() {
        return AuditVerifier.forDirectory(fx.store);
    }

    @Test
    void plainVersion1Chain_isIntact() throws IOException {
        write(plain("p1"), 10);
        rewriteAsVersion1("p1");

        assertThat(verifier().verify()).isIntact().hasNoProblems();
    }

    @Test
    void keyedVersion1Chain_withTheSeedIsIntact_withoutItSaysHashesWereNotChecked() throws IOException {
        write(keyed("k1"), 10);
        rewriteAsVersion1("k1");

        assertThat(verifier().hmacSeed(fx.seedFile).verify()).isIntact().hasNoProblems();
        assertThat(verifier().verify()).isIntact().hasOnlyProblemKinds(ProblemKind.HASHES_NOT_CHECKED);
    }

    @Test
    void keyedVersion1RecordEdited_withTheSeed_isHashMismatch() throws IOException {
        write(keyed("k1"), 10);
        rewriteAsVersion1("k1");
        ChainLines lines = fx.lines("k1");
        int at = lines.size() / 2;
        long seq = seqOf(lines.get(at));
        lines.set(at, lines.get(at).replaceFirst("\"ts\":\"2026", "\"ts\":\"2025"));
        lines.write();

        assertThat(verifier().hmacSeed(fx.seedFile).verify()).isNotIntact().hasProblem(ProblemKind.HASH_MISMATCH)
                .atSeq(seq);
        assertThat(verifier().verify()).as("version 1's weakness: without the seed its keyed hashes are not checked")
                .hasProblem(ProblemKind.HASHES_NOT_CHECKED);
    }

    @Test
    void keyedVersion1ChainContinuedByTheVersion2Writer_isIntact() throws IOException {
        write(keyed("k1"), 10);
        rewriteAsVersion1("k1");
        write(keyed("k1"), 10); // the writer accepts the version 1 tail and continues in version 2

        List<String> all = Segments.allLines(fx.chainDir("k1"));
        assertThat(all.get(0)).startsWith("{\"v\":1,");
        assertThat(all.get(all.size() - 1)).startsWith("{\"v\":2,").contains("\"mac\":\"");
        assertThat(verifier().hmacSeed(fx.seedFile).verify()).isIntact().hasNoProblems();
        assertThat(verifier().verify()).isIntact()
                .hasOnlyProblemKinds(ProblemKind.HASHES_NOT_CHECKED, ProblemKind.MACS_NOT_CHECKED);
    }

    @Test
    void plainVersion1ChainContinuedByTheVersion2Writer_isIntact_andAnEditAfterTheUpgradeIsFound() throws IOException {
        write(plain("p1"), 10);
        rewriteAsVersion1("p1");
        write(plain("p1"), 10);

        List<String> all = Segments.allLines(fx.chainDir("p1"));
        assertThat(all.get(0)).startsWith("{\"v\":1,");
        assertThat(all.get(all.size() - 1)).startsWith("{\"v\":2,").doesNotContain("\"mac\":");
        assertThat(verifier().verify()).isIntact().hasNoProblems();

        ChainLines lines = fx.lines("p1");
        int at = lines.size() - 3;
        long seq = seqOf(lines.get(at));
        lines.set(at, lines.get(at).replaceFirst("\"ts\":\"2026", "\"ts\":\"2025"));
        lines.write();
        assertThat(verifier().verify()).isNotIntact().hasProblem(ProblemKind.HASH_MISMATCH).atSeq(seq);
    }
}
