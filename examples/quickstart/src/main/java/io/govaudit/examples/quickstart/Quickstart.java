package io.govaudit.examples.quickstart;

import io.govaudit.Actor;
import io.govaudit.AuditEvent;
import io.govaudit.AuditTrail;
import io.govaudit.Location;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ChainReport;
import io.govaudit.verify.Problem;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Records one event of each type the county spec requires, then verifies the store.
 *
 * <p>Run it with {@code java -cp … io.govaudit.examples.quickstart.Quickstart [store-dir]}; the
 * README and the API Javadoc take their examples from this file.
 */
public final class Quickstart {

    private Quickstart() {
    }

    /**
     * Writes the demo events and prints the verification report.
     *
     * @param args optional store directory (default {@code target/quickstart-store})
     * @throws IOException if the store cannot be read back
     */
    public static void main(String[] args) throws IOException {
        Path store = Path.of(args.length > 0 ? args[0] : "target/quickstart-store");
        VerificationReport report = run(store, System.out);
        System.exit(report.intact() ? 0 : 1);
    }

    /**
     * Records the demo events into {@code store} and verifies it.
     *
     * @param store the store directory
     * @param out   where to print the report
     * @return the verification report
     * @throws IOException if the store cannot be read back
     */
    public static VerificationReport run(Path store, PrintStream out) throws IOException {
        try (AuditTrail trail = AuditTrail.builder()
                .directory(store)
                .chainId("quickstart")
                .system("permit-portal")
                .build()) {
            recordRequiredEvents(trail);
        }
        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        print(report, out);
        return report;
    }

    static void recordRequiredEvents(AuditTrail trail) {
        Actor admin = Actor.builder("A1234567").name("陳美玲").roles("SYSADMIN").admin(true)
                .session("JSESSIONID-7f3a9c").build();
        Location desk = Location.defaults().withIp("10.20.30.40").withUa("Mozilla/5.0");

        // Administrator login and logout (S2)
        trail.record(AuditEvent.login(admin).where(desk.withOp("POST /login")).build());
        trail.record(AuditEvent.loginFailure(Actor.of("A7654321"), "bad credentials")
                .where(desk.withOp("POST /login")).build());
        // The administrator's own password (never the password itself)
        trail.record(AuditEvent.passwordChange(admin).where(desk).build());
        // Changes to other users: password, lock state, access rights, accounts
        trail.record(AuditEvent.userCreate(admin, "u-1042").where(desk).build());
        trail.record(AuditEvent.userPasswordReset(admin, "u-1042").where(desk).build());
        trail.record(AuditEvent.permissionChange(admin, "u-1042", List.of("CASE_READ"), List.of("CASE_EXPORT"))
                .where(desk).build());
        trail.record(AuditEvent.userLock(admin, "u-1042").detail("cause", "5 failed logins").where(desk).build());
        trail.record(AuditEvent.userUnlock(admin, "u-1042").where(desk).build());
        trail.record(AuditEvent.userDelete(admin, "u-0999").where(desk).build());
        // Important configuration: values of secret-looking keys are masked
        trail.record(AuditEvent.configChange(admin, "session.timeout", "15m", "30m").where(desk).build());
        trail.record(AuditEvent.configChange(admin, "smtp.password", "old-secret", "new-secret").where(desk).build());
        // Access to personal data: which record, which fields, why
        trail.record(AuditEvent.sensitiveAccess(admin, "CITIZEN", "R-77", List.of("name", "address", "phone"),
                "案件審查 2026-118").where(desk).build());
        // Any other function an administrator runs
        trail.record(AuditEvent.adminAction(admin, "POST /admin/reports/export").where(desk).build());
        trail.record(AuditEvent.logout(admin).where(desk.withOp("POST /logout")).build());
    }

    static void print(VerificationReport report, PrintStream out) {
        for (ChainReport chain : report.chains()) {
            out.printf("chain %s: %d records in %d segment(s), seq %d..%d, %s .. %s%n", chain.chain(),
                    chain.records(), chain.segments(), chain.firstSeq(), chain.lastSeq(), chain.firstTime(),
                    chain.lastTime());
            for (Problem problem : chain.problems()) {
                out.println("  " + problem);
            }
        }
        out.println(report.intact() ? "INTACT" : "NOT INTACT");
    }
}
