package io.govaudit.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.verify.ChainReport;
import io.govaudit.verify.Problem;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The domain assertions pass and fail as documented, and their failures list the problems. */
class VerificationAssertTest {

    private static VerificationReport report(Problem... problems) {
        return new VerificationReport("store",
                List.of(new ChainReport("c1", 10, 1, 1000, 1, 10, null, null, 0, List.of(problems), 0)));
    }

    private static final Problem MISMATCH = new Problem(ProblemKind.HASH_MISMATCH, "c1", 42, "a.log", 7, "altered");
    private static final Problem TORN = new Problem(ProblemKind.TORN_TAIL, "c1", 0, "a.log", 11, "torn");

    @Test
    void isIntact_onlyWarnings_passes() {
        assertThatCode(() -> VerificationAssert.assertThat(report(TORN)).isIntact()).doesNotThrowAnyException();
    }

    @Test
    void isIntact_integrityProblem_failsListingTheProblems() {
        assertThatThrownBy(() -> VerificationAssert.assertThat(report(MISMATCH, TORN)).isIntact())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("HASH_MISMATCH chain=c1 seq=42 at a.log:7: altered")
                .hasMessageContaining("TORN_TAIL");
    }

    @Test
    void hasProblem_matchingKindSeqFileAndLine_passes() {
        assertThatCode(() -> VerificationAssert.assertThat(report(MISMATCH, TORN)).isNotIntact()
                .hasOnlyProblemKinds(ProblemKind.HASH_MISMATCH, ProblemKind.TORN_TAIL).hasProblemCount(2)
                .hasProblem(ProblemKind.HASH_MISMATCH).atSeq(42).inFile("a.log").atLine(7).inChain("c1").and()
                .hasProblem(ProblemKind.TORN_TAIL).atLine(11)).doesNotThrowAnyException();
    }

    @Test
    void hasProblem_wrongSeq_failsNamingTheCriteriaAndListingProblems() {
        assertThatThrownBy(() -> VerificationAssert.assertThat(report(MISMATCH)).hasProblem(ProblemKind.HASH_MISMATCH)
                .atSeq(41)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("[HASH_MISMATCH, seq 41]").hasMessageContaining("seq=42 at a.log:7");
        assertThatThrownBy(() -> VerificationAssert.assertThat(report(MISMATCH)).hasProblem(ProblemKind.SEQ_GAP))
                .isInstanceOf(AssertionError.class).hasMessageContaining("HASH_MISMATCH");
    }

    @Test
    void hasOnlyProblemKinds_extraKind_fails() {
        assertThatThrownBy(() -> VerificationAssert.assertThat(report(MISMATCH, TORN))
                .hasOnlyProblemKinds(ProblemKind.HASH_MISMATCH)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("TORN_TAIL");
        assertThatThrownBy(() -> VerificationAssert.assertThat(report()).hasOnlyProblemKinds(ProblemKind.SEQ_GAP))
                .isInstanceOf(AssertionError.class).hasMessageContaining("(no problems)");
    }
}
