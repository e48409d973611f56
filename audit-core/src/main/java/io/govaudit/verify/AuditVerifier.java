package io.govaudit.verify;

import io.govaudit.internal.store.SegmentNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies every chain of a file store (DESIGN.md section 7).
 *
 * <pre>{@code
 * VerificationReport report = AuditVerifier.forDirectory(Path.of("/var/lib/myapp/audit")).verify();
 * if (!report.intact()) {
 *     report.problems().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>The verifier reads each segment once, front to back, holding one line at a time: memory does
 * not grow with the log. It checks every record's hash over its stored bytes, every link, the
 * density and order of seq, the segment names and the chain ids, and never stops at the first
 * problem. It only reads: it never repairs, moves or deletes anything.
 *
 * <p>Not thread-safe; create one per verification. Verifying while a writer appends is allowed:
 * records written after a segment was read are simply not part of the report.
 *
 * @since 0.1.0
 */
public final class AuditVerifier {

    /** At most this many problems are listed per chain; further ones are counted. */
    public static final int MAX_PROBLEMS_PER_CHAIN = 1000;

    private final Path store;
    private ProgressListener progress = ProgressListener.NONE;
    private final VerifyKeys keys = new VerifyKeys();

    private AuditVerifier(Path store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Creates a verifier for a store directory (the directory holding one sub-directory per chain).
     *
     * @param store the store directory
     * @return a verifier
     */
    public static AuditVerifier forDirectory(Path store) {
        return new AuditVerifier(store);
    }

    /**
     * Sets a listener told about progress, e.g. to draw a progress line on a terminal.
     *
     * @param listener the listener
     * @return this verifier
     */
    public AuditVerifier progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Checks the hashes of keyed chains with the HMAC seed (64 lowercase hex characters, as
     * {@code audit-cli keygen} writes {@code chain-seed.hex}). Without it the links of a keyed
     * chain are still checked, and the report says its hashes were not
     * ({@link ProblemKind#HASHES_NOT_CHECKED}).
     *
     * @param seedFile the seed file
     * @return this verifier
     */
    public AuditVerifier hmacSeed(Path seedFile) {
        keys.seedFile = Objects.requireNonNull(seedFile, "seedFile");
        return this;
    }

    /**
     * Trusts an Ed25519 public key (X.509 SubjectPublicKeyInfo PEM) for checkpoint signatures.
     * A chain's first signing key must be trusted; later keys are accepted only from the
     * {@code KEY_ROTATION} record, signed by the key before, that introduces them. Without any
     * trusted key the report says signatures were not checked
     * ({@link ProblemKind#SIGNATURES_NOT_CHECKED}).
     *
     * @param publicKeyPem the key file; may be called several times
     * @return this verifier
     */
    public AuditVerifier trustedKey(Path publicKeyPem) {
        keys.publicKeyFiles.add(Objects.requireNonNull(publicKeyPem, "publicKeyPem"));
        return this;
    }

    /**
     * Compares each chain with its anchors in {@code <dir>/<chain>.anchors} (written by
     * {@code AnchorSink.directory}): a head behind the newest anchor is
     * {@link ProblemKind#TRUNCATED}, a checkpoint that differs from its anchor
     * {@link ProblemKind#ANCHOR_MISMATCH}.
     *
     * @param anchorDir the anchor directory
     * @return this verifier
     */
    public AuditVerifier anchors(Path anchorDir) {
        keys.anchorDir = Objects.requireNonNull(anchorDir, "anchorDir");
        return this;
    }

    /**
     * Reports a signed chain's stretches longer than {@code gap} between checkpoints, and records
     * after the last checkpoint spanning more than it ({@link ProblemKind#CHECKPOINT_GAP}); default
     * 15 minutes (three heartbeats).
     *
     * @param gap a positive duration
     * @return this verifier
     */
    public AuditVerifier maxCheckpointGap(java.time.Duration gap) {
        if (gap.isNegative() || gap.isZero()) {
            throw new IllegalArgumentException("maxCheckpointGap must be positive, was " + gap);
        }
        keys.maxCheckpointGap = gap;
        return this;
    }

    /**
     * Verifies every chain of the store.
     *
     * @return the report
     * @throws NoSuchFileException if the store directory does not exist
     * @throws IOException         if the store directory cannot be listed, or a seed or public key
     *                             file cannot be read; unreadable segments are reported as
     *                             {@link ProblemKind#IO_ERROR} instead
     */
    public VerificationReport verify() throws IOException {
        if (!Files.isDirectory(store)) {
            throw new NoSuchFileException(store.toString(), null, "not a directory");
        }
        List<Path> chainDirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(store)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry) && SegmentNames.isChainId(entry.getFileName().toString())) {
                    chainDirs.add(entry);
                }
            }
        }
        VerifyKeys.Loaded loaded = keys.load();
        addAnchoredChainsWithoutDirectory(chainDirs, loaded);
        chainDirs.sort(null);
        long totalBytes = 0;
        List<List<Path>> segments = new ArrayList<>();
        for (Path chainDir : chainDirs) {
            List<Path> chainSegments = Files.isDirectory(chainDir) ? SegmentNames.list(chainDir) : List.of();
            segments.add(chainSegments);
            for (Path segment : chainSegments) {
                totalBytes += Files.size(segment);
            }
        }
        ProgressCounter counter = new ProgressCounter(progress, totalBytes);
        List<ChainReport> reports = new ArrayList<>();
        for (int i = 0; i < chainDirs.size(); i++) {
            String chain = chainDirs.get(i).getFileName().toString();
            reports.add(new ChainVerifier(chain, counter, loaded).verify(segments.get(i)));
        }
        return new VerificationReport(store, reports);
    }

    /** A chain deleted whole still has its anchors: verify it as an empty chain, which reports TRUNCATED. */
    private void addAnchoredChainsWithoutDirectory(List<Path> chainDirs, VerifyKeys.Loaded loaded) throws IOException {
        if (loaded.anchorDir() == null || !Files.isDirectory(loaded.anchorDir())) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(loaded.anchorDir(), "*.anchors")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String chain = name.substring(0, name.length() - ".anchors".length());
                Path dir = store.resolve(chain);
                if (SegmentNames.isChainId(chain) && !chainDirs.contains(dir)) {
                    chainDirs.add(dir);
                }
            }
        }
    }

    /**
     * Told about verification progress. Implementations must be quick; they run on the
     * verifying thread.
     */
    @FunctionalInterface
    public interface ProgressListener {

        /** A listener that ignores progress. */
        ProgressListener NONE = (chain, segment, done, total) -> { };

        /**
         * Called when a segment starts and then about every 8 MiB.
         *
         * @param chain   the chain being read
         * @param segment the segment being read
         * @param done    bytes of segment files read so far, over all chains
         * @param total   bytes of all segment files of the store (compressed size for gzip)
         */
        void progress(String chain, Path segment, long done, long total);
    }

    /** Sums bytes read across chains and rate-limits listener calls. Not thread-safe. */
    static final class ProgressCounter {
        private static final long STEP = 8L * 1024 * 1024;
        private final ProgressListener listener;
        private final long total;
        private long done;
        private long nextReport;

        ProgressCounter(ProgressListener listener, long total) {
            this.listener = listener;
            this.total = total;
        }

        void segmentStarted(String chain, Path segment) {
            listener.progress(chain, segment, done, total);
        }

        void read(String chain, Path segment, long bytes) {
            done += bytes;
            if (done >= nextReport) {
                nextReport = done + STEP;
                listener.progress(chain, segment, done, total);
            }
        }
    }
}
