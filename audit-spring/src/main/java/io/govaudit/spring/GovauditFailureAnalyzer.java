package io.govaudit.spring;

import io.govaudit.AuditConfigurationException;
import io.govaudit.AuditException;
import io.govaudit.ChainLockedException;
import io.govaudit.RecordsLostException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an audit trail that could not open into a startup report saying what happened and what
 * the operator does about it: a chain locked by another process, records lost from the end of the
 * chain, an invalid configuration (each problem named by its {@code govaudit.*} property), or a
 * store that cannot be opened (a directory that cannot be written, a database without the audit
 * tables, a key file that cannot be read).
 *
 * @since 0.1.0
 */
public final class GovauditFailureAnalyzer extends AbstractFailureAnalyzer<AuditException> {

    /** Creates the analyzer; Spring Boot instantiates it from META-INF/spring.factories. */
    public GovauditFailureAnalyzer() {
    }

    /** Each problem on a line of its own: a compliance level names several pieces at once. */
    private static final String LIST = System.lineSeparator() + "  - ";

    /** What to do; a compliance level's missing pieces each name the setting that supplies it. */
    private static String action(AuditConfigurationException invalid) {
        boolean level = invalid.problems().stream().anyMatch(p -> p.startsWith("govaudit.compliance-level: "));
        return level ? "Set what each govaudit.compliance-level problem names (the property that supplies it is "
                + "in the problem; docs/compliance.md, level profiles) and correct the other govaudit.* properties "
                + "named above." : "Correct the govaudit.* properties named above.";
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AuditException cause) {
        if (cause instanceof ChainLockedException locked) {
            return new FailureAnalysis(
                    "The audit chain '" + locked.chainId() + "' is locked by another process"
                            + (locked.lockFile() != null ? " (lock file " + locked.lockFile() + ")" : "")
                            + ": only one writer may append to a chain. " + cause.getMessage(),
                    "Stop the other instance that writes this chain, or give this instance its own chain with "
                            + "govaudit.chain-id (each instance of a cluster needs its own chain).",
                    cause);
        }
        if (cause instanceof RecordsLostException lost) {
            return new FailureAnalysis(
                    "The audit chain '" + lost.chainId() + "' ends at seq " + lost.foundSeq()
                            + " but its writer last knew seq " + lost.knownSeq()
                            + " durable: records were deleted or the store was restored from an older copy. "
                            + cause.getMessage(),
                    "Restore the missing segment files from the backup. If they cannot be found, an operator "
                            + "accepts the loss once with the core builder's acceptLostRecords(true) (see "
                            + "docs/operations.md), which records the loss in the chain.",
                    cause);
        }
        if (cause instanceof AuditConfigurationException invalid) {
            return new FailureAnalysis("The govaudit.* configuration is invalid, " + invalid.problems().size()
                    + (invalid.problems().size() == 1 ? " problem:" : " problems:") + LIST
                    + String.join(LIST, invalid.problems()), action(invalid), cause);
        }
        return new FailureAnalysis("The audit trail could not be opened: " + cause.getMessage(),
                "With govaudit.store=file (the default): check that govaudit.file.directory exists or can be "
                        + "created, and that the user running the application can write to it (and that the disk "
                        + "is not full). With govaudit.store=jdbc: check that the DataSource reaches the database "
                        + "and that the audit tables exist (installed by the DBA from JdbcSchema.script, or at "
                        + "startup with govaudit.jdbc.install-schema=always). Check also that the key files named "
                        + "by govaudit.keys.hmac-seed, govaudit.signing.key and govaudit.signing.previous-key "
                        + "exist and are readable.",
                cause);
    }
}
