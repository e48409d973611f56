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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Verifies every chain of a file store (docs/format.md section 9).
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

    private final RecordSource source;
    /** The store directory, when the source is one: it must exist. */
    private final Path directory;
    private ProgressListener progress = ProgressListener.NONE;
    /** Threads the verification may use ({@link #threads}); the machine's processors by default. */
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private final VerifyKeys keys = new VerifyKeys();
    /** Chains that must be there, with the lowest acceptable head (0: just present). */
    private final java.util.Map<String, Long> expected = new java.util.TreeMap<>();

    private AuditVerifier(RecordSource source, Path directory) {
        this.source = Objects.requireNonNull(source, "source");
        this.directory = directory;
    }

    /**
     * Creates a verifier for a store directory (the directory holding one sub-directory per chain).
     *
     * @param store the store directory
     * @return a verifier
     */
    public static AuditVerifier forDirectory(Path store) {
        return new AuditVerifier(new DirectorySource(Objects.requireNonNull(store, "store")), store);
    }

    /**
     * Creates a verifier for records read from another source, such as a database
     * ({@code io.govaudit.jdbc.JdbcRecordSource}).
     *
     * @param source the source
     * @return a verifier
     */
    public static AuditVerifier forSource(RecordSource source) {
        return new AuditVerifier(source, null);
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
     * Checks the epoch MACs of keyed chains with the HMAC seed (64 lowercase hex characters, as
     * {@code audit-cli keygen} writes {@code chain-seed.hex}); a wrong MAC is
     * {@link ProblemKind#MAC_MISMATCH}. Without it every record's hash and link (and signatures
     * and anchors where given) are still checked, and the report says the MACs were not
     * ({@link ProblemKind#MACS_NOT_CHECKED}); keyed records of format version 1, whose hash is the
     * MAC, are then not hash-checked ({@link ProblemKind#HASHES_NOT_CHECKED}). See docs/format.md.
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
     * States that the store must hold this chain: if it holds no record of it, the report has
     * {@link ProblemKind#NO_RECORDS} for it. Catches the deletion of a whole chain, even without
     * anchors. May be called for several chains.
     *
     * @param chain a chain id
     * @return this verifier
     * @throws IllegalArgumentException if {@code chain} is not a chain id
     */
    public AuditVerifier expectChain(String chain) {
        return expectHead(chain, 0);
    }

    /**
     * States that this chain must exist and reach at least seq {@code minimumHead}, e.g. the head
     * of a previous report or of the last anchor the auditor kept: a chain ending before it is
     * {@link ProblemKind#TRUNCATED}, a chain with no record {@link ProblemKind#NO_RECORDS}.
     *
     * @param chain       a chain id
     * @param minimumHead the lowest acceptable seq of its last record; 0 only requires the chain
     * @return this verifier
     * @throws IllegalArgumentException if {@code chain} is not a chain id or the seq is negative
     */
    public AuditVerifier expectHead(String chain, long minimumHead) {
        if (chain == null || !SegmentNames.isChainId(chain)) {
            throw new IllegalArgumentException("expected chain must be a chain id (1 to 64 of A-Z a-z 0-9 . _ -), was "
                    + (chain == null ? "null" : "'" + chain + "'"));
        }
        if (minimumHead < 0) {
            throw new IllegalArgumentException("expected head of chain '" + chain + "' must be 0 or more, was "
                    + minimumHead);
        }
        expected.merge(chain, minimumHead, Math::max);
        return this;
    }

    /**
     * Verifies every chain of the store.
     *
     * @return the report
     * @throws NothingToVerifyException if the source holds no chain and none is known from anchors
     *                                  or expectations, or a directory is not a store directory
     *                                  (no verdict is ever given about nothing)
     * @throws NoSuchFileException if the store directory does not exist
     * @throws IOException         if the store directory cannot be listed, or a seed or public key
     *                             file cannot be read; unreadable segments are reported as
     *                             {@link ProblemKind#IO_ERROR} instead
     */
    public VerificationReport verify() throws IOException {
        if (directory != null && !Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "not a directory");
        }
        List<String> chains = new ArrayList<>(source.chains());
        VerifyKeys.Loaded loaded = keys.load();
        addAnchoredChains(chains, loaded);
        for (String chain : expected.keySet()) {
            if (!chains.contains(chain)) {
                chains.add(chain);
            }
        }
        if (chains.isEmpty()) {
            throw new NothingToVerifyException(source instanceof DirectorySource directories
                    ? directories.noChainsMessage()
                    : "no chains found in " + source.location() + "; nothing was verified");
        }
        chains.sort(null);
        long totalBytes = 0;
        List<List<RecordSource.Part>> parts = new ArrayList<>();
        for (String chain : chains) {
            List<RecordSource.Part> chainParts = source.parts(chain);
            parts.add(chainParts);
            for (RecordSource.Part part : chainParts) {
                totalBytes += part.size();
            }
        }
        ProgressCounter counter = new ProgressCounter(progress, totalBytes);
        List<Callable<ChainReport>> work = new ArrayList<>();
        // With a thread to spare for each chain, a chain's segments are read and hashed on a second
        // thread (HashAhead); only for files, whose reads report nothing to the verifier's state
        boolean hashAhead = source instanceof DirectorySource && parallelism >= 2 * chains.size();
        for (int i = 0; i < chains.size(); i++) {
            String id = chains.get(i);
            List<RecordSource.Part> chainParts = parts.get(i);
            work.add(() -> {
                ChainVerifier chain = new ChainVerifier(id, counter, loaded, hashAhead);
                return chain.verify(chainParts, knownHeads(id, chain));
            });
        }
        return new VerificationReport(source.location(), run(work));
    }

    /**
     * Verifies the chains, each on one thread from start to end: one after another, or, when the
     * source reads concurrently (a directory), several at once on up to {@link #threads}
     * threads of their own (chains share nothing: each has its own verifier state, keys are read
     * once and not changed). The reports come back in chain order either way, so the result is
     * the same.
     */
    private List<ChainReport> run(List<Callable<ChainReport>> work) throws IOException {
        int threads = source.concurrentReads() ? Math.min(parallelism, work.size()) : 1;
        List<ChainReport> reports = new ArrayList<>(work.size());
        if (threads <= 1) {
            for (Callable<ChainReport> chain : work) {
                reports.add(call(chain));
            }
            return reports;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "govaudit-verifier-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<ChainReport>> results = new ArrayList<>(work.size());
            for (Callable<ChainReport> chain : work) {
                results.add(pool.submit(chain));
            }
            for (Future<ChainReport> result : results) {
                reports.add(result.get());
            }
            return reports;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while verifying " + source.location());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ChainReport call(Callable<ChainReport> chain) throws IOException {
        try {
            return chain.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets how many threads the verification may use; by default as many as the machine has
     * processors. On a store directory, chains are verified at once, one thread each, up to this
     * number; when there are at least two threads per chain, each chain's segments are also read
     * and hashed on a second thread while the first checks the records before them. The report
     * is the same with any number; 1 verifies on the calling thread alone (a shared machine, or
     * a measurement of one core).
     *
     * @param threads at least 1
     * @return this verifier
     * @throws IllegalArgumentException if {@code threads} is less than 1
     * @since 0.1.0
     */
    public AuditVerifier threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.parallelism = threads;
        return this;
    }

    /**
     * Returns a verifier for repeated rounds over the same store, each reading only what is new
     * or changed since the round before (scheduled verification: {@code AuditTrail.Builder.verifyEvery},
     * {@code audit-cli watch}). It checks with the keys, trusted keys and anchors given to this
     * verifier; the expected chains and heads apply to {@link #verify()} only.
     *
     * @param clock tells how recent a segment file's modification time is (a recent one is not
     *              trusted to show a change), e.g. {@code Clock.systemUTC()}
     * @return the incremental verifier
     * @throws IOException if a seed or public key file cannot be read
     * @since 0.1.0
     */
    public IncrementalVerifier incremental(java.time.Clock clock) throws IOException {
        return new IncrementalVerifier(source, keys.load(), clock);
    }

    /**
     * What is known of a chain's head besides its records: the store's state and the auditor's
     * expectation. A state that cannot be read is reported, and the chain still verified.
     */
    private List<RecordSource.ChainState> knownHeads(String chain, ChainVerifier verifier) {
        List<RecordSource.ChainState> known = new ArrayList<>();
        try {
            RecordSource.ChainState state = source.state(chain);
            if (state.minimumHead() > 0) {
                known.add(state);
            }
        } catch (IOException e) {
            verifier.stateUnreadable(e);
        }
        Long head = expected.get(chain);
        if (head != null) {
            known.add(new RecordSource.ChainState(head, head == 0 ? "the expected chains"
                    : "the expected head (seq " + head + ")"));
        }
        return known;
    }

    /** A chain deleted whole still has its anchors: verify it as an empty chain, which reports TRUNCATED. */
    private static void addAnchoredChains(List<String> chains, VerifyKeys.Loaded loaded) throws IOException {
        if (loaded.anchorDir() == null || !Files.isDirectory(loaded.anchorDir())) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(loaded.anchorDir(), "*.anchors")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String chain = name.substring(0, name.length() - ".anchors".length());
                if (SegmentNames.isChainId(chain) && !chains.contains(chain)) {
                    chains.add(chain);
                }
            }
        }
    }

    /**
     * Told about verification progress. Implementations must be quick; they run on a verifying
     * thread (one per chain being verified when chains are verified at once), one call at a time.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface ProgressListener {

        /** A listener that ignores progress. */
        ProgressListener NONE = (chain, part, done, total) -> { };

        /**
         * Called when a segment starts and then about every 8 MiB.
         *
         * @param chain   the chain being read
         * @param part    the segment (or other part) being read
         * @param done    bytes read so far, over all chains (decompressed for gzip)
         * @param total   bytes of all parts of the store as stored (compressed size for gzip)
         */
        void progress(String chain, String part, long done, long total);
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

        synchronized void segmentStarted(String chain, String segment) {
            listener.progress(chain, segment, done, total);
        }

        synchronized void read(String chain, String segment, long bytes) {
            done += bytes;
            if (done >= nextReport) {
                nextReport = done + STEP;
                listener.progress(chain, segment, done, total);
            }
        }
    }
}
