package io.govaudit.verify;

import static io.govaudit.testing.VerificationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.testing.KeyedStore;
import io.govaudit.testing.Segments;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: any single-byte change anywhere in the segment files of a keyed, signed store is
 * detected (the report is not intact) by a verifier given the seed and the public key, and by one
 * given no key at all (format version 2: every record's hash is public SHA-256, docs/format.md).
 * Only the trailing newline of the newest segment is excluded: without it the last record is a
 * torn tail, which the contract reports as a warning.
 */
class KeyedStoreMutationTest {

    private static final String CHAIN = "c1";
    private static final int TRIES = 100;

    @TempDir
    Path root;

    @Test
    void anySingleByteChange_isDetected() throws IOException {
        long seed = Long.getLong("govaudit.mutation.seed", 0x5EEDL);
        System.out.println("KeyedStoreMutationTest seed=" + seed + " (rerun with -Dgovaudit.mutation.seed=" + seed + ")");
        KeyedStore fx = KeyedStore.create(root);
        KeyedStore.KeyPair first = fx.keyPair("first");
        KeyedStore.KeyPair second = fx.keyPair("second");
        fx.writeStandard(CHAIN, first, second);
        AuditVerifier verifier = AuditVerifier.forDirectory(fx.store).hmacSeed(fx.seedFile).trustedKey(first.publicPem);
        assertThat(verifier.verify()).as("the untouched store").isIntact().hasNoProblems();
        assertChangesDetected(fx, verifier, seed);
    }

    @Test
    void anySingleByteChange_isDetectedWithoutAnyKey() throws IOException {
        long seed = Long.getLong("govaudit.mutation.seed", 0x5EEDL) + 2;
        System.out.println("KeyedStoreMutationTest keyless seed=" + seed);
        KeyedStore fx = KeyedStore.create(root);
        fx.writeStandard(CHAIN, fx.keyPair("first"), fx.keyPair("second"));
        AuditVerifier verifier = AuditVerifier.forDirectory(fx.store);
        assertThat(verifier.verify()).as("the untouched store").isIntact()
                .hasOnlyProblemKinds(ProblemKind.MACS_NOT_CHECKED, ProblemKind.SIGNATURES_NOT_CHECKED);
        assertChangesDetected(fx, verifier, seed);
    }

    private static void assertChangesDetected(KeyedStore fx, AuditVerifier verifier, long seed) throws IOException {

        List<Path> segments = Segments.list(fx.chainDir(CHAIN));
        List<Long> sizes = new ArrayList<>();
        long total = 0;
        for (Path segment : segments) {
            long size = java.nio.file.Files.size(segment);
            sizes.add(size);
            total += size;
        }
        long candidates = total - 1; // the newest segment's trailing newline is the last byte overall
        Random random = new Random(seed);
        List<String> missed = new ArrayList<>();
        for (int t = 0; t < TRIES; t++) {
            long global = Math.floorMod(random.nextLong(), candidates);
            int file = 0;
            long offset = global;
            while (offset >= sizes.get(file)) {
                offset -= sizes.get(file);
                file++;
            }
            Path segment = segments.get(file);
            int delta = 1 + random.nextInt(255);
            segment.toFile().setWritable(true, true);
            int old;
            try (RandomAccessFile raf = new RandomAccessFile(segment.toFile(), "rw")) {
                raf.seek(offset);
                old = raf.read();
                raf.seek(offset);
                raf.write((old + delta) & 0xff);
            }
            VerificationReport report;
            try {
                report = verifier.verify();
            } finally {
                try (RandomAccessFile raf = new RandomAccessFile(segment.toFile(), "rw")) {
                    raf.seek(offset);
                    raf.write(old);
                }
            }
            if (report.intact()) {
                missed.add(String.format("try %d: %s offset %d: 0x%02x -> 0x%02x; report lists %s", t,
                        segment.getFileName(), offset, old, (old + delta) & 0xff, report.problems()));
            }
        }
        assertThat(verifier.verify()).as("the store after restoring every byte").isIntact();
        assertThat(missed).as("undetected single-byte changes (seed %d)", seed).isEmpty();
    }

    @Test
    void anySingleRecordDeleted_isDetectedWithAnchors() throws IOException {
        long seed = Long.getLong("govaudit.mutation.seed", 0x5EEDL) + 1;
        System.out.println("KeyedStoreMutationTest deletion seed=" + seed);
        KeyedStore fx = KeyedStore.create(root);
        KeyedStore.KeyPair first = fx.keyPair("first");
        KeyedStore.KeyPair second = fx.keyPair("second");
        fx.writeStandard(CHAIN, first, second);
        assertThat(fx.fullVerifier(first).verify()).as("the untouched store").isIntact().hasNoProblems();

        List<Path> segments = Segments.list(fx.chainDir(CHAIN));
        List<List<String>> original = new ArrayList<>();
        int total = 0;
        for (Path segment : segments) {
            original.add(Segments.lines(segment));
            total += original.get(original.size() - 1).size();
        }
        Random random = new Random(seed);
        List<String> missed = new ArrayList<>();
        for (int t = 0; t < TRIES; t++) {
            int global = random.nextInt(total);
            int file = 0;
            while (global >= original.get(file).size()) {
                global -= original.get(file).size();
                file++;
            }
            List<String> lines = new ArrayList<>(original.get(file));
            String removed = lines.remove(global);
            Segments.write(segments.get(file), lines);
            VerificationReport report;
            try {
                report = fx.fullVerifier(first).verify();
            } finally {
                Segments.write(segments.get(file), original.get(file));
            }
            if (report.intact()) {
                missed.add(String.format("try %d: %s line %d (seq %d %s) deleted; report lists %s", t,
                        segments.get(file).getFileName(), global + 1, KeyedStore.seqOf(removed),
                        KeyedStore.typeOf(removed), report.problems()));
            }
        }
        assertThat(missed).as("undetected deletions (seed %d)", seed).isEmpty();
    }
}
