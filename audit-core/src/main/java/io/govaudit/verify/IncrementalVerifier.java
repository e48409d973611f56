package io.govaudit.verify;

import io.govaudit.internal.store.SegmentNames;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Verifies a store round after round, reading only what is new: each closed segment once, the
 * active segment's new complete lines, and the link from the last record read into what follows
 * (docs/operations.md, scheduled verification). The checks are the {@link AuditVerifier}'s own,
 * carried from one round to the next as if the chain were read in one pass.
 *
 * <pre>{@code
 * IncrementalVerifier watch = AuditVerifier.forDirectory(store).incremental(Clock.systemUTC());
 * while (running) {
 *     IncrementalVerifier.Round round = watch.verifyRound();
 *     round.problems().forEach(System.err::println); // each problem is reported once
 *     Thread.sleep(interval);
 * }
 * }</pre>
 *
 * <p>Later changes: what was read is remembered by its SHA-256 (of the records' bytes, so
 * gzipping a closed segment is not a change) and, for segment files, by size and modification
 * time (a file modified within two seconds of the clock's time is hashed again until it is older:
 * a coarse file system clock may keep the time of a quick change). Each round compares the closed segments' size and time, hashing a segment again only when
 * they changed, and hashes the active segment's part read before. A verified segment that changed
 * or disappeared, or an active segment whose beginning changed, makes the chain be read again
 * from its start in the same round, so its problems are reported with seq, file and line. A
 * segment deleted under the retention or capacity policy is attested by its
 * {@code RETENTION_PURGE} record and reports nothing. A chain that ends before the highest seq read
 * earlier, or before its head mark, is {@link ProblemKind#TRUNCATED}.
 *
 * <p>What a full verification checks at the end of a chain (missing final checkpoint, anchors
 * beyond the head, the expected heads) is left to {@link AuditVerifier#verify()}: a round never
 * sees the end of a chain that is still written. An edit that keeps a segment file's size and
 * modification time is found by the next full verification, or when the segment is read again.
 *
 * <p>Not thread-safe: one thread runs the rounds.
 *
 * @since 0.1.0
 */
public final class IncrementalVerifier {

    private final RecordSource source;
    private final VerifyKeys.Loaded keys;
    private final Clock clock;
    private final List<String> only = new ArrayList<>();
    private final Map<String, ChainRounds> chains = new TreeMap<>();

    IncrementalVerifier(RecordSource source, VerifyKeys.Loaded keys, Clock clock) {
        this.source = source;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = keys;
    }

    /**
     * Restricts the rounds to this chain (may be called for several); by default every chain of
     * the store, including chains that appear later. Call before the first round.
     *
     * @param chain a chain id
     * @return this verifier
     * @throws IllegalArgumentException if {@code chain} is not a chain id
     */
    public IncrementalVerifier chain(String chain) {
        if (chain == null || !SegmentNames.isChainId(chain)) {
            throw new IllegalArgumentException("chain must be a chain id (1 to 64 of A-Z a-z 0-9 . _ -), was "
                    + (chain == null ? "null" : "'" + chain + "'"));
        }
        if (!only.contains(chain)) {
            only.add(chain);
        }
        return this;
    }

    /**
     * Runs one round: reads what is new or changed in every chain and returns the problems not
     * reported by an earlier round. The first round reads everything.
     *
     * @return the round's result
     * @throws NothingToVerifyException if the store holds no chain (no verdict about nothing)
     * @throws IOException if the store cannot be listed; unreadable segments are problems instead
     */
    public Round verifyRound() throws IOException {
        List<String> names = only.isEmpty() ? source.chains() : only;
        if (names.isEmpty() && chains.isEmpty()) {
            throw new NothingToVerifyException("no chains found in " + source.location() + "; nothing was verified");
        }
        for (String name : names) {
            chains.computeIfAbsent(name, n -> new ChainRounds(n, source, keys, clock));
        }
        Map<String, Long> heads = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        long bytes = 0;
        for (ChainRounds chain : chains.values()) {
            ChainRounds.Result result = chain.round();
            problems.addAll(result.problems());
            bytes += result.bytesRead();
            heads.put(chain.chain(), chain.lastSeq());
        }
        return new Round(heads, bytes, problems);
    }

    /**
     * What one round found.
     *
     * @param heads     per chain (sorted by id), the highest seq verified so far
     * @param bytesRead bytes read in this round (uncompressed, including hashing what was read before)
     * @param problems  problems found in this round and not reported before, in chain then file order
     * @since 0.1.0
     */
    public record Round(Map<String, Long> heads, long bytesRead, List<Problem> problems) {

        /**
         * Creates a result.
         */
        public Round {
            heads = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(heads, "heads")));
            problems = List.copyOf(problems);
        }

        /**
         * Tells whether this round found no new integrity problem (warnings allowed).
         *
         * @return true if no problem of this round is an integrity problem
         */
        public boolean intact() {
            return problems.stream().noneMatch(p -> p.kind().isIntegrityProblem());
        }
    }
}
