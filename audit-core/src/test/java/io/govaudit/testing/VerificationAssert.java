package io.govaudit.testing;

import io.govaudit.verify.Problem;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Domain assertions for verifier reports (STYLE.md S33). Every failure message lists all problems
 * of the report, so a failing tamper test shows what the verifier did find.
 *
 * <pre>{@code
 * assertThat(report).isIntact();
 * assertThat(report).hasProblem(ProblemKind.HASH_MISMATCH).atSeq(42).inFile(name).atLine(7);
 * assertThat(report).hasOnlyProblemKinds(ProblemKind.SEQ_GAP);
 * }</pre>
 */
public final class VerificationAssert extends AbstractAssert<VerificationAssert, VerificationReport> {

    private VerificationAssert(VerificationReport actual) {
        super(actual, VerificationAssert.class);
    }

    /**
     * Starts assertions on a report.
     *
     * @param report the verifier's report
     * @return the assertion
     */
    public static VerificationAssert assertThat(VerificationReport report) {
        return new VerificationAssert(report);
    }

    /**
     * Verifies that no chain has an integrity problem (warnings such as {@code TORN_TAIL} allowed).
     *
     * @return this assertion
     */
    public VerificationAssert isIntact() {
        isNotNull();
        if (!actual.intact()) {
            failWithMessage("expected the store to be intact but the verifier found:%n%s", describe(actual.problems()));
        }
        return this;
    }

    /**
     * Verifies that at least one chain has an integrity problem.
     *
     * @return this assertion
     */
    public VerificationAssert isNotIntact() {
        isNotNull();
        if (actual.intact()) {
            failWithMessage("expected the verifier to find an integrity problem but the report is intact; it lists:%n%s",
                    describe(actual.problems()));
        }
        return this;
    }

    /**
     * Verifies that the report lists no problem at all, not even a warning.
     *
     * @return this assertion
     */
    public VerificationAssert hasNoProblems() {
        isNotNull();
        if (!actual.problems().isEmpty()) {
            failWithMessage("expected no problems but the verifier found:%n%s", describe(actual.problems()));
        }
        return this;
    }

    /**
     * Verifies that the report lists a problem of the given kind; narrow it further with the
     * returned assertion.
     *
     * @param kind the expected kind
     * @return an assertion on the problems of that kind
     */
    public ProblemAssert hasProblem(ProblemKind kind) {
        isNotNull();
        ProblemAssert problem = new ProblemAssert(this, kind);
        problem.check();
        return problem;
    }

    /**
     * Verifies that the report lists problems, and only of the given kinds (each given kind at
     * least once).
     *
     * @param kinds the kinds expected
     * @return this assertion
     */
    public VerificationAssert hasOnlyProblemKinds(ProblemKind... kinds) {
        isNotNull();
        Set<ProblemKind> expected = kinds.length == 0 ? EnumSet.noneOf(ProblemKind.class)
                : EnumSet.copyOf(Arrays.asList(kinds));
        Set<ProblemKind> found = actual.problems().stream().map(Problem::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ProblemKind.class)));
        if (!found.equals(expected)) {
            failWithMessage("expected problems of exactly the kinds %s but found kinds %s:%n%s", expected, found,
                    describe(actual.problems()));
        }
        return this;
    }

    /**
     * Verifies the number of problems listed.
     *
     * @param count the expected number
     * @return this assertion
     */
    public VerificationAssert hasProblemCount(int count) {
        isNotNull();
        if (actual.problems().size() != count) {
            failWithMessage("expected %s problems but found %s:%n%s", count, actual.problems().size(),
                    describe(actual.problems()));
        }
        return this;
    }

    static String describe(List<Problem> problems) {
        if (problems.isEmpty()) {
            return "  (no problems)";
        }
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining(System.lineSeparator()));
    }

    /**
     * Narrows the problems of one kind by seq, file and line. Each step fails, listing every
     * problem of the report, when no problem matches all criteria so far.
     */
    public static final class ProblemAssert extends AbstractAssert<ProblemAssert, VerificationReport> {
        private final VerificationAssert parent;
        private Predicate<Problem> filter;
        private String description;

        private ProblemAssert(VerificationAssert parent, ProblemKind kind) {
            super(parent.actual, ProblemAssert.class);
            this.parent = parent;
            this.filter = p -> p.kind() == kind;
            this.description = kind.name();
        }

        /**
         * Requires the problem to concern the given seq.
         *
         * @param seq the seq
         * @return this assertion
         */
        public ProblemAssert atSeq(long seq) {
            return narrow(p -> p.seq() == seq, "seq " + seq);
        }

        /**
         * Requires the problem to be located in the given segment file.
         *
         * @param fileName the segment's file name
         * @return this assertion
         */
        public ProblemAssert inFile(String fileName) {
            return narrow(p -> fileName.equals(p.file()), "file " + fileName);
        }

        /**
         * Requires the problem to be located at the given 1-based line.
         *
         * @param line the line
         * @return this assertion
         */
        public ProblemAssert atLine(long line) {
            return narrow(p -> p.line() == line, "line " + line);
        }

        /**
         * Requires the problem to be in the given chain.
         *
         * @param chain the chain id
         * @return this assertion
         */
        public ProblemAssert inChain(String chain) {
            return narrow(p -> chain.equals(p.chain()), "chain " + chain);
        }

        /**
         * Returns to the report assertion.
         *
         * @return the report assertion
         */
        public VerificationAssert and() {
            return parent;
        }

        private ProblemAssert narrow(Predicate<Problem> more, String what) {
            filter = filter.and(more);
            description = description + ", " + what;
            check();
            return this;
        }

        private void check() {
            if (actual.problems().stream().noneMatch(filter)) {
                failWithMessage("expected a problem [%s] but the verifier found:%n%s", description,
                        describe(actual.problems()));
            }
        }
    }
}
