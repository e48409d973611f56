package io.govaudit.cli;

import io.govaudit.verify.ChainReport;
import io.govaudit.verify.Problem;
import io.govaudit.verify.VerificationReport;
import java.io.PrintWriter;

/**
 * Writes a verification report for people: a block per chain (with the prefix deleted under the
 * retention or capacity policy, when a {@code RETENTION_PURGE} record attests it), one line per
 * problem ({@code KIND seq=N file:line message}) and a final verdict line, {@code INTACT},
 * {@code INTACT (N warnings)} when only warnings such as {@code RECORDING_GAP} were found, or
 * {@code NOT INTACT: N problems}. Not thread-safe.
 */
final class HumanReportWriter {

    private final PrintWriter out;

    HumanReportWriter(PrintWriter out) {
        this.out = out;
    }

    void write(VerificationReport report) {
        out.println("store " + report.store().toAbsolutePath().normalize());
        if (report.chains().isEmpty()) {
            out.println("no chains found (a chain is a sub-directory named by its chain id)");
        }
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
        out.println("  " + (chain.intact() ? "intact" : "NOT INTACT"));
    }

    private void problem(Problem problem) {
        out.println("  " + problem.kind() + " seq=" + problem.seq() + " " + location(problem) + " "
                + problem.message());
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
