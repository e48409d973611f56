package io.govaudit.cli;

import io.govaudit.verify.ChainReport;
import io.govaudit.verify.Problem;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.PrintWriter;
import java.util.List;

/**
 * Writes a verification report for people: a block per chain (with the prefix deleted under the
 * retention or capacity policy, when a {@code RETENTION_PURGE} record attests it), one line per
 * problem ({@code KIND seq=N file:line message}) and a final verdict line, {@code INTACT},
 * {@code INTACT (N warnings)} when only warnings such as {@code RECORDING_GAP} were found, or
 * {@code NOT INTACT: N problems}.
 *
 * <p>Checks that were not made are said in words under the chain, not only as a warning code: a
 * keyed chain verified without its seed says its epoch MACs were not checked, and what was
 * ({@code MACS_NOT_CHECKED}; for format version 1 records, whose hash is the MAC, that their
 * hashes were not: {@code HASHES_NOT_CHECKED}), a signed chain without a trusted key that its
 * signatures were not ({@code SIGNATURES_NOT_CHECKED}), and without anchors that the end of the
 * chain was not checked against them. The header lists the seed, keys and anchors given. Not
 * thread-safe.
 */
final class HumanReportWriter {

    private final PrintWriter out;
    private final List<String> checks;
    private final boolean anchorsChecked;

    HumanReportWriter(PrintWriter out) {
        this(out, List.of(), true);
    }

    /**
     * @param out    where to write
     * @param checks what the verifier was given to check with, one line each (seed, keys, anchors)
     * @param anchorsChecked whether anchors were given, so a cut tail would be found
     */
    HumanReportWriter(PrintWriter out, List<String> checks, boolean anchorsChecked) {
        this.out = out;
        this.checks = List.copyOf(checks);
        this.anchorsChecked = anchorsChecked;
    }

    void write(VerificationReport report) {
        out.println("store " + report.store());
        checks.forEach(check -> out.println("checking " + check));
        report.chains().forEach(this::chain);
        out.println(verdict(report));
    }

    private void chain(ChainReport chain) {
        out.println();
        out.println("chain " + chain.chain());
        out.println("  records   " + chain.records());
        out.println("  segments  " + chain.segments());
        out.println("  bytes     " + chain.bytes());
        out.println("  seq       " + chain.firstSeq() + " .. " + chain.lastSeq());
        if (chain.purgedThrough() > 0) {
            out.println("  purged    seq 1.." + chain.purgedThrough() + " (attested by RETENTION_PURGE)");
        }
        out.println("  first     " + Times.utcAndTaipei(chain.firstTime()));
        out.println("  last      " + Times.utcAndTaipei(chain.lastTime()));
        chain.problems().forEach(this::problem);
        if (chain.problemsNotListed() > 0) {
            out.println("  ... and " + chain.problemsNotListed() + " more problems not listed");
        }
        notChecked(chain);
        out.println("  " + (chain.intact() ? "intact" : "NOT INTACT"));
    }

    private void problem(Problem problem) {
        out.println("  " + problem.kind() + (problem.seq() > 0 ? " seq=" + problem.seq() : "") + " "
                + location(problem) + " " + problem.message());
    }

    /** Says in words which checks were not made, so "intact" is not read as more than it is. */
    private void notChecked(ChainReport chain) {
        if (has(chain, ProblemKind.MACS_NOT_CHECKED)) {
            out.println("  epoch MACs were NOT checked: keyed chain, no HMAC seed given (--hmac-seed);");
            out.println("    record hashes, links, seq and order were checked, and signatures and anchors");
            out.println("    where given; only the MACs would find records rewritten, hashes recomputed,");
            out.println("    by an intruder holding the host's keys");
        }
        if (has(chain, ProblemKind.HASHES_NOT_CHECKED)) {
            out.println("  hashes of format version 1 records were NOT checked: keyed chain, no HMAC");
            out.println("    seed given (--hmac-seed); their links, seq and order were checked; such a");
            out.println("    record rewritten with a new hash would not be found");
        }
        if (!anchorsChecked) {
            out.println("  end of chain NOT checked against anchors (no --anchors): records cut from the end");
            out.println("    after the writer's last head mark would not be found");
        }
        if (has(chain, ProblemKind.SIGNATURES_NOT_CHECKED)) {
            out.println("  signatures were NOT checked: signed chain, no trusted public key given");
            out.println("    (--public-key)");
        }
    }

    private static boolean has(ChainReport chain, ProblemKind kind) {
        return chain.problems().stream().anyMatch(p -> p.kind() == kind);
    }

    private static String location(Problem problem) {
        String location = problem.location();
        return location.isEmpty() ? "-" : location;
    }

    static String verdict(VerificationReport report) {
        long problems = 0;
        long warnings = 0;
        for (ChainReport chain : report.chains()) {
            problems += chain.problems().size() + chain.problemsNotListed();
            warnings += chain.problems().stream().filter(p -> !p.kind().isIntegrityProblem()).count();
        }
        if (report.intact()) {
            return warnings == 0 ? "INTACT" : "INTACT (" + plural(warnings, "warning") + ")";
        }
        return "NOT INTACT: " + plural(problems, "problem");
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
