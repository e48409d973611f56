package io.govaudit.verify;

import java.time.Instant;
import java.util.List;

/**
 * What the verifier read and found in one chain.
 *
 * @param chain              the chain id
 * @param records            records read (lines that had the record structure)
 * @param segments           segment files read
 * @param bytes              bytes read (uncompressed)
 * @param firstSeq           the lowest seq read, or 0 if none
 * @param lastSeq            the highest seq read, or 0 if none
 * @param firstTime          time of the first record read, or null
 * @param lastTime           time of the last record read, or null
 * @param purgedThrough      the last seq of a missing prefix attested by a {@code RETENTION_PURGE}
 *                           record (records 1..purgedThrough were deleted under the retention or
 *                           capacity policy), or 0
 * @param problems           problems found, in file order, at most {@link AuditVerifier#MAX_PROBLEMS_PER_CHAIN}
 * @param problemsNotListed  problems found beyond that bound (counted, not listed)
 * @since 0.1.0
 */
public record ChainReport(String chain, long records, int segments, long bytes, long firstSeq, long lastSeq,
        Instant firstTime, Instant lastTime, long purgedThrough, List<Problem> problems, long problemsNotListed) {

    /**
     * Creates a report.
     */
    public ChainReport {
        problems = List.copyOf(problems);
    }

    /**
     * Tells whether no integrity problem was found (warnings allowed).
     *
     * @return true if the chain is intact
     */
    public boolean intact() {
        return problemsNotListed == 0 && problems.stream().noneMatch(p -> p.kind().isIntegrityProblem());
    }
}
