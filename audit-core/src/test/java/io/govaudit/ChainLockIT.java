package io.govaudit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.internal.store.SegmentNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per chain, enforced with an OS file lock (docs/format.md sections 6-7): a second writer in
 * the same JVM or in another process is refused with a {@link ChainLockedException} that says
 * what to do, and the chain opens again once the first writer has closed.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChainLockIT {

    private static final String CHAIN = "node-1";

    @TempDir
    Path store;
    @TempDir
    Path logs;

    private Process child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    private Path lockFile() {
        return store.resolve(CHAIN).resolve(SegmentNames.LOCK_FILE);
    }

    private void assertLocked(ChainLockedException e) {
        assertThat(e.chainId()).isEqualTo(CHAIN);
        assertThat(e.lockFile()).isEqualTo(lockFile());
        assertThat(e.getMessage())
                .contains("'" + CHAIN + "'")
                .contains(lockFile().toString());
    }

    private void assertLockedByAnotherProcess(ChainLockedException e) {
        assertLocked(e);
        assertThat(e.getMessage()).contains("stop the other process or use another chainId");
    }

    private void assertLockedInThisJvm(ChainLockedException e) {
        assertLocked(e);
        assertThat(e.getMessage()).contains("already open in this JVM")
                .contains("close the other AuditTrail of this chain first").doesNotContain("other process");
    }

    @Test
    void open_chainHeldInThisJvm_throwsChainLockedExceptionNamingChainAndLockFile() {
        try (AuditTrail first = TrailFiles.trail(store, CHAIN).build()) {
            assertThatThrownBy(() -> TrailFiles.trail(store, CHAIN).build())
                    .isInstanceOfSatisfying(ChainLockedException.class, this::assertLockedInThisJvm);
            assertThat(first.state()).isEqualTo(AuditTrail.State.RUNNING);
            first.record(TrailFiles.event("still-writing"));
        }

        TrailFiles.trail(store, CHAIN).build().close();

        assertThat(TrailFiles.verify(store).intact()).isTrue();
    }

    @Test
    void open_anotherChainOfTheSameStore_isAllowed() {
        try (AuditTrail first = TrailFiles.trail(store, CHAIN).build();
                AuditTrail second = TrailFiles.trail(store, "node-2").build()) {
            assertThat(first.state()).isEqualTo(AuditTrail.State.RUNNING);
            assertThat(second.state()).isEqualTo(AuditTrail.State.RUNNING);
        }
    }

    @Test
    void open_chainHeldByAnotherProcess_throwsChainLockedExceptionUntilItCloses() throws Exception {
        child = TrailChild.start(logs.resolve("child.err"), "hold", store.toString(), CHAIN);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
        assertThat(out.readLine()).as("child log %s", logs).isEqualTo("READY " + CHAIN);

        assertThatThrownBy(() -> TrailFiles.trail(store, CHAIN).build())
                .isInstanceOfSatisfying(ChainLockedException.class, this::assertLockedByAnotherProcess);

        release(out);
        TrailFiles.trail(store, CHAIN).build().close();
        assertThat(TrailFiles.verify(store).intact()).isTrue();
    }

    @Test
    void open_refusedInThisJvm_doesNotReleaseTheHoldersLockForOtherProcesses() throws Exception {
        try (AuditTrail first = TrailFiles.trail(store, CHAIN).build()) {
            assertThatThrownBy(() -> TrailFiles.trail(store, CHAIN).build()).isInstanceOf(ChainLockedException.class);

            child = TrailChild.start(logs.resolve("child.err"), "hold", store.toString(), CHAIN);
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
            String answer = out.readLine();
            if (answer != null && answer.startsWith("READY")) {
                release(out);
            }

            assertThat(answer).as("another process must still be refused (child log %s)", logs).startsWith("LOCKED ");
            assertThat(answer).contains(lockFile().toString());
            first.record(TrailFiles.event("after"));
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(TrailFiles.verify(store).intact()).isTrue();
    }

    /** Tells the child to close its trail and waits until it has. */
    private void release(BufferedReader out) throws IOException, InterruptedException {
        Writer in = new java.io.OutputStreamWriter(child.getOutputStream(), UTF_8);
        in.write("close\n");
        in.flush();
        assertThat(out.readLine()).isEqualTo("CLOSED");
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child log: %s", Files.readString(logs.resolve("child.err"))).isZero();
    }
}
