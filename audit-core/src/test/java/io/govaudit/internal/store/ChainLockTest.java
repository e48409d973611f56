package io.govaudit.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.ChainLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per chain: the JVM set first, then the OS lock (docs/format.md section 7). */
class ChainLockTest {

    @TempDir
    Path chainDir;

    @Test
    void acquire_chainHeldInThisJvm_refusedWithTheInJvmMessage() throws IOException {
        try (ChainLock first = ChainLock.acquire(chainDir, "node-1")) {
            assertThatThrownBy(() -> ChainLock.acquire(chainDir, "node-1"))
                    .isInstanceOf(ChainLockedException.class)
                    .hasMessageContaining("chain 'node-1' is already open in this JVM")
                    .hasMessageContaining("close the other AuditTrail of this chain first")
                    .satisfies(e -> assertThat(((ChainLockedException) e).lockFile())
                            .isEqualTo(chainDir.resolve(SegmentNames.LOCK_FILE)));
            assertThat(first.isHeld()).isTrue();
        }
    }

    @Test
    void acquire_afterClose_succeedsAgain() throws IOException {
        ChainLock.acquire(chainDir, "node-1").close();

        try (ChainLock again = ChainLock.acquire(chainDir, "node-1")) {
            assertThat(again.isHeld()).isTrue();
        }
    }

    @Test
    void close_calledTwice_doesNotFreeTheChainForAThirdOpener() throws IOException {
        ChainLock first = ChainLock.acquire(chainDir, "node-1");
        first.close();
        try (ChainLock second = ChainLock.acquire(chainDir, "node-1")) {
            first.close();

            assertThat(first.isHeld()).isFalse();
            assertThat(second.isHeld()).isTrue();
            assertThatThrownBy(() -> ChainLock.acquire(chainDir, "node-1"))
                    .isInstanceOf(ChainLockedException.class)
                    .hasMessageContaining("already open in this JVM");
        }
    }

    @Test
    void acquire_lockFileLockedElsewhere_refusedWithTheOtherWriterMessageAndChainLeftFree() throws IOException {
        Path lockFile = chainDir.resolve(SegmentNames.LOCK_FILE);
        try (FileChannel other = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = other.lock()) {
            assertThatThrownBy(() -> ChainLock.acquire(chainDir, "node-1"))
                    .isInstanceOf(ChainLockedException.class)
                    .hasMessageContaining("chain 'node-1' is locked by another writer (lock file " + lockFile)
                    .hasMessageContaining("stop the other process or use another chainId");
            assertThat(held.isValid()).isTrue();
        }

        try (ChainLock after = ChainLock.acquire(chainDir, "node-1")) {
            assertThat(after.isHeld()).isTrue();
        }
    }
}
