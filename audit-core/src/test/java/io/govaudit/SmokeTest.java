package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void recordAndVerify() throws Exception {
        Actor admin = Actor.builder("A1").admin(true).session("s3cr3t-session").build();
        try (AuditTrail trail = AuditTrail.builder().directory(dir).chainId("c1").system("sys").build()) {
            long seq = trail.record(AuditEvent.login(admin).build());
            assertThat(seq).isEqualTo(3);
            trail.record(AuditEvent.configChange(admin, "db.password", "a", "b").build());
        }
        for (Path p : Files.list(dir.resolve("c1")).toList()) {
            System.out.println(p + "\n" + (p.toString().endsWith(".log") ? Files.readString(p) : ""));
        }
        VerificationReport report = AuditVerifier.forDirectory(dir).verify();
        System.out.println(report);
        assertThat(report.intact()).isTrue();
    }
}
