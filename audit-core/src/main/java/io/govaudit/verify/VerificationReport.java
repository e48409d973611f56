package io.govaudit.verify;

import java.util.List;

/**
 * The result of verifying a store: one report per chain.
 *
 * @param store  where the records were read: the store directory, or a database's description
 * @param chains per-chain reports, sorted by chain id
 * @since 0.1.0
 */
public record VerificationReport(String store, List<ChainReport> chains) {

    /**
     * Creates a report.
     */
    public VerificationReport {
        chains = List.copyOf(chains);
    }

    /**
     * Tells whether every chain is intact (warnings allowed). A report of no chain is never
     * intact: nothing was checked.
     *
     * @return true if at least one chain was verified and no integrity problem was found
     */
    public boolean intact() {
        return !chains.isEmpty() && chains.stream().allMatch(ChainReport::intact);
    }

    /**
     * Returns every listed problem of every chain.
     *
     * @return problems in chain then file order
     */
    public List<Problem> problems() {
        return chains.stream().flatMap(c -> c.problems().stream()).toList();
    }
}
