package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.govaudit.CapacityPolicy.OnFull;
import io.govaudit.alert.AlertKind;
import io.govaudit.verify.AuditVerifier;
import io.govaudit.verify.ProblemKind;
import io.govaudit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full device: a 2 MiB tmpfs that the test mounts (CI runs as root). Where mounting is not
 * permitted the test is skipped and says why. Each {@code onFull} action must keep the chain
 * intact, write its own records (thanks to the reserve file) and resume once space returns.
 */
class DiskFullIT {

    @TempDir
    Path mountPoint;

    private final TrailFixture fixture = new TrailFixture();
    private boolean mounted;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs",
                mountPoint.toString()).redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        boolean done = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        if (!done) {
            System.out.println("DiskFullIT skipped: cannot mount a tmpfs here (" + output.trim()
                    + "); run as root to exercise a real ENOSPC");
        }
        assumeTrue(done, "mounting a tmpfs is not permitted: " + output.trim());
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", mountPoint.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** OVERWRITE_OLDEST here deletes the young records of a few seconds: allowed in writing. */
    private static CapacityPolicy capacity(OnFull onFull) {
        CapacityPolicy policy = CapacityPolicy.unbounded().onFull(onFull).reserveBytes(64 * 1024);
        return onFull == OnFull.OVERWRITE_OLDEST ? policy.overwriteWithinRetention("drill: overwriting within retention on purpose") : policy;
    }

    @ParameterizedTest
    @EnumSource(OnFull.class)
    void deviceFull_eachPolicy_recordsItsOwnRecordsAndResumes(OnFull onFull) throws IOException {
        Path store = mountPoint.resolve("store");
        Path filler = mountPoint.resolve("filler.bin");
        Files.write(filler, new byte[256 * 1024]);
        int refused = 0;
        try (AuditTrail trail = AuditTrail.builder().directory(store).chainId("c").system("sys").host("h")
                .segmentMaxBytes(128 * 1024).alertListener(fixture.alerts::add)
                .capacity(capacity(onFull)).build()) {
            for (int i = 0; i < 20_000 && refused < 3; i++) {
                try {
                    if (!trail.record(TrailFixture.event(i)).recorded()) {
                        refused++;
                    }
                } catch (AuditUnavailableException e) {
                    assertThat(onFull).isEqualTo(OnFull.FAIL_CLOSED);
                    refused++;
                }
            }
            if (onFull == OnFull.OVERWRITE_OLDEST) {
                assertThat(refused).as("overwriting makes room each time the device fills").isZero();
            } else {
                assertThat(refused).isEqualTo(3);
                assertThat(trail.state()).isEqualTo(AuditTrail.State.STOPPED);
                if (onFull == OnFull.FAIL_CLOSED) {
                    assertThatThrownBy(() -> trail.record(TrailFixture.event(0)))
                            .isInstanceOf(AuditUnavailableException.class);
                }
                Files.delete(filler); // the operator frees space
                trail.flush();
                assertThat(trail.state()).isNotEqualTo(AuditTrail.State.STOPPED);
                assertThat(trail.record(TrailFixture.event(1)).recorded()).isTrue();
            }
        }
        Path chain = store.resolve("c");
        if (onFull == OnFull.OVERWRITE_OLDEST) {
            assertThat(fixture.alertKinds()).contains(AlertKind.STORE_IO_ERROR, AlertKind.RETENTION_PURGE,
                    AlertKind.RETENTION_VIOLATION).doesNotContain(AlertKind.RECORDING_STOPPED);
            assertThat(TrailFixture.ofType(chain, EventType.RETENTION_PURGE)).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains("\"reason\":\"device full\""));
        } else {
            assertThat(fixture.alertKinds()).contains(AlertKind.STORE_IO_ERROR, AlertKind.RECORDING_RESUMED);
            assertThat(TrailFixture.ofType(chain, EventType.RECORDING_STOPPED)).hasSize(1);
            // FAIL_CLOSED refuses one more event at the door after the loop
            String notRecorded = "\"not_recorded\":" + (refused + (onFull == OnFull.FAIL_CLOSED ? 1 : 0));
            assertThat(TrailFixture.ofType(chain, EventType.RECORDING_RESUMED)).singleElement()
                    .satisfies(line -> assertThat(line).contains(notRecorded));
        }
        VerificationReport report = AuditVerifier.forDirectory(store).verify();
        assertThat(report.intact()).as("%s", report.problems()).isTrue();
        assertThat(report.problems()).extracting(p -> p.kind())
                .containsOnly(onFull == OnFull.OVERWRITE_OLDEST ? new ProblemKind[0]
                        : new ProblemKind[] {ProblemKind.RECORDING_GAP});
    }
}
